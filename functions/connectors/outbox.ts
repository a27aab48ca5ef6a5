import { mkdirSync, renameSync, writeFileSync, appendFileSync } from 'node:fs';
import { join } from 'node:path';

/** What a connector publishes: one version of one post, rendered. */
export interface OutgoingPost {
  /** The idempotency key (the job id): the same post at the same minute on the same channel. */
  readonly key: string;
  readonly channel: string;
  readonly campaign: string;
  readonly post: string;
  readonly variant?: string;
  readonly share: number;
  readonly scheduledAt: number;
  readonly title?: string;
  readonly body?: string;
  readonly tags?: readonly string[];
  readonly cover?: string;
  readonly media?: readonly string[];
}

/** Turns a job id into a file name that works on every file system. */
function safeName(key: string): string {
  return key.replace(/[^A-Za-z0-9._-]+/g, '_');
}

/**
 * The outbox connector: a channel without credentials publishes into `outbox/<channel>/` as one
 * JSON file per post. The file name is the idempotency key and the write is atomic (temp file,
 * then rename), so publishing the same post twice leaves one file.
 */
export class OutboxConnector {
  constructor(private readonly folder: string) {}

  /** Writes the post; returns the path written. */
  publish(post: OutgoingPost): string {
    const folder = join(this.folder, safeName(post.channel));
    mkdirSync(folder, { recursive: true });
    const target = join(folder, `${safeName(post.key)}.json`);
    const temporary = `${target}.tmp-${process.pid}`;
    writeFileSync(temporary, `${JSON.stringify({ ...post, scheduledAt: new Date(post.scheduledAt).toISOString() }, null, 2)}\n`);
    renameSync(temporary, target);
    return target;
  }

  /** Appends a notification to `outbox/notify/<target>.log`. */
  notify(target: string, at: number, message: string): void {
    const folder = join(this.folder, 'notify');
    mkdirSync(folder, { recursive: true });
    appendFileSync(join(folder, `${safeName(target)}.log`), `${new Date(at).toISOString()} ${message.replace(/\n/g, ' ')}\n`);
  }
}

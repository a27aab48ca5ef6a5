import { mkdirSync, renameSync, writeFileSync, appendFileSync } from 'node:fs';
import { join } from 'node:path';
import type { NotifyConnector, OutgoingMessage, OutgoingPost, PublishConnector } from './connector';
import type { PublishResult } from './publish-result';

export type { OutgoingPost } from './connector';

/** A post sent this long after its scheduled minute or later is late (a runner catching up after a stop). */
export const LATE_AFTER_MS = 60_000;

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
    const sentAt = post.sentAt ?? Date.now();
    const timing = { scheduledAt: new Date(post.scheduledAt).toISOString(), sentAt: new Date(sentAt).toISOString(), late: sentAt - post.scheduledAt >= LATE_AFTER_MS };
    writeFileSync(temporary, `${JSON.stringify({ ...post, ...timing }, null, 2)}\n`);
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

/**
 * What the publish and notify faces of the outbox share: a channel or target goes there for
 * `fallbackReason` (no credentials, or no API connector for its platform), and a missing folder or a
 * file-system error becomes a permanent failure that says why it went to the outbox and how to fix it.
 */
abstract class OutboxFallback {
  readonly kind = 'outbox';
  private readonly outbox: OutboxConnector | undefined;

  constructor(private readonly folder: string | undefined, readonly fallbackReason: string) {
    this.outbox = folder === undefined ? undefined : new OutboxConnector(folder);
  }

  /** Runs `write` against the outbox, turning a missing folder or a thrown error into a failed result. */
  protected async writeWith(write: (outbox: OutboxConnector) => PublishResult): Promise<PublishResult> {
    try {
      if (!this.outbox) return failedWrite(undefined, this.fallbackReason);
      return write(this.outbox);
    } catch (error) {
      return failedWrite(this.folder, this.fallbackReason, error);
    }
  }
}

function failedWrite(folder: string | undefined, fallbackReason: string, error?: unknown): PublishResult {
  if (folder === undefined) {
    return { status: 'failed', attempts: 0, reason: `${fallbackReason}; but no outbox folder is configured here: set outboxFolder, or give the channel a connector (未配置 outbox 目录)` };
  }
  const detail = error instanceof Error ? error.message : String(error);
  return { status: 'failed', attempts: 0, reason: `Could not write to the outbox ${folder}: ${detail}; check the folder exists and is writable (无法写入 outbox)` };
}

/** {@link OutboxConnector} behind the {@link PublishConnector} interface. */
export class OutboxPublishConnector extends OutboxFallback implements PublishConnector {
  publish(post: OutgoingPost): Promise<PublishResult> {
    return this.writeWith((outbox) => ({ status: 'published', platformId: outbox.publish(post), attempts: 0 }));
  }
}

/** Notifications into `outbox/notify/<target>.log`, behind the {@link NotifyConnector} interface. */
export class OutboxNotifyConnector extends OutboxFallback implements NotifyConnector {
  notify(message: OutgoingMessage): Promise<PublishResult> {
    return this.writeWith((outbox) => {
      outbox.notify(message.target, message.at, message.title ? `${message.title}: ${message.text}` : message.text);
      return { status: 'published', attempts: 0 };
    });
  }
}

import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { secretVariableName } from '../../functions/secrets/local-secrets';
import type { ChaosOptions } from './options';

/** 2027-01-10 20:00 Asia/Shanghai: the first scheduled minute of the run. */
export const FIRST_POST_AT = Date.UTC(2027, 0, 10, 12, 0);
/** Posts per campaign file (the generated workspace stays readable, and loads like a real one). */
const POSTS_PER_CAMPAIGN = 500;

/** The generated playbooks and the signing secret of each channel. */
export interface ChaosWorkspace {
  readonly playbooksDir: string;
  readonly channels: readonly string[];
  /** Channel id → signing secret; each is also set in this process's FLYWHEEL_SECRET_* variable, which the workers inherit. */
  readonly secrets: ReadonlyMap<string, string>;
  readonly blocked: number;
}

function localMinute(minute: number): string {
  const hour = 20 + Math.floor(minute / 60);
  const day = 10 + Math.floor(hour / 24);
  return `2027-01-${String(day).padStart(2, '0')} ${String(hour % 24).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
}

/**
 * Writes a workspace of `posts` posts over `channels` webhook channels into `folder`/playbooks:
 * every channel's instance is the chaos platform (`url(channel)`) with a `secret:` signing
 * credential; posts are spread over `minutes` minutes from FIRST_POST_AT; a `blockedShare` of
 * them sit in a review-required campaign without approval.
 */
export function writeChaosWorkspace(folder: string, options: ChaosOptions, url: (channel: string) => string): ChaosWorkspace {
  const playbooksDir = join(folder, 'playbooks');
  mkdirSync(join(playbooksDir, 'campaigns'), { recursive: true });
  const channels = Array.from({ length: options.channels }, (_, index) => `hook-${index + 1}`);
  const secrets = new Map<string, string>();
  for (const channel of channels) {
    const secret = randomBytes(24).toString('hex');
    secrets.set(channel, secret);
    process.env[secretVariableName(`chaos/${channel}-signing`)] = secret;
  }
  process.env[secretVariableName('chaos/ops-webhook')] = url('ops');
  writeFileSync(join(playbooksDir, 'workspace.yaml'), `apiVersion: flywheel/v1
kind: Workspace
metadata: { name: chaos, title: 可靠性演练 Reliability run }
spec:
  timezone: Asia/Shanghai
  channels:
${channels.map((id) => `    - { id: ${id}, platform: webhook, instance: "${url(id)}", credentials: "secret:chaos/${id}-signing", rateLimit: { perMinute: 100000 } }`).join('\n')}
  notify:
    - { id: ops, type: webhook, url: "secret:chaos/ops-webhook" }
  people:
    - { id: duty, name: 值班编辑, notify: ops }
`);
  const blocked = Math.round(options.posts * options.blockedShare);
  const post = (index: number) =>
    `    - { id: p${String(index).padStart(5, '0')}, at: "${localMinute(index % options.minutes)}", channels: [${channels[index % channels.length]}], title: "演练第 ${index} 条", body: "第 ${index} 条内容, 用于可靠性演练。" }`;
  const regular = options.posts - blocked;
  for (let start = 0, file = 1; start < regular; start += POSTS_PER_CAMPAIGN, file += 1) {
    const indexes = Array.from({ length: Math.min(POSTS_PER_CAMPAIGN, regular - start) }, (_, offset) => start + offset);
    writeFileSync(join(playbooksDir, 'campaigns', `chaos-${file}.yaml`), campaign(`chaos-${file}`, '', indexes.map(post)));
  }
  if (blocked > 0) {
    const indexes = Array.from({ length: blocked }, (_, offset) => regular + offset);
    writeFileSync(join(playbooksDir, 'campaigns', 'awaiting-review.yaml'), campaign('awaiting-review', '  review: required\n', indexes.map(post)));
  }
  return { playbooksDir, channels, secrets, blocked };
}

function campaign(name: string, extra: string, posts: string[]): string {
  return `apiVersion: flywheel/v1
kind: Campaign
metadata: { name: ${name} }
spec:
  window: { start: 2027-01-01, end: 2027-01-31 }
  owner: duty
${extra}  posts:
${posts.join('\n')}
`;
}

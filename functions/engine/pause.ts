/*
 * The workspace's pause (spec v1.1 `pause` step, `flywheel pause` / `resume`): while a pause is on,
 * publish jobs on its channels or campaigns are held — not sent, not dropped — and each gives
 * `post.held`. One record per workspace: the scope while paused, and the posts held so far, which
 * wait for a person (`flywheel resume --release`) even after the pause ends.
 */
import type { PublishJob } from '../../core/index';

/** What a pause holds: every channel, some channels, or some campaigns. */
export type PauseScope = { readonly channels: 'all' | readonly string[] } | { readonly campaigns: readonly string[] };

/** A post held by a pause, by its publish job. */
export interface HeldPost {
  readonly jobId: string;
  readonly at: number;
  readonly campaign: string;
  readonly post: string;
  readonly channel: string;
  readonly variant?: string;
}

/** The pause record: `scope` is set while paused; `held` lists what waits for a person. */
export interface PauseState {
  readonly scope?: PauseScope;
  /** When the pause started (epoch ms). */
  readonly since?: number;
  /** The check whose SOP started it: the pause ends when that check resolves. */
  readonly check?: string;
  /** Who started it: a person (flywheel pause --by) or `sop:<name>/<step>`. */
  readonly by?: string;
  readonly held: readonly HeldPost[];
}

/** Whether a pause holds this publish job. */
export function holds(pause: PauseState | undefined, job: Pick<PublishJob, 'channel' | 'campaign'>): boolean {
  const scope = pause?.scope;
  if (!scope) return false;
  if ('campaigns' in scope) return scope.campaigns.includes(job.campaign);
  return scope.channels === 'all' || scope.channels.includes(job.channel);
}

/** The record with a post added to the held list (once per job). */
export function withHeld(pause: PauseState, job: PublishJob): PauseState {
  if (pause.held.some((held) => held.jobId === job.id)) return pause;
  const held: HeldPost = { jobId: job.id, at: job.at, campaign: job.campaign, post: job.post, channel: job.channel, ...(job.variant ? { variant: job.variant } : {}) };
  return { ...pause, held: [...pause.held, held] };
}

/** The record once the pause ends: the scope goes, the held posts stay for a person. */
export function ended(pause: PauseState): PauseState {
  return { held: pause.held };
}

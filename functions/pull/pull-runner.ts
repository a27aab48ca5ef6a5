import { nextRuns, parseSchedule, type Channel, type PullJob, type Schedule, type Source } from '../../core/index';
import type { Definitions } from '../engine/definitions';
import { sopStepJobId, startSopsFor, type EngineContext, type SopStepOccurrence } from '../engine/handlers';
import type { FlywheelStore } from '../store/index';
import { mastodonCredentialFix } from './mastodon';
import { wechatCredentialFix } from './wechat-oa';
import { pullSource, type PullContext, type SourceResult } from './pull-source';

/** A source's credentials (or its caller's IP) were refused: raised once per failure, an SOP trigger. */
export interface CredentialFailedEvent {
  readonly type: 'credential.failed';
  readonly at: number;
  readonly source: string;
  readonly channel?: string;
  /** What a person must renew or fix, in English and Chinese. */
  readonly renew: string;
  readonly reason: string;
}

export interface PullRunnerOptions {
  readonly jobs: readonly PullJob[];
  readonly sources: readonly Source[];
  /** The workspace's channels, for publishes that fail on credentials. */
  readonly channels: readonly Channel[];
  /** What a pull at `now` needs (the same store, model and connectors as the runner's). */
  readonly context: (now: number) => PullContext;
  readonly store: FlywheelStore;
  /** The SOPs started by `credential.failed`. */
  readonly definitions: Definitions;
  readonly log: (result: SourceResult, event?: CredentialFailedEvent) => void;
}

/** The state row that remembers a failing credential, so it is raised once per failure. */
const stateId = (result: SourceResult) => `credential/${result.channel ?? result.id}`;

/**
 * Pulls each source on its schedule in a local run (docs/decisions.md, decision 11, the runner's side):
 * every source once at start, so a restart catches up (WeChat continues from its last stored
 * day), then at each scheduled minute. A pull refused for its credentials raises
 * `credential.failed` once, until a pull of that channel succeeds again, and starts the SOPs
 * that take it as their trigger.
 */
export class PullRunner {
  private readonly due = new Map<string, number>();
  private readonly schedules = new Map<string, Schedule>();

  constructor(private readonly options: PullRunnerOptions) {
    for (const job of options.jobs) {
      const parsed = parseSchedule(job.schedule);
      if (parsed.ok) this.schedules.set(job.id, parsed.schedule);
    }
  }

  /** Pulls every source now and schedules the next pulls. */
  async start(now: number): Promise<SourceResult[]> {
    const results: SourceResult[] = [];
    for (const job of this.options.jobs) results.push(await this.run(job, now));
    return results;
  }

  /** Pulls the sources due at or before `now`. */
  async tick(now: number): Promise<SourceResult[]> {
    const results: SourceResult[] = [];
    for (const job of this.options.jobs) {
      const due = this.due.get(job.id);
      if (due !== undefined && due <= now) results.push(await this.run(job, now));
    }
    return results;
  }

  private async run(job: PullJob, now: number): Promise<SourceResult> {
    const schedule = this.schedules.get(job.id);
    const next = schedule ? nextRuns(schedule, { after: now, zone: job.zone, count: 1, rateAnchor: now })[0] : undefined;
    if (next === undefined) this.due.delete(job.id);
    else this.due.set(job.id, next);
    const source = this.options.sources.find((candidate) => candidate.id === job.target);
    if (!source) return { id: job.target, status: 'skipped', points: 0, new: 0, message: 'not in the workspace' };
    const result = await pullSource(this.options.context(now), source);
    this.options.log(result, await this.recordCredential(result, now));
    return result;
  }

  /**
   * A publish that failed: when the platform refused the channel's credentials, raises
   * credential.failed as a pull does (once per failure); the event, or undefined.
   */
  async publishFailed(failure: { channel: string; reason: string; at: number }): Promise<CredentialFailedEvent | undefined> {
    const channel = this.options.channels.find((candidate) => candidate.id === failure.channel);
    if (!channel?.credentials) return undefined;
    const renew = channel.platform === 'wechat-oa' ? wechatCredentialFix(failure.reason, channel.id, channel.credentials)
      : channel.platform === 'mastodon' && /\b401\b|access token is invalid/i.test(failure.reason) ? mastodonCredentialFix(channel.id, channel.credentials) : undefined;
    if (!renew) return undefined;
    return this.recordCredential({ id: `publish:${channel.id}`, status: 'failed', points: 0, new: 0, channel: channel.id, message: failure.reason, credential: { renew } }, failure.at);
  }

  /** Remembers a failing credential; the event when this failure is new, none while it lasts. */
  private async recordCredential(result: SourceResult, now: number): Promise<CredentialFailedEvent | undefined> {
    const { store } = this.options;
    if (result.status === 'skipped') return undefined;
    const id = stateId(result);
    const stored = await store.getCheckState(id);
    const failing = stored?.state.failing === true;
    if (result.status === 'ok' || !result.credential) {
      if (failing && result.status === 'ok') await store.putCheckState(id, { failing: false, since: now }, stored?.version ?? 0);
      return undefined;
    }
    if (failing) return undefined;
    await store.putCheckState(id, { failing: true, since: now, renew: result.credential.renew }, stored?.version ?? 0);
    const event: CredentialFailedEvent = {
      type: 'credential.failed', at: now, source: result.id, ...(result.channel ? { channel: result.channel } : {}), renew: result.credential.renew, reason: result.message ?? '',
    };
    await store.appendEvent({ at: now, type: event.type, detail: { ...event } });
    const steps: SopStepOccurrence[] = [];
    // startSop reads only the definitions and schedules the steps: the rest of an engine context is not needed here.
    const sopContext = { definitions: this.options.definitions, schedule: (step: SopStepOccurrence) => steps.push(step) } as Pick<EngineContext, 'definitions' | 'schedule'> as EngineContext;
    startSopsFor(sopContext, { event: 'credential.failed', ...(result.channel ? { channel: result.channel } : {}) }, now);
    if (steps.length > 0) {
      await store.putJobs(steps.map((step) => ({ id: sopStepJobId(step), kind: 'sop-step' as const, dueAt: step.at, payload: { step } as never })));
    }
    return event;
  }
}

import * as z from 'zod/mini';
import {
  buildMetricCatalogue, formatIdInstant, indexPoints, formatLocal, localize, text, workspaceLanguage, type FileProvider, type Job, type LocalizedText, type Plan, type PublishJob,
  type WorkspaceModel,
} from '../../core/index';
import { createHash } from 'node:crypto';
import {
  LATE_AFTER_MS, OutboxNotifyConnector, OutboxPublishConnector, createNotifyConnector, createPublishConnector, type ConnectorDeps, type NotifyConnector, type PublishConnector,
} from '../connectors/index';
import { alertsFor } from '../lambda/alerts';
import { resolveLocalSecret } from '../secrets/local-secrets';
import type { FlywheelStore, StoredJob } from '../store/index';
import { nextDue, reconcilePlan } from '../sync/index';
import { listLoggedEvents } from './build-review';
import { holds } from './pause';
import { collectDefinitions, type Definitions } from './definitions';
import type { EngineEvent } from './events';
import { runOccurrence, sopStepJobId, type EngineContext, type Occurrence, type SendOutcome, type SopStepOccurrence } from './handlers';
import { compareOccurrences } from './occurrence-queue';
import type { EngineState } from './state';
import { loadMetricReads, loadOccurrenceMetrics, listWorkspaceReads, type ReadScope } from './metric-reads';
import { renderPost } from './render-post';
import { CLAIM_LIFETIME_MS, StoreEngineState } from './store-state';

/** Every metric the workspace's checks, goals and A/B tests read (with the parts of derived ones), from the store, up to `now`. */
export async function loadMetricIndex(store: FlywheelStore, model: WorkspaceModel, now: number): Promise<EngineContext['metrics']> {
  const catalogue = buildMetricCatalogue(model.workspaces[0]?.value.spec.metrics);
  return loadMetricReads(store, listWorkspaceReads({ model, definitions: collectDefinitions(model), catalogue }, now), catalogue, now);
}

export { CATCH_UP_MS } from '../sync/index';

/** A due item with what it resolved to. */
interface ResolvedItem {
  readonly item: StoredJob;
  readonly occurrence?: Occurrence;
  readonly job?: Job;
}

export interface LocalRunnerOptions {
  readonly model: WorkspaceModel;
  readonly plan: Plan;
  readonly store: FlywheelStore;
  readonly files: FileProvider;
  /** Where posts of channels without credentials set locally go (`<channel>/<job>.json`), and notifications (`notify/<target>.log`). */
  readonly outboxFolder: string;
  /** Where the runner says what it does (the console). */
  readonly log: (event: EngineEvent) => void;
  /** Who this runner is, recorded in every publish claim it takes, so a claim it leaves behind can say who left it. */
  readonly holder?: RunnerIdentity;
  /** Told of each post sent LATE_AFTER_MS or more after its scheduled minute (caught up after a stop). */
  readonly late?: (post: LatePost) => void;
}

/** A runner process: its pid, host and start time (epoch ms). */
export interface RunnerIdentity {
  readonly pid: number;
  readonly host: string;
  readonly startedAt: number;
}

const RunnerIdentitySchema = z.object({ pid: z.int(), host: z.string(), startedAt: z.int() });

/** A post that went out late, and when. */
export interface LatePost {
  readonly job: PublishJob;
  /** When it was sent, epoch ms (its scheduled instant is `job.at`). */
  readonly sentAt: number;
}

/** What a publish claim found: the right to send, an outcome already recorded, or a claim left by a runner that stopped. */
type ClaimFinding = { readonly kind: 'fresh' } | { readonly kind: 'settled' } | { readonly kind: 'abandoned'; readonly reason: string };

/** Why a post whose claim a stopped runner left is unconfirmed, naming that runner when its claim says who it was. */
function abandonedClaimReason(holder: string | undefined, zone: string): LocalizedText {
  let runner: RunnerIdentity | undefined;
  try {
    runner = holder === undefined ? undefined : RunnerIdentitySchema.parse(JSON.parse(holder));
  } catch {
    runner = undefined;
  }
  const since = runner ? `${formatLocal(runner.startedAt, zone)} ${zone}` : '';
  const who = runner
    ? text(` (flywheel run, pid ${runner.pid} on ${runner.host}, started ${since})`, `（flywheel run，进程 ${runner.pid}，主机 ${runner.host}，启动于 ${since}）`)
    : text('', '');
  return text(
    `The runner that claimed this post${who.en} stopped before it knew whether the post was sent: it may have gone out, check the platform; it is not sent again`,
    `认领这条内容的运行器${who.zh}在得知发送结果前已停止：内容可能已发出，请到平台后台核对；不会重发`,
  );
}

/**
 * The local mode's engine: keeps the plan's due occurrences in the store (a due-items queue),
 * and at each tick runs what is due through the same handlers as the simulator and the Lambdas.
 */
export class LocalRunner {
  private readonly definitions: Definitions;
  /** What working out an occurrence's metric reads needs. */
  private readonly readScope: ReadScope;
  private readonly state: StoreEngineState;
  private readonly jobsById: Map<string, Job>;
  /** Each channel's connector: its platform's when its credentials are set locally, else the outbox. */
  private readonly channelConnectors = new Map<string, PublishConnector>();
  /** Each notify target's connector: its bot's when its URL is set locally, else the outbox. */
  private readonly notifyConnectors = new Map<string, NotifyConnector>();
  /** The engine state with publish claims settled by the runner itself (see claim). */
  private readonly claimedState: EngineState;
  /** The clock of the current tick: its `now`, advanced by the time the tick has taken. */
  private tickClock: () => number = Date.now;
  /** Posts just sent late, by job id: said after the post's own event line. */
  private readonly lateSends = new Map<string, number>();
  /** The earliest instant queued while running a batch: a step or next occurrence due before the batch's next instant. */
  private earliestQueued = Number.POSITIVE_INFINITY;

  constructor(private readonly options: LocalRunnerOptions) {
    this.definitions = collectDefinitions(options.model);
    const catalogue = buildMetricCatalogue(options.model.workspaces[0]?.value.spec.metrics);
    this.readScope = { model: options.model, definitions: this.definitions, catalogue, timezone: options.plan.timezone };
    this.state = new StoreEngineState(options.store);
    const state = this.state;
    this.claimedState = {
      getCheckState: (check) => state.getCheckState(check),
      putCheckState: (check, value) => state.putCheckState(check, value),
      getKeyResultStatus: (goal, keyResult) => state.getKeyResultStatus(goal, keyResult),
      putKeyResultStatus: (goal, keyResult, report) => state.putKeyResultStatus(goal, keyResult, report),
      claimPublish: async () => true,
      getAcknowledgement: (check) => state.getAcknowledgement(check),
      putAcknowledgement: (check, acknowledgement) => state.putAcknowledgement(check, acknowledgement),
      getPause: () => state.getPause(),
      putPause: (pause) => state.putPause(pause),
    };
    this.jobsById = new Map(options.plan.jobs.map((job) => [job.id, job]));
    const workspace = options.model.workspaces[0]?.value.spec;
    // One limiter map for every connector, so a channel and a notify target on the same bot share its budget.
    const deps: ConnectorDeps = {
      resolveSecret: async (reference) => resolveLocalSecret(reference) ?? '', outboxFolder: options.outboxFolder, rateLimiters: new Map(),
      // Covers are read from the playbooks folder (WeChat uploads a post's own cover).
      readMedia: (path) => options.files.readFile(path), mediaIds: new Map(),
    };
    for (const channel of workspace?.channels ?? []) {
      // Locally, a channel whose credentials are not set publishes to the outbox instead of failing.
      const ready = channel.credentials === undefined ? channel.platform === 'webhook' && channel.instance !== undefined : resolveLocalSecret(channel.credentials) !== undefined;
      this.channelConnectors.set(channel.id, ready
        ? createPublishConnector(channel, deps)
        : new OutboxPublishConnector(options.outboxFolder, `Channel ${channel.id} has no credentials set locally: posts go to the outbox (渠道凭据未在本地设置, 内容写入 outbox)`));
    }
    for (const target of workspace?.notify ?? []) {
      const ready = target.url !== undefined && (resolveLocalSecret(target.url) !== undefined || (target.type === 'webhook' && /^https?:\/\//.test(target.url)));
      this.notifyConnectors.set(target.id, ready
        ? createNotifyConnector(target, deps)
        : new OutboxNotifyConnector(options.outboxFolder, `Notify target ${target.id} has no URL set locally: messages go to the outbox (通知目标 URL 未在本地设置, 消息写入 outbox)`));
    }
  }

  /**
   * Makes the stored queue match the plan: the next occurrence of every job after `since` (the
   * last time the runner ran, so what came due while it was stopped still runs, at most
   * CATCH_UP_MS late; on a first start, `now`), none for jobs that left the plan or changed.
   * Returns how many occurrences were queued.
   */
  async sync(now: number, since: number = now): Promise<number> {
    // The same reconciliation as the cloud's sync step (functions/sync), with the runner's last tick as `since`.
    return (await reconcilePlan(this.options.store, this.options.plan, { now, since })).written;
  }

  /**
   * Runs every occurrence due at or before `now` in time order (scheduled instant, then kind and
   * id, as the simulator orders them), so a runner catching up after a stop runs what it missed as
   * it would have; returns how many ran. At one instant, posts for different channels go out side by
   * side (each channel keeps its own pace and rate limit), then everything else, one at a time.
   */
  async tick(now: number): Promise<number> {
    const startedAt = Date.now();
    this.tickClock = () => now + (Date.now() - startedAt);
    let ran = 0;
    for (let due = await this.options.store.listDueJobs(now, 200); due.length > 0; due = await this.options.store.listDueJobs(now, 200)) {
      const resolved = due.map((item) => ({ item, ...this.resolve(item) }));
      // One load per batch: the union of the windows its checks, tracking and A/B verdicts read.
      const occurrences = resolved.flatMap(({ occurrence }) => (occurrence ? [occurrence] : []));
      const metrics = await loadOccurrenceMetrics(this.options.store, this.readScope, occurrences, now);
      const instants = [...new Set(due.map((item) => item.dueAt))].sort((left, right) => left - right);
      for (const [index, instant] of instants.entries()) {
        this.earliestQueued = Number.POSITIVE_INFINITY;
        ran += await this.runInstant(resolved.filter(({ item }) => item.dueAt === instant), metrics);
        // Something queued by this instant comes before the batch's next one: fetch again, in order.
        const next = instants[index + 1];
        if (next !== undefined && this.earliestQueued <= Math.min(next, now)) break;
      }
    }
    return ran;
  }

  /**
   * Sends posts a pause held, now, oldest first (`flywheel resume --release`): each is claimed and
   * sent through its channel as at its own time, and reported to `late`. Jobs no longer in the plan
   * are left out; returns the ids sent.
   */
  async release(jobIds: readonly string[], now: number): Promise<string[]> {
    const startedAt = Date.now();
    this.tickClock = () => now + (Date.now() - startedAt);
    const jobs = jobIds.flatMap((id) => {
      const job = this.jobsById.get(id);
      return job?.kind === 'publish' ? [job] : [];
    }).sort((left, right) => left.at - right.at);
    const metrics = { index: indexPoints([]), catalogue: this.readScope.catalogue };
    for (const job of jobs) await this.runOne({ kind: 'job', job, at: now }, metrics);
    return jobs.map((job) => job.id);
  }

  /** Delivers events raised outside the plan (an acknowledgement and its announcement): notifications sent, all recorded and logged. */
  async announce(events: readonly EngineEvent[]): Promise<void> {
    for (const event of events) {
      if (event.type === 'notify') await this.notify(event.target, event.at, event.message, event.title);
      await this.options.store.appendEvent({ at: event.at, type: event.type, detail: JSON.parse(JSON.stringify(event)) });
      this.options.log(event);
    }
  }

  /** Runs the items due at one instant: posts per channel side by side, then the rest in order. */
  private async runInstant(entries: ResolvedItem[], metrics: EngineContext['metrics']): Promise<number> {
    const ordered = [...entries].sort((left, right) => {
      if (left.occurrence && right.occurrence) return compareOccurrences(left.occurrence, right.occurrence);
      if (left.occurrence || right.occurrence) return left.occurrence ? -1 : 1;
      return left.item.id < right.item.id ? -1 : left.item.id > right.item.id ? 1 : 0;
    });
    const byChannel = new Map<string, ResolvedItem[]>();
    const rest: ResolvedItem[] = [];
    for (const entry of ordered) {
      if (entry.job?.kind === 'publish') byChannel.set(entry.job.channel, [...(byChannel.get(entry.job.channel) ?? []), entry]);
      else rest.push(entry);
    }
    await Promise.all([...byChannel.values()].map(async (channelEntries) => {
      for (const entry of channelEntries) await this.runItem(entry, metrics);
    }));
    for (const entry of rest) await this.runItem(entry, metrics);
    return ordered.length;
  }

  /** The occurrence a stored item stands for, and its job; neither for a job that left the plan. */
  private resolve(item: StoredJob): { occurrence?: Occurrence; job?: Job } {
    const payload = item.payload as { jobId?: string; step?: SopStepOccurrence };
    const job = payload.jobId === undefined ? undefined : this.jobsById.get(payload.jobId);
    const occurrence: Occurrence | undefined = payload.step ?? (job ? { kind: 'job', job, at: item.dueAt } : undefined);
    return { ...(occurrence ? { occurrence } : {}), ...(job ? { job } : {}) };
  }

  /** Runs one stored occurrence, marks it done, and queues the job's next occurrence. */
  private async runItem({ item, occurrence, job }: ResolvedItem, metrics: EngineContext['metrics']): Promise<void> {
    if (occurrence) await this.runOne(occurrence, metrics);
    await this.options.store.markJobDone(item.id, item.dueAt);
    if (job) {
      const next = nextDue(job, item.dueAt);
      if (next !== undefined) {
        this.earliestQueued = Math.min(this.earliestQueued, next);
        await this.options.store.putJobs([{ id: `${job.id}@${formatIdInstant(next)}#${job.hash}`, kind: job.kind, dueAt: next, payload: { jobId: job.id } }]);
      }
    }
  }

  /**
   * Claims a post before it is sent (at most once, docs/decisions.md, decision 5). A claim without an
   * outcome was left by a runner that stopped mid-publish: only one runner serves a workspace (its
   * lock), so that runner is gone, and whether the platform got the post is unknown. Like the
   * cloud's publish function, it becomes `unconfirmed`, never sent again.
   */
  private async claim(job: PublishJob): Promise<ClaimFinding> {
    const { store } = this.options;
    const claimed = await store.claimPublish(job.id, { jobId: job.id, expiresAt: this.tickClock() + CLAIM_LIFETIME_MS, ...(this.options.holder ? { holder: JSON.stringify(this.options.holder) } : {}) });
    if (claimed === 'claimed') return { kind: 'fresh' };
    const record = await store.getPublishRecord(job.id);
    if (record?.status !== 'claimed') return { kind: 'settled' };
    const reason = localize(abandonedClaimReason(record.holder, this.options.plan.timezone), workspaceLanguage(this.options.model));
    await store.recordPublishOutcome(job.id, { status: 'unconfirmed', detail: reason });
    return { kind: 'abandoned', reason };
  }

  /** Sends a post through its channel's connector and records the outcome against its claim. */
  private async send(job: PublishJob): Promise<SendOutcome> {
    const sentAt = this.tickClock();
    const post = { ...renderPost(this.options.model, this.options.files, job), sentAt };
    const connector = this.channelConnectors.get(job.channel) ?? new OutboxPublishConnector(this.options.outboxFolder, `Channel ${job.channel} is not in the workspace`);
    const result = await connector.publish(post);
    if (result.status === 'published' && sentAt - job.at >= LATE_AFTER_MS) this.lateSends.set(job.id, sentAt);
    if (result.status === 'published') {
      const detail = connector.kind === 'outbox' ? 'outbox' : `attempts: ${result.attempts}`;
      await this.options.store.recordPublishOutcome(job.id, { status: 'published', ...(result.platformId && connector.kind !== 'outbox' ? { platformId: result.platformId } : {}), detail });
      return result.platformId && connector.kind !== 'outbox' ? { status: 'published', platformId: result.platformId } : { status: 'published' };
    }
    await this.options.store.recordPublishOutcome(job.id, { status: result.status, detail: result.reason });
    return { status: result.status, reason: result.reason };
  }

  /** Delivers a notification; one its target's bot did not take is kept in the outbox rather than lost. */
  private async notify(target: string, at: number, message: string, title?: string): Promise<void> {
    const fallback = () => new OutboxNotifyConnector(this.options.outboxFolder, `Notify target ${target} is not in the workspace`);
    const connector = this.notifyConnectors.get(target) ?? fallback();
    const key = createHash('sha256').update(`${target}\u0000${at}\u0000${message}`).digest('hex').slice(0, 32);
    const result = await connector.notify({ key, target, at, text: message, ...(title === undefined ? {} : { title }) });
    if (result.status !== 'published' && connector.kind !== 'outbox') {
      await new OutboxNotifyConnector(this.options.outboxFolder, result.reason).notify({ key, target, at, text: `[${connector.kind} ${result.status}: ${result.reason}] ${message}`, ...(title === undefined ? {} : { title }) });
    }
  }

  private async runOne(occurrence: Occurrence, metrics: EngineContext['metrics']): Promise<void> {
    const publishJob = occurrence.kind === 'job' && occurrence.job.kind === 'publish' ? occurrence.job : undefined;
    // A held post is not claimed: it stays free for `flywheel resume --release`.
    const held = publishJob !== undefined && holds(await this.state.getPause(), publishJob);
    const finding = publishJob && !held ? await this.claim(publishJob) : undefined;
    if (finding?.kind === 'settled') return;
    const events: EngineEvent[] = [];
    const steps: SopStepOccurrence[] = [];
    const context: EngineContext = {
      model: this.options.model, definitions: this.definitions, metrics, timezone: this.options.plan.timezone,
      state: publishJob ? this.claimedState : this.state,
      publish: finding?.kind === 'abandoned' ? async () => ({ status: 'unconfirmed', reason: finding.reason }) : (job) => this.send(job),
      emit: (event) => events.push(event),
      schedule: (step) => steps.push(step),
      listEvents: (fromExclusive, toInclusive) => listLoggedEvents(this.options.store, fromExclusive, toInclusive),
    };
    await runOccurrence(context, occurrence);
    // A post that failed or whose outcome is unknown is never silent: its owner hears of it, as in the cloud.
    if (publishJob) events.push(...alertsFor(this.options.model, publishJob, events));
    for (const event of events) {
      if (event.type === 'post.blocked' && occurrence.kind === 'job') {
        await this.options.store.recordPublishOutcome(occurrence.job.id, { status: 'blocked', detail: event.reason });
      } else if (event.type === 'notify') {
        await this.notify(event.target, event.at, event.message, event.title);
      }
      await this.options.store.appendEvent({ at: event.at, type: event.type, detail: JSON.parse(JSON.stringify(event)) });
      this.options.log(event);
    }
    const lateAt = publishJob ? this.lateSends.get(publishJob.id) : undefined;
    if (publishJob && lateAt !== undefined) {
      this.lateSends.delete(publishJob.id);
      this.options.late?.({ job: publishJob, sentAt: lateAt });
    }
    if (steps.length > 0) {
      this.earliestQueued = Math.min(this.earliestQueued, ...steps.map((step) => step.at));
      await this.options.store.putJobs(steps.map((step) => ({ id: sopStepJobId(step), kind: 'sop-step' as const, dueAt: step.at, payload: { step } as never })));
    }
  }
}

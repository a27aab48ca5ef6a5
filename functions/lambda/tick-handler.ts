import type { Context } from 'aws-lambda';
import { formatIdInstant } from '../../core/compile/compile-plan';
import type { JobKind, StoredJob } from '../store/index';
import type { FlywheelStore } from '../store/index';
import type { LoadedPlan } from '../sync/bundle-file';
import { nextDue } from '../sync/next-due';
import type { SendOutcome } from './queues';
import { adoptContext, flushMetrics, type Observability } from './runtime';
import { TickEventSchema, WorkMessageSchema } from './schemas';

/** The work queues the tick feeds. */
export type WorkQueue = 'publish' | 'check' | 'track' | 'sop';

/** Which queue runs each kind of due item. */
export const QUEUE_OF: Readonly<Record<JobKind, WorkQueue>> = {
  publish: 'publish', 'read-back': 'publish', check: 'check', track: 'track', ab: 'track', sop: 'sop', 'sop-step': 'sop', reminder: 'sop',
};

/** Due items read per Query page. */
const PAGE = 200;
/** At most this many items per tick; the rest waits a minute (a backlog after an outage drains over a few ticks). */
export const MAX_ITEMS_PER_TICK = 2_000;

export interface TickHandlerDeps extends Observability {
  readonly store: FlywheelStore;
  /** The plan's jobs: the tick needs no workspace model. */
  readonly bundle: LoadedPlan;
  /** Sends messages to a work queue, in batches; reports which ids went. */
  readonly dispatch: (queue: WorkQueue, messages: ReadonlyArray<{ id: string; body: string }>) => Promise<SendOutcome>;
  readonly now: () => number;
  /** @default MAX_ITEMS_PER_TICK */
  readonly maxItems?: number;
}

/** What one tick did. */
export interface TickResult {
  readonly dispatched: number;
  readonly byQueue: Record<WorkQueue, number>;
  /** Items SQS did not take: still pending, sent again next tick. */
  readonly failed: number;
  /** Items for jobs this deployment's plan no longer has: marked done without running. */
  readonly dropped: number;
}

/**
 * The minute tick: reads the due items (one Query on the sparse due index), sends each to the
 * queue of its kind, then marks it done and queues the job's next occurrence. Sending comes
 * before marking, so a crash in between sends an item twice rather than never; the publish claim
 * and the idempotent handlers absorb the repeat.
 */
export function createTickHandler(deps: TickHandlerDeps): (event: unknown, context?: Context) => Promise<TickResult> {
  const maxItems = deps.maxItems ?? MAX_ITEMS_PER_TICK;
  return async (event, context) => {
    adoptContext(deps.logger, context);
    const input = TickEventSchema.parse(event ?? {});
    const now = deps.now();
    const byQueue: Record<WorkQueue, number> = { publish: 0, check: 0, track: 0, sop: 0 };
    let failed = 0;
    let dropped = 0;
    // The due index is eventually consistent: an item marked done a moment ago can be listed again.
    const seen = new Set<string>();
    try {
      while (seen.size < maxItems) {
        const due = (await deps.store.listDueJobs(now, PAGE)).filter((item) => !seen.has(item.id));
        if (due.length === 0) break;
        const batch = due.slice(0, maxItems - seen.size);
        for (const item of batch) seen.add(item.id);
        const outcome = await dispatchItems(deps, batch);
        failed += outcome.failed;
        dropped += outcome.dropped;
        for (const queue of Object.keys(byQueue) as WorkQueue[]) byQueue[queue] += outcome.byQueue[queue];
        // Items SQS refused stay pending; stop here rather than list them again at once.
        if (outcome.failed > 0) break;
      }
      const dispatched = byQueue.publish + byQueue.check + byQueue.track + byQueue.sop;
      deps.metrics.addMetric('Dispatched', 'Count', dispatched);
      if (failed > 0) deps.metrics.addMetric('DispatchFailed', 'Count', failed);
      deps.logger.info('Tick', { now: new Date(now).toISOString(), scheduledTime: input.scheduledTime, dispatched, byQueue, failed, dropped });
      return { dispatched, byQueue, failed, dropped };
    } finally {
      flushMetrics(deps.metrics);
    }
  };
}

async function dispatchItems(deps: TickHandlerDeps, items: readonly StoredJob[]): Promise<Omit<TickResult, 'dispatched'>> {
  const byQueue: Record<WorkQueue, number> = { publish: 0, check: 0, track: 0, sop: 0 };
  const grouped = new Map<WorkQueue, Array<{ id: string; body: string }>>();
  const itemsById = new Map(items.map((item) => [item.id, item]));
  /** The run each item stands for (a late recurring item stands for its job's latest run). */
  const runAt = new Map<string, number>();
  let dropped = 0;
  for (const item of items) {
    const message = WorkMessageSchema.safeParse({ id: item.id, kind: item.kind, dueAt: item.dueAt, payload: item.payload });
    const jobId = message.success && 'jobId' in message.data.payload ? message.data.payload.jobId : undefined;
    if (!message.success || (jobId !== undefined && !deps.bundle.jobsById.has(jobId))) {
      // Left over from an older plan (sync removes these) or unreadable: nothing can run it.
      deps.logger.warn('Dropped a due item nothing can run', { item: item.id });
      await deps.store.markJobDone(item.id, item.dueAt);
      dropped += 1;
      continue;
    }
    const queue = QUEUE_OF[item.kind];
    const latest = jobId === undefined ? undefined : latestDue(deps, jobId, item.dueAt);
    const run = latest === undefined ? message.data : { ...message.data, id: latest.id, dueAt: latest.dueAt };
    runAt.set(item.id, run.dueAt);
    grouped.set(queue, [...(grouped.get(queue) ?? []), { id: item.id, body: JSON.stringify(run) }]);
  }
  let failed = 0;
  for (const [queue, messages] of grouped) {
    const outcome = await deps.dispatch(queue, messages);
    for (const failure of outcome.failed) deps.logger.error('A work queue did not take an item; it stays due', { item: failure.id, queue, reason: failure.reason });
    failed += outcome.failed.length;
    for (const id of outcome.sent) {
      const item = itemsById.get(id);
      if (!item) continue;
      byQueue[queue] += 1;
      await completeItem(deps, item, runAt.get(id) ?? item.dueAt);
    }
  }
  return { byQueue, failed, dropped };
}

/**
 * For a recurring job several runs behind (the tick was stopped), the latest run due by now:
 * missed runs collapse into one, as a check or a goal is read at the time it runs. Undefined
 * when the item itself is the latest.
 */
function latestDue(deps: TickHandlerDeps, jobId: string, dueAt: number): { id: string; dueAt: number } | undefined {
  const job = deps.bundle.jobsById.get(jobId);
  if (!job || job.kind === 'publish' || job.kind === 'reminder' || job.kind === 'ab') return undefined;
  const now = deps.now();
  let latest = dueAt;
  for (let next = nextDue(job, latest); next !== undefined && next <= now; next = nextDue(job, latest)) latest = next;
  return latest === dueAt ? undefined : { id: `${job.id}@${formatIdInstant(latest)}#${job.hash}`, dueAt: latest };
}

/** Marks a dispatched item done and queues its job's next occurrence after the run that was sent. */
async function completeItem(deps: TickHandlerDeps, item: StoredJob, ranAt: number): Promise<void> {
  await deps.store.markJobDone(item.id, item.dueAt);
  const jobId = (item.payload as { jobId?: string }).jobId;
  const job = jobId === undefined ? undefined : deps.bundle.jobsById.get(jobId);
  if (!job) return;
  const next = nextDue(job, ranAt);
  if (next !== undefined) await deps.store.putJobs([{ id: `${job.id}@${formatIdInstant(next)}#${job.hash}`, kind: job.kind, dueAt: next, payload: { jobId: job.id } }]);
}

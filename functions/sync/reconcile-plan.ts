import type { Job, Plan } from '../../core/index';
// The compiler module itself, not core's index: the sync function's bundle then carries no YAML parsers or playbook schemas.
import { formatIdInstant } from '../../core/compile/compile-plan';
import type { FlywheelStore, Job as StoreJob, StoredJob } from '../store/index';
import { nextDue } from './next-due';

/**
 * Occurrences that came due while nothing ran (the local runner stopped, a deploy in between)
 * still run if they are at most this late, like Scheduler's 24-hour retries.
 */
export const CATCH_UP_MS = 24 * 3_600_000;

/** What a sync changed (or, dry, would change). */
export interface ReconcileResult {
  /** Occurrences written: jobs new to the plan or changed (a new hash), and first occurrences. */
  readonly written: number;
  /** Jobs whose pending occurrence already matched the plan: not touched. */
  readonly unchanged: number;
  /** Pending occurrences of jobs that left the plan or changed: deleted, so they never run. */
  readonly removed: number;
  /** Finished occurrences older than the catch-up horizon: deleted (housekeeping). */
  readonly expired: number;
  /** Jobs with nothing left to run (one-time jobs in the past, finished windows). */
  readonly finished: number;
}

export interface ReconcileOptions {
  /** The sync's clock, epoch ms. */
  readonly now: number;
  /**
   * Occurrences due after this instant are queued even if they are already due (at most
   * CATCH_UP_MS late): the local runner passes its last tick. @default now
   */
  readonly since?: number;
  /** Count without writing. @default false */
  readonly dryRun?: boolean;
}

function occurrenceId(job: Job, due: number): string {
  return `${job.id}@${formatIdInstant(due)}#${job.hash}`;
}

/**
 * Reconciles the plan into the store's due-items queue: each job's next occurrence pending, no
 * pending occurrence for a job that left the plan or changed, nothing written for a job whose
 * pending occurrence already matches. Running it again with the same plan writes nothing.
 * A finished occurrence is never queued again, so a re-sync cannot publish a post twice.
 */
export async function reconcilePlan(store: FlywheelStore, plan: Plan, options: ReconcileOptions): Promise<ReconcileResult> {
  const { now } = options;
  const since = options.since ?? now;
  const jobsById = new Map(plan.jobs.map((job) => [job.id, job]));
  const stored = await store.listJobs();
  const done = new Set<string>();
  const pendingByJob = new Map<string, StoredJob[]>();
  for (const item of stored) {
    if (item.status === 'done') done.add(item.id);
    // Only occurrences of plan jobs carry a jobId; SOP steps and read-backs are the handlers' own and stay.
    const jobId = (item.payload as { jobId?: unknown }).jobId;
    if (item.status !== 'pending' || typeof jobId !== 'string') continue;
    pendingByJob.set(jobId, [...(pendingByJob.get(jobId) ?? []), item]);
  }
  // Finished occurrences matter only while a restart could queue them again (CATCH_UP_MS).
  const expired = stored.filter((item) => item.status === 'done' && item.dueAt < now - CATCH_UP_MS).map((item) => item.id);
  const stale: string[] = [];
  for (const [jobId, items] of pendingByJob) {
    const job = jobsById.get(jobId);
    for (const item of items) if (!job || !item.id.endsWith(`#${job.hash}`)) stale.push(item.id);
  }
  const queued: StoreJob[] = [];
  let unchanged = 0;
  let finished = 0;
  for (const job of plan.jobs) {
    if ((pendingByJob.get(job.id) ?? []).some((item) => item.id.endsWith(`#${job.hash}`))) {
      unchanged += 1;
      continue;
    }
    let due = nextDue(job, Math.max(since, now - CATCH_UP_MS) - 1);
    // An occurrence already done (before a redeploy or restart) is not queued again.
    if (due !== undefined && done.has(occurrenceId(job, due))) due = nextDue(job, due);
    if (due === undefined) {
      finished += 1;
      continue;
    }
    queued.push({ id: occurrenceId(job, due), kind: job.kind, dueAt: due, payload: { jobId: job.id } });
  }
  if (options.dryRun) return { written: queued.length, unchanged, removed: stale.length, expired: expired.length, finished };
  if (stale.length + expired.length > 0) await store.deleteJobs([...stale, ...expired]);
  const { written } = queued.length > 0 ? await store.putJobs(queued) : { written: 0 };
  return { written, unchanged, removed: stale.length, expired: expired.length, finished };
}

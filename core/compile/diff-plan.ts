import type { Job } from './jobs';

export type PlanAction = 'create' | 'update' | 'delete';

export interface PlanChange {
  readonly action: PlanAction;
  readonly id: string;
  /** The job as the playbooks now want it (create, update). */
  readonly after?: Job;
  /** The job as deployed (update, delete). */
  readonly before?: Job;
}

export interface PlanDiff {
  readonly changes: readonly PlanChange[];
  readonly summary: { readonly add: number; readonly change: number; readonly remove: number; readonly unchanged: number };
}

/**
 * Compares the desired jobs with the deployed ones by id: new ids are created, ids whose hash
 * changed are updated, ids no longer wanted are deleted. Jobs already due before `now` that are
 * gone from the playbooks are not removed (their time has passed; there is nothing to undo).
 */
export function diffPlan(desired: readonly Job[], deployed: readonly Job[], now?: number): PlanDiff {
  const before = new Map(deployed.map((job) => [job.id, job]));
  const changes: PlanChange[] = [];
  let unchanged = 0;
  for (const job of desired) {
    const old = before.get(job.id);
    before.delete(job.id);
    if (!old) changes.push({ action: 'create', id: job.id, after: job });
    else if (old.hash !== job.hash) changes.push({ action: 'update', id: job.id, before: old, after: job });
    else unchanged += 1;
  }
  for (const old of before.values()) {
    const past = now !== undefined && 'at' in old && typeof old.at === 'number' && old.at < now;
    if (!past) changes.push({ action: 'delete', id: old.id, before: old });
  }
  changes.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const count = (action: PlanAction) => changes.filter((change) => change.action === action).length;
  return { changes, summary: { add: count('create'), change: count('update'), remove: count('delete'), unchanged } };
}

/** Reads key result statuses out of a `flywheel status --format json` report, for code lenses. */
import type { KeyResultEvaluation, KeyResultStatus } from '../../../core/index';

/** Latest evaluation per goal name, then per key result id. */
export type KeyResultStatusMap = ReadonlyMap<string, ReadonlyMap<string, KeyResultEvaluation>>;

const STATUSES: readonly KeyResultStatus[] = ['achieved', 'on-track', 'at-risk', 'off-track', 'not-started', 'no-data'];

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

const numberOrUndefined = (value: unknown) => (typeof value === 'number' && Number.isFinite(value) ? value : undefined);

/** The statuses of a report; entries that do not have the report's shape are skipped, never trusted. */
export function readKeyResultStatus(report: unknown): KeyResultStatusMap {
  const byGoal = new Map<string, Map<string, KeyResultEvaluation>>();
  const goals = isRecord(report) && Array.isArray(report.goals) ? report.goals : [];
  for (const goal of goals) {
    if (!isRecord(goal) || typeof goal.goal !== 'string' || !Array.isArray(goal.keyResults)) continue;
    const byId = new Map<string, KeyResultEvaluation>();
    for (const item of goal.keyResults) {
      if (!isRecord(item) || typeof item.id !== 'string' || !STATUSES.includes(item.status as KeyResultStatus)) continue;
      const target = numberOrUndefined(item.target);
      if (target === undefined) continue;
      const value = numberOrUndefined(item.value);
      const expected = numberOrUndefined(item.expected);
      byId.set(item.id, { status: item.status as KeyResultStatus, target, ...(value !== undefined ? { value } : {}), ...(expected !== undefined ? { expected } : {}) });
    }
    byGoal.set(goal.goal, byId);
  }
  return byGoal;
}

import type { GoalSpec } from '../schema/index';
import { evaluateKeyResult } from './evaluate-key-result';
import { resolveGoalContext, worstStatus, type KeyResultEvaluation, type KeyResultStatus } from './goal-status';
import type { MetricCatalogue } from './metric-catalogue';
import type { PointIndex } from './point-index';

/** A goal's status (its worst key result's) and each key result's evaluation by id. */
export interface GoalEvaluation {
  readonly status: KeyResultStatus;
  readonly keyResults: ReadonlyMap<string, KeyResultEvaluation>;
}

/** Evaluates every key result of a goal spec at `now`, reading its window in the workspace time zone. */
export function evaluateGoal(spec: GoalSpec, timeZone: string, index: PointIndex, catalogue: MetricCatalogue, now: number): GoalEvaluation {
  const goal = resolveGoalContext(spec, timeZone);
  const keyResults = new Map<string, KeyResultEvaluation>();
  for (const keyResult of spec.keyResults) keyResults.set(keyResult.id, evaluateKeyResult(keyResult, goal, index, catalogue, now));
  return { status: worstStatus([...keyResults.values()].map((evaluation) => evaluation.status)), keyResults };
}

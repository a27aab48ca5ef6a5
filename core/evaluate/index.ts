export { DIMENSIONS, PointIndexBuilder, findFirstAfter, findWindowRange, indexPoints, matchesWhere } from './point-index';
export type { Dimension, MetricPoint, MetricSeries, PointIndex, Series, SeriesDimensions, Where } from './point-index';
export { buildMetricCatalogue, isAdditiveUnit, isRatioMetric, lookupMetric } from './metric-catalogue';
export type { MetricCatalogue } from './metric-catalogue';
export { aggregateMetric, findFirstPointTime, findLatestPointTime, listDimensionValues, listRecordedMetricIds } from './aggregate-metric';
export type { MetricWindow } from './aggregate-metric';
export { evaluateCheck, kpiToCheckCondition, measureCheck } from './evaluate-check';
export type { CheckEvent, CheckOutcome, CheckRule, CheckState } from './evaluate-check';
export { buildCheckMessageValues, renderMessage, unfilledPlaceholder } from './render-message';
export {
  CHECK_MESSAGE_PLACEHOLDERS, CHECK_TRIGGER_PLACEHOLDERS, SOP_STEP_PLACEHOLDERS, buildSopStepValues, describeEventName, eventSubjectPlaceholders, sopStepPlaceholders,
} from './message-placeholders';
export type { MessageSubject, SopStart, SopStepMessageInput } from './message-placeholders';
export type { CheckMessageInput, MeasuredValue, MessageValue } from './render-message';
export { DEFAULT_TOLERANCE, isStale, isWithinTolerance, measureProgress, resolveGoalContext, worstStatus } from './goal-status';
export type { GoalContext, KeyResultEvaluation, KeyResultKind, KeyResultStatus } from './goal-status';
export { buildExpectedPath, extrapolateTrend, interpolatePath, meetsTarget, resolveTarget } from './goal-path';
export type { TargetRule, TimedValue } from './goal-path';
export { TREND_DAYS, evaluateKeyResult, planKeyResult } from './evaluate-key-result';
export type { KeyResultPlan } from './evaluate-key-result';
export { countPostsPerPeriod, evaluatePerPostKeyResult } from './per-post';
export type { PeriodCount } from './per-post';
export { evaluateGoal } from './evaluate-goal';
export type { GoalEvaluation } from './evaluate-goal';
export { decideAbTest, normalCdf, twoProportionZTest } from './ab-test';
export type { AbDecision, AbTestOptions, AbVariant } from './ab-test';

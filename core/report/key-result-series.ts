/*
 * The chart data `flywheel status --format json` adds per key result, for the VS Code dashboard:
 * measured values over the goal window, the expected path and the forecast line. Computed with
 * the same core functions that evaluate the key result, so the chart and the status agree.
 */
import { aggregateMetric, buildExpectedPath, findLatestPointTime, type GoalContext, type KeyResultEvaluation, type MetricCatalogue, type PointIndex } from '../evaluate/index';
import type { KeyResult } from '../schema/index';
import type { KeyResultSeries, TimedValue } from './status-report';

const DAY_MS = 86_400_000;
/** At most this many measured points per chart: a year-long window is sampled every few days. */
const MAX_ACTUAL_POINTS = 120;

// Raw values, as every number of the report: the views format them by the metric's unit.
const point = (time: number, value: number): TimedValue => ({ at: new Date(time).toISOString(), value });

/**
 * The series of a key result at `now`: the value as of each sampled instant from the window start
 * to now (or the window end) that has a new point since the previous one; the expected path (baseline through the milestones to the target;
 * a level key result's target held over the window); the forecast line from the latest value to
 * the window end (empty without a forecast). Undefined for `per: post` key results, whose value
 * is a count per period and has no path over the window.
 */
export function buildKeyResultSeries(
  keyResult: KeyResult, goal: GoalContext, evaluation: KeyResultEvaluation, index: PointIndex, catalogue: MetricCatalogue, now: number,
): KeyResultSeries | undefined {
  if (keyResult.per === 'post') return undefined;
  const { start, end } = goal.window;
  const { baseline } = evaluation;
  const expected = evaluation.kind === 'level' || baseline === undefined
    ? [point(start, evaluation.target), point(end, evaluation.target)]
    : buildExpectedPath(goal.window, baseline, evaluation.target, keyResult.milestones ?? [], goal.timeZone).map((item) => point(item.time, item.value));

  const actual: TimedValue[] = [];
  const asOf = Math.min(now, end - 1);
  if (asOf >= start) {
    const step = Math.max(1, Math.ceil((asOf - start) / DAY_MS / MAX_ACTUAL_POINTS)) * DAY_MS;
    const instants: number[] = [];
    for (let instant = start + step; instant < asOf; instant += step) instants.push(instant);
    instants.push(asOf);
    let seen: number | undefined;
    for (const instant of instants) {
      // A measured dot only where a new point arrived since the previous sampled instant: days
      // without data are gaps on the chart, never the last value drawn again as if measured.
      const latest = findLatestPointTime(index, catalogue, keyResult.metric, { from: start - 1, to: instant, where: keyResult.where });
      if (latest === undefined || latest === seen) continue;
      seen = latest;
      // As evaluateKeyResult measures: from the window start (inclusive) to the instant.
      const value = aggregateMetric(index, catalogue, keyResult.metric, { from: start - 1, to: instant, where: keyResult.where });
      if (value !== undefined) actual.push(point(instant, value));
    }
  }
  const forecast = evaluation.forecast !== undefined && evaluation.value !== undefined
    ? [point(asOf, evaluation.value), point(end, evaluation.forecast)]
    : [];
  return { start: new Date(start).toISOString(), end: new Date(end).toISOString(), actual, expected, forecast };
}

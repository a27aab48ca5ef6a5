import type { KeyResult } from '../schema/index';
import { aggregateMetric, findFirstPointTime } from './aggregate-metric';
import { buildExpectedPath, extrapolateTrend, interpolatePath, meetsTarget, resolveTarget, type TimedValue } from './goal-path';
import { DEFAULT_TOLERANCE, type GoalContext, type KeyResultEvaluation } from './goal-status';
import { isRatioMetric, lookupMetric, type MetricCatalogue } from './metric-catalogue';
import { evaluatePerPostKeyResult } from './per-post';
import type { PointIndex } from './point-index';

const DAY_MS = 86_400_000;
/** How many daily samples (today and the 13 days before) the forecast's trend line is fitted to. */
export const TREND_DAYS = 14;

/**
 * Evaluates a key result at `now`.
 *
 * - The value is the metric aggregated from the window start (inclusive) to now, so a sum metric
 *   is cumulative over the goal and a `last` metric is its latest level.
 * - Missing baseline: 0 for cumulative metrics (sum or count: nothing has accrued at the start),
 *   otherwise the value as of the first point measured in the window.
 * - achieved as soon as the target is met; on-track when the value trails the expected path by at
 *   most tolerance × |target − baseline| (being ahead is on-track); otherwise the forecast decides:
 *   at-risk when it still meets the target, off-track when not. With no forecast (fewer than two
 *   daily samples) a trailing key result is at-risk: we cannot show it will miss. After the window
 *   an unmet target is off-track; a target without direction (== or !=) is achieved or off-track.
 * - Forecast: least-squares line through the value as of now, now − 1 day, … now − 13 days (those
 *   inside the window and with data), extended to the window's end.
 */
export function evaluateKeyResult(
  keyResult: KeyResult, goal: GoalContext, index: PointIndex, catalogue: MetricCatalogue, now: number,
): KeyResultEvaluation {
  if (keyResult.per === 'post') return evaluatePerPostKeyResult(keyResult, goal, index, catalogue, now);
  const { start, end } = goal.window;
  const measureAsOf = (instant: number) =>
    aggregateMetric(index, catalogue, keyResult.metric, { from: start - 1, to: instant, where: keyResult.where });
  if (now < start) return { status: 'not-started', target: resolveTarget(keyResult.target, keyResult.baseline).value };
  const asOf = Math.min(now, end - 1);
  const value = measureAsOf(asOf);
  if (value === undefined) return { status: 'no-data', target: resolveTarget(keyResult.target, keyResult.baseline).value };
  // The first point can lack a value of its own (a ratio whose denominator is 0): then start from now.
  const baseline = keyResult.baseline ?? inferBaseline(keyResult, goal, index, catalogue, asOf, measureAsOf) ?? value;
  const target = resolveTarget(keyResult.target, baseline);
  const known = { value, target: target.value, baseline };
  if (meetsTarget(value, target)) return { status: 'achieved', ...known };
  if (target.direction === 0 || now >= end) return { status: 'off-track', ...known };

  const path = buildExpectedPath(goal.window, baseline, target.value, keyResult.milestones ?? [], goal.timeZone);
  const expected = interpolatePath(path, now);
  const samples: TimedValue[] = [];
  for (let day = TREND_DAYS - 1; day >= 0; day--) {
    const instant = asOf - day * DAY_MS;
    const sample = instant >= start ? measureAsOf(instant) : undefined;
    if (sample !== undefined) samples.push({ time: instant, value: sample });
  }
  const forecast = extrapolateTrend(samples, end);
  const measured = { ...known, expected, ...(forecast === undefined ? {} : { forecast }) };
  const slack = (goal.tolerance ?? DEFAULT_TOLERANCE) * Math.abs(target.value - baseline);
  if (target.direction * (value - expected) >= -slack) return { status: 'on-track', ...measured };
  if (forecast === undefined || meetsTarget(forecast, target)) return { status: 'at-risk', ...measured };
  return { status: 'off-track', ...measured };
}

function inferBaseline(
  keyResult: KeyResult, goal: GoalContext, index: PointIndex, catalogue: MetricCatalogue, asOf: number,
  measureAsOf: (instant: number) => number | undefined,
): number | undefined {
  const info = lookupMetric(catalogue, keyResult.metric);
  const cumulative = (info.aggregate === 'sum' || info.aggregate === 'count') && !isRatioMetric(info);
  if (cumulative) return 0;
  const first = findFirstPointTime(index, catalogue, keyResult.metric, { from: goal.window.start - 1, to: asOf, where: keyResult.where });
  return first === undefined ? undefined : measureAsOf(first);
}

import type { KeyResult } from '../schema/index';
import { aggregateMetric, findLatestPointTime } from './aggregate-metric';
import { buildExpectedPath, extrapolateTrend, interpolatePath, meetsTarget, resolveTarget, type TargetRule, type TimedValue } from './goal-path';
import { DEFAULT_TOLERANCE, isStale, isWithinTolerance, measureProgress, type GoalContext, type KeyResultEvaluation } from './goal-status';
import { isRatioMetric, lookupMetric, type MetricCatalogue } from './metric-catalogue';
import { evaluatePerPostKeyResult } from './per-post';
import type { PointIndex } from './point-index';

const DAY_MS = 86_400_000;
/** How many daily samples (today and the 13 days before) the forecast's trend line is fitted to. */
export const TREND_DAYS = 14;

/**
 * Evaluates a key result at `now` (spec: Goal, with the v1.1 rules).
 *
 * - The value is the metric aggregated from the window start (inclusive) to now, so a sum metric
 *   is cumulative over the goal and a `last` metric is its latest level.
 * - A missing baseline is 0 for a cumulative metric (sum or count: nothing has accrued at the
 *   window's start). Any other key result without a baseline is a level to hold (kind `level`):
 *   achieved while the value meets the target, off-track while not. So is one whose target has no
 *   direction (== or !=) or lies on the wrong side of its baseline.
 * - Otherwise (kind `path`): progress = (value − baseline) / (target − baseline), the expected
 *   progress the same way from the expected path. Achieved as soon as the target is met; on-track
 *   when progress ≥ (1 − tolerance) × expected progress; behind, the forecast decides: at-risk
 *   when it still meets the target, off-track when not. With no forecast (fewer than two daily
 *   samples, or stale data) a trailing key result is at-risk: we cannot show it will miss. After
 *   the window an unmet target is off-track.
 * - Forecast: least-squares line through the value as of now, now − 1 day, … now − 13 days (those
 *   inside the window and with data), extended to the window's end.
 * - Freshness: `latestPointAt` is the latest point the value is made from; `stale` when it is
 *   older than two days (goals are tracked daily). Stale data has no forecast: the trend of
 *   numbers that stopped arriving is flat and would only repeat the value.
 */
export function evaluateKeyResult(
  keyResult: KeyResult, goal: GoalContext, index: PointIndex, catalogue: MetricCatalogue, now: number,
): KeyResultEvaluation {
  if (keyResult.per === 'post') return evaluatePerPostKeyResult(keyResult, goal, index, catalogue, now);
  const { start, end } = goal.window;
  const window = (instant: number) => ({ from: start - 1, to: instant, where: keyResult.where });
  const measureAsOf = (instant: number) => aggregateMetric(index, catalogue, keyResult.metric, window(instant));
  const { kind, baseline, target, path } = planKeyResult(keyResult, goal, catalogue);
  const base = { kind, target: target.value, ...(baseline === undefined ? {} : { baseline }) };
  if (now < start) return { status: 'not-started', ...base };
  const asOf = Math.min(now, end - 1);
  const value = measureAsOf(asOf);
  if (value === undefined) return { status: 'no-data', ...base };
  const latestPointAt = findLatestPointTime(index, catalogue, keyResult.metric, window(asOf));
  const stale = latestPointAt !== undefined && isStale(latestPointAt, asOf, keyResult, goal.timeZone);
  const freshness = { ...(latestPointAt === undefined ? {} : { latestPointAt }), stale };
  const met = meetsTarget(value, target);
  if (path === undefined || baseline === undefined) return { status: met ? 'achieved' : 'off-track', ...base, value, ...freshness };

  const progress = measureProgress(value, baseline, target.value) as number;
  const known = { ...base, value, progress, ...freshness };
  if (met) return { status: 'achieved', ...known };
  if (now >= end) return { status: 'off-track', ...known };

  const expected = interpolatePath(path, now);
  const expectedProgress = measureProgress(expected, baseline, target.value) as number;
  const forecast = stale ? undefined : forecastFromTrend(measureAsOf, start, asOf, end);
  const measured = { ...known, expected, expectedProgress, ...(forecast === undefined ? {} : { forecast }) };
  if (isWithinTolerance(progress, expectedProgress, goal.tolerance ?? DEFAULT_TOLERANCE)) return { status: 'on-track', ...measured };
  if (forecast === undefined || meetsTarget(forecast, target)) return { status: 'at-risk', ...measured };
  return { status: 'off-track', ...measured };
}

/** What a key result is measured against, before any data. */
export interface KeyResultPlan {
  /** path, or level (no baseline, no direction, or a target on the wrong side of the baseline). */
  readonly kind: 'path' | 'level';
  /** The key result's own baseline, or 0 for a cumulative metric. */
  readonly baseline?: number;
  readonly target: TargetRule;
  /** kind path: the expected path from (window start, baseline) through the milestones to (window end, target). */
  readonly path?: TimedValue[];
}

/** How a key result (not per: post) is measured: the rules of evaluateKeyResult, for views that show the path without data. */
export function planKeyResult(keyResult: KeyResult, goal: GoalContext, catalogue: MetricCatalogue): KeyResultPlan {
  const baseline = keyResult.baseline ?? (isCumulative(keyResult, catalogue) ? 0 : undefined);
  const target = resolveTarget(keyResult.target, baseline);
  if (baseline === undefined || !movesToward(target, baseline)) return { kind: 'level', target, ...(baseline === undefined ? {} : { baseline }) };
  return { kind: 'path', baseline, target, path: buildExpectedPath(goal.window, baseline, target.value, keyResult.milestones ?? [], goal.timeZone) };
}

/** The trend line through the daily values of the last TREND_DAYS days, at the window's end. */
function forecastFromTrend(measureAsOf: (instant: number) => number | undefined, start: number, asOf: number, end: number): number | undefined {
  const samples: TimedValue[] = [];
  for (let day = TREND_DAYS - 1; day >= 0; day--) {
    const instant = asOf - day * DAY_MS;
    const sample = instant >= start ? measureAsOf(instant) : undefined;
    if (sample !== undefined) samples.push({ time: instant, value: sample });
  }
  return extrapolateTrend(samples, end);
}

/** A target with a direction that lies on that side of the baseline: there is a path to walk. */
function movesToward(target: TargetRule, baseline: number): boolean {
  return target.direction !== 0 && Math.sign(target.value - baseline) === target.direction;
}

/** Sum and count metrics (not ratios) accrue from the window's start, so they start at 0. */
function isCumulative(keyResult: KeyResult, catalogue: MetricCatalogue): boolean {
  const info = lookupMetric(catalogue, keyResult.metric);
  return (info.aggregate === 'sum' || info.aggregate === 'count') && !isRatioMetric(info);
}

import { DateTime } from 'luxon';
import { meetsCondition, parseCondition, type Condition } from '../conditions';
import type { KeyResult } from '../schema/index';
import { aggregateMetric, findLatestPointTime, listDimensionValues } from './aggregate-metric';
import { DEFAULT_TOLERANCE, isStale, isWithinTolerance, type GoalContext, type KeyResultEvaluation } from './goal-status';
import type { MetricCatalogue } from './metric-catalogue';
import type { PointIndex } from './point-index';

type Period = NonNullable<KeyResult['period']>;

/** How many posts passed the threshold in one calendar period, [start, end) clipped to the goal window. */
export interface PeriodCount {
  readonly start: number;
  readonly end: number;
  readonly count: number;
  /** Whether the period had ended by `now`; the current period is counted up to `now`. */
  readonly complete: boolean;
}

/**
 * Counts, per calendar period in the goal's zone (weeks start on Monday), the posts whose metric,
 * aggregated over that period alone, passes the threshold: a post whose views straddle a month
 * boundary is judged separately in each month. Periods run from the window's start to `now`.
 */
export function countPostsPerPeriod(
  keyResult: KeyResult, goal: GoalContext, index: PointIndex, catalogue: MetricCatalogue, now: number,
): PeriodCount[] {
  const { threshold, period } = requirePerPost(keyResult);
  let byKeyResult = completedCountsByIndex.get(index);
  if (!byKeyResult) {
    byKeyResult = new WeakMap();
    completedCountsByIndex.set(index, byKeyResult);
  }
  let completedCounts = byKeyResult.get(keyResult);
  if (!completedCounts) {
    completedCounts = new Map();
    byKeyResult.set(keyResult, completedCounts);
  }
  const counts: PeriodCount[] = [];
  for (const span of listPeriods(period, goal, now)) {
    const complete = span.end <= now + 1;
    // A completed period only reads points up to its end, all of them already in the index, so its
    // count never changes: daily tracking would otherwise recount every past period every day.
    const key = complete ? `${span.start}|${span.end}` : undefined;
    const known = key === undefined ? undefined : completedCounts.get(key);
    const count = known ?? countPassingPosts(keyResult, threshold, index, catalogue, { from: span.start - 1, to: Math.min(span.end - 1, now) });
    if (key !== undefined && known === undefined) completedCounts.set(key, count);
    counts.push({ ...span, count, complete });
  }
  return counts;
}

// Per index and key result (metric, threshold and filter are the key result's own), so counts
// never outlive the points they were made from.
const completedCountsByIndex = new WeakMap<PointIndex, WeakMap<KeyResult, Map<string, number>>>();

function countPassingPosts(
  keyResult: KeyResult, threshold: Condition, index: PointIndex, catalogue: MetricCatalogue, window: { from: number; to: number },
): number {
  const scoped = { ...window, where: keyResult.where };
  const posts = listDimensionValues(index, catalogue, keyResult.metric, 'post', scoped);
  return posts.filter((post) => {
    const value = aggregateMetric(index, catalogue, keyResult.metric, { ...scoped, where: { ...keyResult.where, post } });
    return value !== undefined && meetsCondition(value, threshold);
  }).length;
}

/**
 * Evaluates a per: post key result on the current period's count, as progress = count / target
 * and expected progress = the elapsed share of the period: achieved once it meets the target;
 * on-track while progress ≥ (1 − tolerance) × expected progress; behind, the forecast is the
 * count plus the completed periods' average for the rest of the period (or the run rate when no
 * period has completed) and decides at-risk or off-track. A ceiling target ("<= 1") that is
 * exceeded is off-track: a period's count never goes down. After the window, the completed
 * periods' average is judged against the target. Stale (no point in the last two periods): no
 * forecast, so behind is at-risk.
 */
export function evaluatePerPostKeyResult(
  keyResult: KeyResult, goal: GoalContext, index: PointIndex, catalogue: MetricCatalogue, now: number,
): KeyResultEvaluation {
  const target = typeof keyResult.target === 'number' ? { operator: '>=' as const, value: keyResult.target, percent: false } : parseCondition(keyResult.target);
  if (!target) throw new RangeError(`Not a target: "${String(keyResult.target)}"`);
  const { start, end } = goal.window;
  const base = { kind: 'per-post', target: target.value } as const;
  if (now < start) return { status: 'not-started', ...base };
  const seen = { from: start - 1, to: Math.min(now, end - 1), where: keyResult.where };
  const latestPointAt = findLatestPointTime(index, catalogue, keyResult.metric, seen);
  if (latestPointAt === undefined) return { status: 'no-data', ...base };
  const stale = isStale(latestPointAt, seen.to, keyResult, goal.timeZone);

  const periods = countPostsPerPeriod(keyResult, goal, index, catalogue, now);
  const completed = periods.filter((period) => period.complete);
  const completedAverage = completed.length > 0 ? completed.reduce((total, period) => total + period.count, 0) / completed.length : undefined;
  const rising = target.operator === '>' || target.operator === '>=' || target.operator === '==';
  const known = (value: number) => ({
    ...base, value, ...(rising && target.value > 0 ? { progress: value / target.value } : {}),
    ...(completedAverage === undefined ? {} : { completedAverage }), latestPointAt, stale,
  });
  const current = periods[periods.length - 1];
  if (now >= end || !current || current.complete) {
    const value = completedAverage ?? 0;
    return { status: meetsCondition(value, target) ? 'achieved' : 'off-track', ...known(value) };
  }
  if (meetsCondition(current.count, target)) return { status: 'achieved', ...known(current.count) };
  if (!rising || current.count > target.value) return { status: 'off-track', ...known(current.count) };

  const elapsed = Math.min(1, Math.max(0, (now - current.start) / (current.end - current.start)));
  const expected = target.value * elapsed;
  const forecast = stale ? undefined : completedAverage !== undefined ? current.count + completedAverage * (1 - elapsed) : elapsed > 0 ? current.count / elapsed : current.count;
  const measured = { ...known(current.count), expected, expectedProgress: elapsed, ...(forecast === undefined ? {} : { forecast }) };
  // target.value > 0 here: a rising target of 0 is met by any count.
  if (isWithinTolerance(current.count / target.value, elapsed, goal.tolerance ?? DEFAULT_TOLERANCE)) return { status: 'on-track', ...measured };
  return { status: forecast === undefined || meetsCondition(forecast, target) ? 'at-risk' : 'off-track', ...measured };
}

function requirePerPost(keyResult: KeyResult): { threshold: NonNullable<ReturnType<typeof parseCondition>>; period: Period } {
  const threshold = keyResult.threshold === undefined ? undefined : parseCondition(keyResult.threshold);
  // The validator (flywheel/key-result) requires both with per: post; missing here is a caller bug.
  if (!threshold || !keyResult.period) throw new RangeError(`Key result "${keyResult.id}" counts posts but lacks a valid threshold or period`);
  return { threshold, period: keyResult.period };
}

/** The calendar periods of a window, from its start up to `now`. */
function listPeriods(period: Period, goal: GoalContext, now: number): readonly { start: number; end: number }[] {
  const all = listWindowPeriods(period, goal.window.start, goal.window.end, goal.timeZone);
  const stop = Math.min(goal.window.end, now + 1);
  let count = 0;
  while (count < all.length && (all[count] as { start: number }).start < stop) count += 1;
  return count === all.length ? all : all.slice(0, count);
}

// Calendar arithmetic in a zone is slow (luxon) and tracking asks for the same window every day.
const windowPeriods = new Map<string, readonly { start: number; end: number }[]>();

function listWindowPeriods(period: Period, start: number, end: number, zone: string): readonly { start: number; end: number }[] {
  const key = `${period}|${start}|${end}|${zone}`;
  let spans = windowPeriods.get(key);
  if (!spans) {
    let cursor = DateTime.fromMillis(start, { zone }).startOf(period);
    if (!cursor.isValid) throw new RangeError(`Unknown time zone: ${zone}`);
    const list: { start: number; end: number }[] = [];
    while (cursor.toMillis() < end) {
      const next = cursor.plus({ [`${period}s`]: 1 });
      list.push({ start: Math.max(cursor.toMillis(), start), end: Math.min(next.toMillis(), end) });
      cursor = next;
    }
    spans = list;
    windowPeriods.set(key, spans);
  }
  return spans;
}

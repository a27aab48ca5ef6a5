import { DateTime } from 'luxon';
import { parseDate, windowInstants } from '../time/index';
import type { GoalSpec, KeyResult } from '../schema/index';

/** Where a key result stands. */
export type KeyResultStatus = 'achieved' | 'on-track' | 'at-risk' | 'off-track' | 'not-started' | 'no-data';

/**
 * How a key result is measured: `path` runs from its baseline to its target along the expected
 * path; `level` is a level to hold (no baseline, such as `interaction_rate >= 0.05`): achieved
 * while the value meets the target, off-track while not; `per-post` counts posts per period.
 */
export type KeyResultKind = 'path' | 'level' | 'per-post';

/** A key result's status and the numbers behind it. */
export interface KeyResultEvaluation {
  readonly status: KeyResultStatus;
  /** The measured value (per: post: posts counted in the current period). */
  readonly value?: number;
  /** Where the expected path says the value should be now. */
  readonly expected?: number;
  /** The value the recent trend reaches by the window's end (per: post: by the current period's end); left out when the data is stale. */
  readonly forecast?: number;
  readonly target: number;
  /** The baseline used: the key result's own, or 0 for a cumulative metric. */
  readonly baseline?: number;
  /** per: post only: the mean count of the completed periods. */
  readonly completedAverage?: number;
  /** How the key result is measured (see KeyResultKind). */
  readonly kind?: KeyResultKind;
  /** (value − baseline) / (target − baseline): 0 at the baseline, 1 at the target (per: post: count / target). */
  readonly progress?: number;
  /** The expected value's progress, measured the same way: on-track when progress ≥ (1 − tolerance) × this. */
  readonly expectedProgress?: number;
  /** The instant of the latest point the value is made from (epoch ms). */
  readonly latestPointAt?: number;
  /** The latest point is older than two evaluation periods (a day; per: post, its period): the numbers are not today's. */
  readonly stale?: boolean;
}

/** A goal reduced to what evaluation needs: its window as instants [start, end), tolerance and zone. */
export interface GoalContext {
  readonly window: { readonly start: number; readonly end: number };
  /** Fraction of the expected progress a key result may trail and still be on-track. @default 0.1 */
  readonly tolerance?: number;
  /** The workspace time zone: milestone dates and per: post periods are read in it. */
  readonly timeZone: string;
}

/** Tolerance when a goal sets none: 10% of the expected progress. */
export const DEFAULT_TOLERANCE = 0.1;

/**
 * Worst first. no-data ranks below on-track because a key result nobody can see is a problem to
 * act on; not-started ranks above on-track so that one running key result shows the goal as running.
 */
const STATUS_ORDER: readonly KeyResultStatus[] = ['off-track', 'at-risk', 'no-data', 'on-track', 'not-started', 'achieved'];

/** The worst of several statuses (a goal's status is its worst key result's); no-data for none. */
export function worstStatus(statuses: Iterable<KeyResultStatus>): KeyResultStatus {
  let worst: KeyResultStatus | undefined;
  for (const status of statuses) {
    if (worst === undefined || STATUS_ORDER.indexOf(status) < STATUS_ORDER.indexOf(worst)) worst = status;
  }
  return worst ?? 'no-data';
}

/** Reads a goal spec's window (start 00:00 to the end of the end date, in the zone) and tolerance ("10%" or 0.1). */
export function resolveGoalContext(spec: Pick<GoalSpec, 'window' | 'tolerance'>, timeZone: string): GoalContext {
  const start = parseDate(spec.window.start);
  const end = parseDate(spec.window.end);
  if (!start || !end) throw new RangeError(`Not a date window: ${spec.window.start} to ${spec.window.end}`);
  const { from, until } = windowInstants(start, end, timeZone);
  if (Number.isNaN(from) || Number.isNaN(until)) throw new RangeError(`Unknown time zone: ${timeZone}`);
  const tolerance = typeof spec.tolerance === 'string' ? Number.parseFloat(spec.tolerance) / 100 : spec.tolerance;
  return { window: { start: from, end: until }, tolerance: tolerance ?? DEFAULT_TOLERANCE, timeZone };
}

/** Progress from baseline toward target: (value − baseline) / (target − baseline); undefined when they coincide. */
export function measureProgress(value: number, baseline: number, target: number): number | undefined {
  return target === baseline ? undefined : (value - baseline) / (target - baseline);
}

/** Spec v1.1: on-track when progress ≥ (1 − tolerance) × expected progress. */
export function isWithinTolerance(progress: number, expectedProgress: number, tolerance: number): boolean {
  return progress >= (1 - tolerance) * expectedProgress;
}

/**
 * Whether the latest point is older than two evaluation periods before `asOf`: goals are tracked
 * daily, so a day; a per: post key result is counted per its period (a month: two months).
 * Periods are calendar periods in the zone.
 */
export function isStale(latestPointAt: number, asOf: number, keyResult: Pick<KeyResult, 'per' | 'period'>, timeZone: string): boolean {
  const period = keyResult.per === 'post' ? keyResult.period ?? 'month' : 'day';
  const limit = DateTime.fromMillis(asOf, { zone: timeZone }).minus({ [`${period}s`]: 2 }).toMillis();
  return latestPointAt < limit;
}

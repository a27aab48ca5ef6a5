import type { LocalizedText } from '../diagnostics';

/** How serious a schedule problem is: errors are what AWS rejects, warnings what it may reject. */
export type ScheduleProblemSeverity = 'error' | 'warning';

/** A whole expression to write instead, offered as a quick fix; it parses without errors. */
export interface ScheduleFix {
  readonly title: LocalizedText;
  readonly expression: string;
}

/**
 * One problem in a schedule expression; start/end are UTF-16 offsets into the expression (end
 * exclusive). `code` sets apart problems with a diagnostic code of their own: `weekday` is a
 * numeric day-of-week (flywheel/schedule-weekday).
 */
export interface ScheduleProblem {
  readonly message: LocalizedText;
  readonly start: number;
  readonly end: number;
  readonly severity: ScheduleProblemSeverity;
  readonly code?: 'weekday';
  readonly fixes?: readonly ScheduleFix[];
}

/** The six fields of an AWS cron expression, in order. */
export type CronFieldName = 'minutes' | 'hours' | 'dayOfMonth' | 'month' | 'dayOfWeek' | 'year';

/** One comma-separated item of a cron field. Ranges whose `to` is below `from` wrap around. */
export type CronPart =
  | { readonly kind: 'all' }
  | { readonly kind: 'value'; readonly value: number }
  | { readonly kind: 'range'; readonly from: number; readonly to: number }
  /** `a/b`, `*\/b` (to is null: up to the field maximum) or `a-b/c`. */
  | { readonly kind: 'step'; readonly from: number; readonly to: number | null; readonly step: number }
  /** Day-of-month `L`, `L-3`, `LW`, `L-3W`: the last day minus `offset`, moved to a weekday if `weekday`. */
  | { readonly kind: 'last-day'; readonly offset: number; readonly weekday: boolean }
  /** Day-of-month `15W`: the weekday nearest the 15th, never leaving the month. */
  | { readonly kind: 'nearest-weekday'; readonly day: number }
  /** Day-of-week `6L`: the last Friday of the month (1 = SUN … 7 = SAT). */
  | { readonly kind: 'last-weekday-of-month'; readonly weekday: number }
  /** Day-of-week `3#2`: the second Tuesday of the month. */
  | { readonly kind: 'nth-weekday'; readonly weekday: number; readonly nth: number };

/** A parsed cron field. `?` has no parts; `values` lists what the plain parts (all/value/range/step) select. */
export interface CronField {
  readonly text: string;
  readonly parts: readonly CronPart[];
  readonly values: readonly number[];
}

/** A `cron(...)` schedule; exactly one of dayOfMonth/dayOfWeek is `?` (no parts). */
export interface CronSchedule {
  readonly type: 'cron';
  readonly expression: string;
  readonly minutes: CronField;
  readonly hours: CronField;
  readonly dayOfMonth: CronField;
  readonly month: CronField;
  readonly dayOfWeek: CronField;
  readonly year: CronField;
}

/** The unit of a rate expression, normalised to the plural. */
export type RateUnit = 'minutes' | 'hours' | 'days';

/** A `rate(value unit)` schedule; `minutes` is the interval in minutes (a day is 24 h, as AWS counts it). */
export interface RateSchedule {
  readonly type: 'rate';
  readonly value: number;
  readonly unit: RateUnit;
  readonly minutes: number;
}

/** A wall-clock date and time, month 1-12. */
export interface LocalDateTime {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
}

/** An `at(yyyy-mm-ddThh:mm:ss)` one-time schedule, in the schedule's time zone. */
export interface AtSchedule {
  readonly type: 'at';
  readonly local: LocalDateTime;
}

/** Any EventBridge Scheduler schedule expression. */
export type Schedule = CronSchedule | RateSchedule | AtSchedule;

/**
 * Result of parsing. A successful parse may still carry warnings (syntax AWS may reject, or a
 * schedule that never runs); a failed one holds at least one error.
 */
export type ParseResult =
  | { readonly ok: true; readonly schedule: Schedule; readonly problems: readonly ScheduleProblem[] }
  | { readonly ok: false; readonly problems: readonly ScheduleProblem[] };

/** How a wall-clock time exists in a zone: once, not at all (spring-forward gap) or twice (fall-back). */
export type LocalTimeKind = 'ok' | 'gap' | 'overlap';

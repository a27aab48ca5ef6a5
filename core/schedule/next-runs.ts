/*
 * When a schedule runs, with EventBridge Scheduler's semantics.
 * Sourced: cron and at are read in the schedule's IANA time zone; "When the time shifts forward
 * in Spring, your schedule invocation gets skipped if the cron expression falls on a non-existent
 * date and time. When the time shifts back in the Fall, your schedule runs only once"; for rates
 * a day is 24 hours, so the next run comes 24 h after the last whatever the DST change
 * (repost.aws knowledge-center/eventbridge-scheduler-adjust-dst). Rates without a start date start
 * when created (schedule-types.html). Precision is 60 seconds (same page).
 * Decisions: in a fall-back overlap the run takes the first occurrence (01:30 EDT, not 01:30 EST),
 * AWS not saying which; runs are reported on the whole minute (rate anchors and at() seconds are
 * floored), matching the 60-second precision.
 */
import { getDayWall, listMatchingDays } from './calendar';
import { createDayAnalyzer, createOffsetReader, isValidTimeZone, resolveLocalTime, resolveWallTime } from './time-zone';
import type { AtSchedule, CronSchedule, RateSchedule, Schedule } from './types';

const MINUTE = 60_000;
const HOUR = 3_600_000;

/** How many runs nextRuns returns when neither `count` nor `until` is given. */
export const DEFAULT_RUN_COUNT = 10;
/** The most runs nextRuns ever returns, so a minutely schedule over decades cannot exhaust memory. */
export const MAX_RUN_COUNT = 100_000;

/** Options of nextRuns; all instants are epoch milliseconds. */
export interface NextRunsOptions {
  /** Only runs strictly after this instant are returned. */
  readonly after: number;
  /** IANA time zone the cron or at expression is read in (EventBridge's ScheduleExpressionTimezone). */
  readonly zone: string;
  /** Maximum number of runs. @default 10 without `until`, else up to MAX_RUN_COUNT */
  readonly count?: number;
  /** Runs after this instant are left out (inclusive bound). */
  readonly until?: number;
  /** Where a rate schedule starts counting (its StartDate or creation time). @default after */
  readonly rateAnchor?: number;
}

/**
 * Lists the next runs of a schedule, ascending, on whole minutes. Cron schedules are walked field
 * by field (year, month, matching day, hour, minute), never minute by minute, and stop at 2199.
 * Throws a RangeError for a zone that isValidTimeZone rejects.
 */
export function nextRuns(schedule: Schedule, options: NextRunsOptions): number[] {
  if (!isValidTimeZone(options.zone)) throw new RangeError(`Unknown time zone "${options.zone}"`);
  const until = options.until ?? Number.POSITIVE_INFINITY;
  const limit = Math.min(options.count ?? (options.until === undefined ? DEFAULT_RUN_COUNT : MAX_RUN_COUNT), MAX_RUN_COUNT);
  if (!Number.isFinite(options.after) || limit < 1 || until <= options.after) return [];
  switch (schedule.type) {
    case 'rate':
      return listRateRuns(schedule, options.after, until, limit, options.rateAnchor ?? options.after);
    case 'at':
      return listAtRun(schedule, options.after, until, options.zone);
    case 'cron':
      return listCronRuns(schedule, options.after, until, limit, options.zone);
  }
}

function listRateRuns(schedule: RateSchedule, after: number, until: number, limit: number, anchor: number): number[] {
  const interval = schedule.minutes * MINUTE;
  const start = Math.floor(anchor / MINUTE) * MINUTE;
  const firstIndex = after < start ? 0 : Math.floor((after - start) / interval) + 1;
  const runs: number[] = [];
  for (let run = start + firstIndex * interval; runs.length < limit && run <= until; run += interval) runs.push(run);
  return runs;
}

function listAtRun(schedule: AtSchedule, after: number, until: number, zone: string): number[] {
  const run = Math.floor(resolveLocalTime(schedule.local, zone).instant / MINUTE) * MINUTE;
  return run > after && run <= until ? [run] : [];
}

function listCronRuns(schedule: CronSchedule, after: number, until: number, limit: number, zone: string): number[] {
  const readOffset = createOffsetReader(zone);
  const analyzeDay = createDayAnalyzer(readOffset);
  // Runs map monotonically from wall time to instants, so nothing before the local day of `after` can follow it.
  const start = new Date(after + readOffset(after));
  const startYear = start.getUTCFullYear();
  const startMonth = start.getUTCMonth() + 1;
  const startDay = start.getUTCDate();
  const runs: number[] = [];
  for (const year of schedule.year.values) {
    if (year < startYear) continue;
    for (const month of schedule.month.values) {
      if (year === startYear && month < startMonth) continue;
      const firstDay = year === startYear && month === startMonth ? startDay : 1;
      for (const day of listMatchingDays(schedule, year, month)) {
        if (day < firstDay) continue;
        const dayWall = getDayWall(year, month, day);
        if (dayWall - 14 * HOUR > until) return runs;
        const offsets = analyzeDay(dayWall);
        for (const hour of schedule.hours.values) {
          for (const minute of schedule.minutes.values) {
            const resolved = resolveWallTime(offsets, dayWall + hour * HOUR + minute * MINUTE);
            if (resolved.kind === 'gap' || resolved.instant <= after) continue;
            if (resolved.instant > until) return runs;
            runs.push(resolved.instant);
            if (runs.length >= limit) return runs;
          }
        }
      }
    }
  }
  return runs;
}

export { parseSchedule } from './parse-schedule';
export { nextRuns, DEFAULT_RUN_COUNT, MAX_RUN_COUNT, type NextRunsOptions } from './next-runs';
export { classifyLocalTime, createOffsetReader, isValidTimeZone, resolveLocalTime, type OffsetReader, type ResolvedTime } from './time-zone';
export { describeSchedule } from './describe-schedule';
export type {
  AtSchedule, CronField, CronFieldName, CronPart, CronSchedule, LocalDateTime, LocalTimeKind, ParseResult,
  RateSchedule, RateUnit, Schedule, ScheduleProblem, ScheduleProblemSeverity,
} from './types';
export { WEEKDAY_NAMES, WEEKDAY_WORDS_EN, WEEKDAY_WORDS_ZH, describeWeekdays } from './weekdays';

import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { nextRuns, parseSchedule } from './index';

// The oracle below is written from the field texts the generators produce, with luxon reading the
// wall clock, so it shares no code with the parser or the evaluator under test.

interface DayContext {
  readonly day: number;
  readonly daysInMonth: number;
  /** AWS numbering: 1 = Sunday … 7 = Saturday. */
  readonly weekday: number;
  readonly year: number;
  readonly month: number;
}

interface FieldCase<Context> {
  readonly text: string;
  readonly matches: (context: Context) => boolean;
}

type ValueCase = FieldCase<number>;
type DayCase = FieldCase<DayContext>;

const MONTH_NAMES = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const WEEKDAY_NAMES = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

function plainField(min: number, max: number, starWeight: number, names?: readonly string[]): fc.Arbitrary<ValueCase> {
  const value = fc.integer({ min, max });
  const spell = (item: number, useName: boolean): string => (useName && names ? names[item - min] ?? String(item) : String(item));
  return fc.oneof(
    { weight: starWeight, arbitrary: fc.constant<ValueCase>({ text: '*', matches: () => true }) },
    fc.tuple(value, fc.boolean()).map(([item, useName]): ValueCase => ({ text: spell(item, useName), matches: (x) => x === item })),
    fc.uniqueArray(value, { minLength: 2, maxLength: 4 }).map((items): ValueCase => ({ text: items.join(','), matches: (x) => items.includes(x) })),
    fc.tuple(value, value, fc.boolean()).map(([from, to, useName]): ValueCase => ({
      text: `${spell(from, useName)}-${spell(to, useName)}`,
      matches: (x) => (from <= to ? x >= from && x <= to : x >= from || x <= to),
    })),
    fc.tuple(value, fc.integer({ min: 1, max: max - min })).map(([from, step]): ValueCase => ({
      text: `${from}/${step}`, matches: (x) => x >= from && (x - from) % step === 0,
    })),
    fc.integer({ min: 1, max: max - min }).map((step): ValueCase => ({ text: `*/${step}`, matches: (x) => (x - min) % step === 0 })),
  );
}

const byDay = (field: ValueCase): DayCase => ({ text: field.text, matches: (context) => field.matches(context.day) });
const byWeekday = (field: ValueCase): DayCase => ({ text: field.text, matches: (context) => field.matches(context.weekday) });

function isWeekend(year: number, month: number, day: number): boolean {
  return DateTime.utc(year, month, day).weekday >= 6;
}

function findLastWeekday(context: DayContext): number {
  let day = context.daysInMonth;
  while (isWeekend(context.year, context.month, day)) day -= 1;
  return day;
}

function findNearestWeekday(context: DayContext, target: number): number {
  const luxonWeekday = DateTime.utc(context.year, context.month, target).weekday;
  if (luxonWeekday === 6) return target === 1 ? 3 : target - 1;
  if (luxonWeekday === 7) return target === context.daysInMonth ? target - 2 : target + 1;
  return target;
}

const dayOfMonthField = (starWeight: number): fc.Arbitrary<DayCase> => fc.oneof(
  { weight: 4, arbitrary: plainField(1, 31, starWeight).map(byDay) },
  fc.constant<DayCase>({ text: 'L', matches: (context) => context.day === context.daysInMonth }),
  fc.constant<DayCase>({ text: 'LW', matches: (context) => context.day === findLastWeekday(context) }),
  fc.integer({ min: 1, max: 31 }).map((target): DayCase => ({
    text: `${target}W`,
    matches: (context) => target <= context.daysInMonth && context.day === findNearestWeekday(context, target),
  })),
);

const dayOfWeekField = (starWeight: number): fc.Arbitrary<DayCase> => fc.oneof(
  { weight: 4, arbitrary: plainField(1, 7, starWeight, WEEKDAY_NAMES).filter((field) => !field.text.includes('/')).map(byWeekday) },
  fc.constant<DayCase>({ text: 'L', matches: (context) => context.weekday === 7 }),
  fc.integer({ min: 1, max: 7 }).map((weekday): DayCase => ({
    text: `${weekday}L`, matches: (context) => context.weekday === weekday && context.day + 7 > context.daysInMonth,
  })),
  fc.tuple(fc.integer({ min: 1, max: 7 }), fc.integer({ min: 1, max: 5 })).map(([weekday, nth]): DayCase => ({
    text: `${weekday}#${nth}`, matches: (context) => context.weekday === weekday && Math.ceil(context.day / 7) === nth,
  })),
);

const yearField = (starWeight: number): fc.Arbitrary<ValueCase> => fc.oneof(
  { weight: starWeight, arbitrary: fc.constant<ValueCase>({ text: '*', matches: () => true }) },
  fc.tuple(fc.integer({ min: 2025, max: 2031 }), fc.integer({ min: 0, max: 4 })).map(([from, length]): ValueCase => ({
    text: `${from}-${from + length}`, matches: (year) => year >= from && year <= from + length,
  })),
);

interface CronCase {
  readonly expression: string;
  readonly matches: (wall: DateTime) => boolean;
}

/** Random valid cron expressions; a higher `starWeight` makes `*` likelier, so runs are denser. */
const cronCases = (starWeight: number): fc.Arbitrary<CronCase> => fc.record({
  minutes: plainField(0, 59, starWeight),
  hours: plainField(0, 23, starWeight),
  days: fc.oneof(
    dayOfMonthField(starWeight).map((field) => ({ dayOfMonth: field.text, dayOfWeek: '?', field })),
    dayOfWeekField(starWeight).map((field) => ({ dayOfMonth: '?', dayOfWeek: field.text, field })),
  ),
  month: plainField(1, 12, starWeight, MONTH_NAMES),
  year: yearField(starWeight),
}).map(({ minutes, hours, days, month, year }) => ({
  expression: `cron(${minutes.text} ${hours.text} ${days.dayOfMonth} ${month.text} ${days.dayOfWeek} ${year.text})`,
  matches: (wall: DateTime): boolean => minutes.matches(wall.minute) && hours.matches(wall.hour)
    && month.matches(wall.month) && year.matches(wall.year)
    && days.field.matches({
      day: wall.day, daysInMonth: wall.daysInMonth ?? 31, weekday: (wall.weekday % 7) + 1, year: wall.year, month: wall.month,
    }),
}));

const ZONES = ['UTC', 'Asia/Shanghai', 'America/New_York', 'Europe/London', 'Australia/Lord_Howe', 'Asia/Kolkata', 'Pacific/Chatham', 'America/Santiago'];
// 2026's offset changes in those zones (UTC instants), where mistakes would show.
const TRANSITIONS: ReadonlyArray<readonly [string, string]> = [
  ['America/New_York', '2026-03-08T07:00'], ['America/New_York', '2026-11-01T06:00'],
  ['Europe/London', '2026-03-29T01:00'], ['Europe/London', '2026-10-25T01:00'],
  ['Australia/Lord_Howe', '2026-04-04T15:00'], ['Australia/Lord_Howe', '2026-10-03T15:30'],
  ['Pacific/Chatham', '2026-04-04T14:00'], ['Pacific/Chatham', '2026-09-26T14:00'],
  ['America/Santiago', '2026-04-05T03:00'], ['America/Santiago', '2026-09-06T04:00'],
];
const HOUR = 3_600_000;
const zoneAndAfter: fc.Arbitrary<readonly [string, number]> = fc.oneof(
  fc.tuple(fc.constantFrom(...ZONES), fc.integer({ min: Date.parse('2025-01-01T00:00Z'), max: Date.parse('2030-12-31T00:00Z') })),
  fc.tuple(fc.constantFrom(...TRANSITIONS), fc.integer({ min: -30 * HOUR, max: HOUR }))
    .map(([[zone, at], shift]) => [zone, Date.parse(`${at}Z`) + shift] as const),
);

/** True when no earlier instant within two hours shows the same wall clock (the run is the first occurrence). */
function isFirstOccurrence(instant: number, zone: string): boolean {
  const wall = DateTime.fromMillis(instant, { zone }).toFormat('yyyy-MM-dd HH:mm');
  return [30, 60, 90, 120].every((minutes) => DateTime.fromMillis(instant - minutes * 60_000, { zone }).toFormat('yyyy-MM-dd HH:mm') !== wall);
}

describe('nextRuns on random valid cron expressions', () => {
  it('returns strictly increasing first-occurrence runs that match every field, read in the zone', () => {
    fc.assert(fc.property(cronCases(3), zoneAndAfter, (testCase, [zone, after]) => {
      const parsed = parseSchedule(testCase.expression);
      expect(parsed.problems.filter((problem) => problem.severity === 'error')).toEqual([]);
      if (!parsed.ok) return;
      const runs = nextRuns(parsed.schedule, { after, zone, count: 20 });
      let previous = after;
      for (const run of runs) {
        expect(run).toBeGreaterThan(previous);
        expect(run % 60_000).toBe(0);
        expect(testCase.matches(DateTime.fromMillis(run, { zone }))).toBe(true);
        expect(isFirstOccurrence(run, zone)).toBe(true);
        previous = run;
      }
    }), { numRuns: 300 });
  });

  it('misses no run: a minute-by-minute walk over 36 hours finds exactly the same runs', () => {
    fc.assert(fc.property(cronCases(12), zoneAndAfter, (testCase, [zone, after]) => {
      const parsed = parseSchedule(testCase.expression);
      if (!parsed.ok) return;
      const until = after + 36 * HOUR;
      const expected: number[] = [];
      for (let instant = Math.floor(after / 60_000) * 60_000 + 60_000; instant <= until; instant += 60_000) {
        if (testCase.matches(DateTime.fromMillis(instant, { zone })) && isFirstOccurrence(instant, zone)) expected.push(instant);
      }
      expect(nextRuns(parsed.schedule, { after, zone, until })).toEqual(expected);
    }), { numRuns: 60 });
  });
});

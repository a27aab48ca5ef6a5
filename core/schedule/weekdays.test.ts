import { describe, expect, it } from 'vitest';
import { nextRuns, parseSchedule, type ScheduleProblem } from './index';
import { suggestCron } from './parse-cron';
import { describeWeekdays, readUnixWeekdays, writeWeekdayNames } from './weekdays';

const WEEK_START = Date.UTC(2027, 0, 3); // a Sunday

/** The UTC weekdays (0 = Sunday, as Date counts) a schedule runs on over three weeks. */
function weekdaysRun(expression: string): number[] {
  const parsed = parseSchedule(expression);
  if (!parsed.ok) throw new Error(`${expression} does not parse: ${parsed.problems.map((problem) => problem.message.en).join('; ')}`);
  const runs = nextRuns(parsed.schedule, { after: WEEK_START - 1, until: WEEK_START + 21 * 86_400_000, zone: 'UTC' });
  return [...new Set(runs.map((run) => new Date(run).getUTCDay()))].sort();
}

const errorsOf = (problems: readonly ScheduleProblem[]) => problems.filter((problem) => problem.severity === 'error');

describe('Unix day-of-week numbers map to AWS days (0 and 7 = Sunday, 1 = Monday … 6 = Saturday)', () => {
  const single: Array<[string, string]> = [
    ['0', 'SUN'], ['1', 'MON'], ['2', 'TUE'], ['3', 'WED'], ['4', 'THU'], ['5', 'FRI'], ['6', 'SAT'], ['7', 'SUN'],
  ];
  const composite: Array<[string, string]> = [
    ['1-5', 'MON-FRI'], ['0-6', '*'], ['1-7', '*'], ['0-4', 'SUN-THU'], ['5-7', 'SUN,FRI,SAT'], ['6-7', 'SUN,SAT'],
    ['0,6', 'SUN,SAT'], ['1,3,5', 'MON,WED,FRI'], ['7,1', 'SUN,MON'], ['2-4,6', 'TUE-THU,SAT'],
    ['*/2', 'SUN,TUE,THU,SAT'], ['1-5/2', 'MON,WED,FRI'], ['0/3', 'SUN,WED,SAT'], ['*/7', 'SUN'],
    ['mon-fri', 'MON-FRI'], ['SAT,SUN', 'SUN,SAT'], ['*', '*'],
  ];
  it.each([...single, ...composite])('Unix %s is %s', (unix, names) => {
    const days = readUnixWeekdays(unix);
    expect(days && writeWeekdayNames(days)).toBe(names);
  });

  it.each(['?', 'L', '5L', '2#1', '5-1', '8', 'FOO', '1-5/0'])('%s is no Unix day-of-week, so nothing is guessed', (field) => {
    expect(readUnixWeekdays(field)).toBeUndefined();
  });

  it.each([...single, ...composite])('cron(0 12 * * %s) becomes an AWS cron that runs on the days Unix cron runs', (unix) => {
    const suggestion = suggestCron(['0', '12', '*', '*', unix]);
    if (suggestion === undefined) throw new Error(`no suggestion for ${unix}`);
    const parsed = parseSchedule(suggestion);
    expect(parsed.problems).toEqual([]);
    const unixDays = (readUnixWeekdays(unix) ?? []).map((day) => day - 1);
    expect(weekdaysRun(suggestion)).toEqual(unixDays);
  });
});

describe('suggestions for crons AWS rejects are valid AWS crons', () => {
  const cases: Array<[string, string]> = [
    // AWS's conversion examples (a five-field Unix cron gains ? and a year).
    ['cron(0 0 1 * *)', 'cron(0 0 1 * ? *)'],
    ['cron(0 9 * * MON)', 'cron(0 9 ? * MON *)'],
    ['cron(*/15 * * * *)', 'cron(*/15 * * * ? *)'],
    ['cron(0 12 * * 1-5)', 'cron(0 12 ? * MON-FRI *)'],
    ['cron(30 9 * * *)', 'cron(30 9 * * ? *)'],
    ['cron(0 18 * * 0,6)', 'cron(0 18 ? * SUN,SAT *)'],
    // Five AWS fields without the year.
    ['cron(0 9 * * ?)', 'cron(0 9 * * ? *)'],
    ['cron(0 9 ? * 2-6)', 'cron(0 9 ? * MON-FRI *)'],
    // A clock time written in one field.
    ['cron(12:00 * * ? *)', 'cron(0 12 * * ? *)'],
    ['cron(9:30 * * ? *)', 'cron(30 9 * * ? *)'],
    // Quartz seconds (its day-of-week numbers are AWS's).
    ['cron(0 0 12 ? * 2-6 *)', 'cron(0 12 ? * MON-FRI *)'],
    // ? in the wrong place, or in both day fields.
    ['cron(0 9 * * * *)', 'cron(0 9 * * ? *)'],
    ['cron(0 10 * * MON *)', 'cron(0 10 ? * MON *)'],
    ['cron(0 9 ? * ? *)', 'cron(0 9 * * ? *)'],
    // Day-of-week 0 gives Unix numbering away.
    ['cron(0 9 ? * 0 *)', 'cron(0 9 ? * SUN *)'],
    ['cron(0 9 ? * 0-4 *)', 'cron(0 9 ? * SUN-THU *)'],
    // Not wrapped at all.
    ['0 12 * * 1-5', 'cron(0 12 ? * MON-FRI *)'],
  ];
  it.each(cases)('%s → %s, offered as the fix and named in the message', (written, expected) => {
    const result = parseSchedule(written);
    const errors = errorsOf(result.problems);
    expect(errors.length).toBeGreaterThan(0);
    for (const error of errors) {
      expect(error.fixes?.map((fix) => fix.expression)).toEqual([expected]);
      if (/e\.g\./.test(error.message.en)) expect(`${error.message.en} ${error.message.zh}`).toContain(expected);
    }
    expect(parseSchedule(expected).problems).toEqual([]);
  });

  it('offers no fix where Unix cron reads either day (day-of-month and day-of-week both set), and the example still parses', () => {
    const result = parseSchedule('cron(0 9 1 * 1)');
    const [error] = errorsOf(result.problems);
    expect(error?.fixes).toBeUndefined();
    const example = /e\.g\. (cron\([^)]*\))/.exec(error?.message.en ?? '')?.[1] ?? '';
    expect(parseSchedule(example).ok).toBe(true);
  });
});

describe('a numeric day-of-week is a warning that names its days; names never warn', () => {
  const numeric: Array<[string, string, string, string]> = [
    // field, AWS days in words, names of the same days, names of the Unix reading
    ['1', 'Sunday', 'SUN', 'MON'], ['2', 'Monday', 'MON', 'TUE'], ['3', 'Tuesday', 'TUE', 'WED'], ['4', 'Wednesday', 'WED', 'THU'],
    ['5', 'Thursday', 'THU', 'FRI'], ['6', 'Friday', 'FRI', 'SAT'], ['7', 'Saturday', 'SAT', 'SUN'],
    ['1-5', 'Sunday–Thursday', 'SUN-THU', 'MON-FRI'], ['2-6', 'Monday–Friday', 'MON-FRI', 'TUE-SAT'],
    ['1,7', 'Sunday and Saturday', 'SUN,SAT', 'SUN,MON'], ['2,4,6', 'Monday, Wednesday and Friday', 'MON,WED,FRI', 'TUE,THU,SAT'],
    ['1/2', 'Sunday, Tuesday, Thursday and Saturday', 'SUN,TUE,THU,SAT', 'MON,WED,FRI,SUN'],
    ['MON,3', 'Monday and Tuesday', 'MON,TUE', 'MON,WED'],
  ];
  it.each(numeric)('day-of-week %s is %s: fixes to %s (same days) and %s (the Unix reading)', (field, words, same, unix) => {
    const expression = `cron(0 12 ? * ${field} *)`;
    const result = parseSchedule(expression);
    expect(result.ok).toBe(true);
    const [warning, ...others] = result.problems.filter((problem) => problem.code === 'weekday');
    expect(others).toEqual([]);
    expect(warning?.severity).toBe('warning');
    expect(warning?.message.en).toContain(`means ${words} in AWS cron`);
    expect(warning?.message.en).toContain('Unix cron counts 0 = Sunday');
    expect(expression.slice(warning?.start, warning?.end)).toBe(field);
    const [sameFix, unixFix] = warning?.fixes ?? [];
    expect(sameFix?.expression).toBe(`cron(0 12 ? * ${same} *)`);
    const unixDays = readUnixWeekdays(unix);
    expect(unixFix?.expression).toBe(`cron(0 12 ? * ${unixDays ? writeWeekdayNames(unixDays) : unix} *)`);
    // The first fix keeps the meaning: the same runs, and no warning left.
    expect(weekdaysRun(sameFix?.expression ?? '')).toEqual(weekdaysRun(expression));
    for (const fix of warning?.fixes ?? []) expect(parseSchedule(fix.expression).problems).toEqual([]);
  });

  it('says it in Chinese with the days in Chinese', () => {
    const [warning] = parseSchedule('cron(0 12 ? * 1-5 *)').problems;
    expect(warning?.message.zh).toContain('表示周日至周四');
    expect(warning?.message.zh).toContain('MON-FRI（周一至周五）');
    expect(describeWeekdays([2, 3, 4, 5, 6]).zh).toBe('周一至周五');
  });

  it.each(['SUN', 'MON-FRI', 'SAT,SUN', 'MON,WED,FRI', '*', 'L', '6L', 'FRIL', '3#2', 'MON#2'])('day-of-week %s does not warn', (field) => {
    expect(parseSchedule(`cron(0 12 ? * ${field} *)`).problems).toEqual([]);
  });

  it('a step after a name is no numeric day (only the / in day-of-week is flagged)', () => {
    expect(parseSchedule('cron(0 12 ? * MON/2 *)').problems.map((problem) => problem.code)).toEqual([undefined]);
  });
});

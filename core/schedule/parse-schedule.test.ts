import { describe, expect, it } from 'vitest';
import { parseSchedule, type ScheduleProblem } from './index';

/** Splits a case written as `cron(«60» 10 * * ? *)` into the expression and the marked span. */
function readMarkedCase(marked: string): { expression: string; start: number; end: number } {
  const start = marked.indexOf('«');
  const end = marked.indexOf('»') - 1;
  return { expression: marked.replace('«', '').replace('»', ''), start, end };
}

function findProblemAt(problems: readonly ScheduleProblem[], start: number, end: number): ScheduleProblem | undefined {
  return problems.find((problem) => problem.start === start && problem.end === end);
}

describe('parseSchedule accepts valid AWS syntax without any problem', () => {
  const documented = [
    // Every example of AWS's cron reference and Scheduler guide.
    'cron(0 10 * * ? *)', 'cron(15 12 * * ? *)', 'cron(0 18 ? * MON-FRI *)', 'cron(0 8 1 * ? *)',
    'cron(0/15 * * * ? *)', 'cron(0/10 * ? * MON-FRI *)', 'cron(0/5 8-17 ? * MON-FRI *)',
    'cron(0/30 20-2 ? * MON-FRI *)', 'cron(15 10 ? * 6L 2019-2022)', 'cron(5,35 14 * * ? *)',
    'cron(0 20 * * ? *)', 'cron(1/10 * * * ? *)', 'cron(0 10 ? JAN,FEB,MAR * *)', 'cron(0 10 1-15 * ? *)',
    // The wildcards the table documents.
    'cron(0 9 ? * 2#1 *)', 'cron(0 9 ? * 3#2 *)', 'cron(0 9 3W * ? *)', 'cron(0 9 L * ? *)', 'cron(0 9 ? * L *)',
    'cron(0 0 1 1 ? 2027)', 'cron(0 12 ? * SUN,SAT *)', 'cron(0 9 ? * MON#2 *)', 'cron(0 9 ? * FRIL *)',
    // Seen working on AWS: */n (AWS's SSM docs, deployed stacks) and LW (deployed CDK stacks).
    'cron(*/15 * * * ? *)', 'cron(0 */1 * * ? *)', 'cron(0 0 LW * ? *)',
    // Decisions: wrap-around ranges in any field but year, unsorted lists.
    'cron(0 10 28-3 * ? *)', 'cron(0 10 ? NOV-FEB FRI-MON *)', 'cron(12,6 0 ? * * *)',
    'rate(1 minute)', 'rate(5 minutes)', 'rate(1 hour)', 'rate(12 hours)', 'rate(1 day)', 'rate(7 days)',
    'at(2026-09-10T20:00:00)', 'at(2028-02-29T00:00:00)', 'at(2022-12-31T23:59:59)',
  ];
  it.each(documented)('%s', (expression) => {
    const result = parseSchedule(expression);
    expect(result.problems).toEqual([]);
    expect(result.ok).toBe(true);
  });

  it('reads the fields of a cron expression, wrap-around hours included', () => {
    const result = parseSchedule('cron(0/30 20-2 ? * MON-FRI *)');
    if (!result.ok || result.schedule.type !== 'cron') throw new Error('expected a cron schedule');
    expect(result.schedule.minutes.values).toEqual([0, 30]);
    expect(result.schedule.hours.values).toEqual([0, 1, 2, 20, 21, 22, 23]);
    expect(result.schedule.dayOfMonth.parts).toEqual([]);
    expect(result.schedule.dayOfWeek.values).toEqual([2, 3, 4, 5, 6]);
    expect(result.schedule.year.values).toHaveLength(230);
  });

  it('reads L, W and # into their own parts', () => {
    const last = parseSchedule('cron(15 10 ? * 6L 2019-2022)');
    const nearest = parseSchedule('cron(0 9 15W * ? *)');
    const nth = parseSchedule('cron(0 9 ? * TUE#2 *)');
    expect(last.ok && last.schedule.type === 'cron' && last.schedule.dayOfWeek.parts).toEqual([{ kind: 'last-weekday-of-month', weekday: 6 }]);
    expect(last.ok && last.schedule.type === 'cron' && last.schedule.year.values).toEqual([2019, 2020, 2021, 2022]);
    expect(nearest.ok && nearest.schedule.type === 'cron' && nearest.schedule.dayOfMonth.parts).toEqual([{ kind: 'nearest-weekday', day: 15 }]);
    expect(nth.ok && nth.schedule.type === 'cron' && nth.schedule.dayOfWeek.parts).toEqual([{ kind: 'nth-weekday', weekday: 3, nth: 2 }]);
  });

  it('reads rate and at expressions', () => {
    expect(parseSchedule('rate(12 hours)')).toMatchObject({ ok: true, schedule: { type: 'rate', value: 12, unit: 'hours', minutes: 720 } });
    expect(parseSchedule('rate(1 day)')).toMatchObject({ ok: true, schedule: { unit: 'days', minutes: 1440 } });
    expect(parseSchedule('at(2026-09-10T20:05:09)')).toMatchObject({
      ok: true, schedule: { type: 'at', local: { year: 2026, month: 9, day: 10, hour: 20, minute: 5, second: 9 } },
    });
  });
});

describe('parseSchedule rejects what AWS rejects, underlining the exact part', () => {
  const invalid: Array<[string, string]> = [
    ['cron(0 10 «*» * MON *)', 'cron(0 10 ? * MON *)'],
    ['cron(0 10 1 * «MON» *)', 'cron(0 10 1 * ? *)'],
    ['cron(0 1 * * «*» *)', 'cron(0 1 * * ? *)'],
    ['cron(0 10 ? * «?» *)', 'cron(0 10 * * ? *)'],
    ['cron(«0 10 * * ?»)', 'cron(0 10 * * ? *)'],
    ['cron(«0 0 10 * * ? *»)', 'cron(0 10 * * ? *)'],
    ['cron(«60» 10 * * ? *)', '0-59'],
    ['cron(«71» 8 1 * ? *)', '0-59'],
    ['cron(0 10 ? * «0» *)', 'SUN'],
    ['cron(0 10 ? * «8» *)', '1-7'],
    ['cron(0 10 * * ? «2200»)', '1970-2199'],
    ['cron(0 10 * * ? «1969»)', '1970-2199'],
    ['cron(0 10 ? * «3#1,6#3» *)', '3#1,6#3'],
    ['cron(«L» 10 * * ? *)', 'day-of-month'],
    ['cron(0 10 ? * 2«W» *)', '15W'],
    ['cron(0 10 3«#»2 * ? *)', 'day-of-week'],
    ['cron(«?» 10 * * ? *)', 'use *'],
    ['cron(0 10 1 «FOO» ? *)', 'JAN-DEC'],
    ['cron(0 10 1 JAN-«FOO» ? *)', 'JAN-DEC'],
    ['cron(0 10 ? * «MONDAY» *)', "'MON'"],
    ['cron(0 «dummy» ? * MON-FRI *)', '0-23'],
    ['cron(*/«60» * * * ? *)', 'rate(60 minutes)'],
    ['cron(0/«0» * * * ? *)', '0/15'],
    ['cron(0,«,»5 10 * * ? *)', 'comma'],
    ['cron(0 10 «1-5W» * ? *)', '15W'],
    ['cron(0 10 L-«31» * ? *)', '0-30'],
    ['«cron()»', 'cron(0 10 * * ? *)'],
    ['cron(0 10 * * ? «*»', ')'],
    ['«crons»(0 10 * * ? *)', 'cron(...)'],
    ['cron(0 10 * * ? *)« extra»', ')'],
    ['«0 10 * * ?»', 'cron(0 10 * * ? *)'],
    ['«every 5 minutes»', 'rate(15 minutes)'],
    ['«»', 'cron(0 10 * * ? *)'],
    ['rate(«0» minutes)', 'rate(1 minute)'],
    ['rate(30 «seconds»)', 'rate(1 minute)'],
    ['rate(«1.5» hours)', 'rate(90 minutes)'],
    ['rate(«-10» minutes)', '1 or more'],
    ['rate(«10»)', 'rate(10 minutes)'],
    ['«rate()»', 'rate(15 minutes)'],
    ['rate(10 «minutess»)', 'minute(s)'],
    ['rate(«foo» minutes)', 'whole number'],
    ['rate(10 «years»)', 'cron(0 9 1 * ? *)'],
    ['rate(2 «weeks»)', 'rate(14 days)'],
    ['rate(10 minutes «extra»)', 'rate(15 minutes)'],
    ['rate(« »10 minutes )', 'rate( 10 minutes )'],
    ['« »rate(10 minutes)', "' rate(10 minutes)'"],
    ['at(2026-02-«30»T10:00:00)', '28 days'],
    ['at(2026-«13»-01T00:00:00)', '01-12'],
    ['at(2026-09-10T«24»:00:00)', '00-23'],
    ['at(«2026-09-10 20:00»)', 'at(2026-09-10T20:00:00)'],
    ['at(2021-12-31T23:59:59«Z»)', 'at(2021-12-31T23:59:59)'],
    ['at(«2021-12-31»)', 'at(2021-12-31T00:00:00)'],
    ['at(«tomorrow»)', 'at(2026-09-10T20:00:00)'],
  ];
  it.each(invalid)('%s', (marked, hint) => {
    const { expression, start, end } = readMarkedCase(marked);
    const result = parseSchedule(expression);
    expect(result.ok).toBe(false);
    const problem = findProblemAt(result.problems, start, end);
    expect(problem, JSON.stringify(result.problems)).toMatchObject({ severity: 'error' });
    expect(problem?.message.en).toContain(hint);
  });

  it('reports one problem per bad field', () => {
    const result = parseSchedule('cron(60 24 32 13 ? 2200)');
    expect(result.ok).toBe(false);
    expect(result.problems.map((problem) => [problem.start, problem.end])).toEqual([[5, 7], [8, 10], [11, 13], [14, 16], [19, 23]]);
  });
});

describe('parseSchedule warns, without failing, about syntax AWS may reject', () => {
  const warnings: Array<[string, string]> = [
    ['cron(0 10 ? * «mon» *)', "'MON'"],
    ['«CRON»(0 10 * * ? *)', "'cron'"],
    ['rate(1 «minutes»)', "'minute'"],
    ['rate(5 «minute»)', "'minutes'"],
    ['rate(5 «Minutes»)', "'minutes'"],
    ['rate(5«  »minutes)', 'single space'],
    ['cron(0 10 ? * 2«/»2 *)', 'MON,WED,FRI'],
    ['cron(0 0/«24» * * ? *)', 'AWS may reject'],
    ['cron(0 10 «L-3» * ? *)', 'L-n'],
    ['cron(0 10 «1W,15W» * ? *)', 'W combined'],
    ['cron(0 10 «L,15» * ? *)', 'L combined'],
    ['cron(0 10 ? * 3#«6» *)', '#1-#5'],
    ['cron(0 10 * * ? «2025-2020»)', '2020-2025'],
    ['cron(0 0 «30» 2 ? *)', 'never runs'],
    ['cron(« »0 10 * * ? *)', 'parentheses'],
    ['cron(0«  »10 * * ? *)', 'single space'],
    ['cron(0 10 * *«\t»? *)', 'single space'],
    ['at(2026-09-10«t»20:00:00)', 'at(2026-09-10T20:00:00)'],
  ];
  it.each(warnings)('%s', (marked, hint) => {
    const { expression, start, end } = readMarkedCase(marked);
    const result = parseSchedule(expression);
    expect(result.problems.filter((problem) => problem.severity === 'error')).toEqual([]);
    expect(result.ok).toBe(true);
    const problem = findProblemAt(result.problems, start, end);
    expect(problem, JSON.stringify(result.problems)).toMatchObject({ severity: 'warning' });
    expect(problem?.message.en).toContain(hint);
  });
});

describe('problem messages', () => {
  const samples = ['cron(0 10 * * MON *)', 'rate(0 minutes)', 'at(2026-02-30T10:00:00)', 'cron(0 10 ? * mon *)', 'rate(1 minutes)'];
  it.each(samples)('%s has English and Simplified Chinese text', (expression) => {
    const { problems } = parseSchedule(expression);
    expect(problems.length).toBeGreaterThan(0);
    for (const problem of problems) {
      expect(problem.message.en).toMatch(/[a-z]/);
      expect(problem.message.zh).toMatch(/[\u4e00-\u9fff]/);
    }
  });

  it('tells how to fix both day fields being set, with a concrete expression', () => {
    const { problems } = parseSchedule('cron(0 10 * * MON *)');
    expect(problems[0]?.message.en).toBe(
      'day-of-month and day-of-week cannot both be set: use ? in one of them, e.g. cron(0 10 ? * MON *)',
    );
    expect(problems[0]?.message.zh).toContain('cron(0 10 ? * MON *)');
  });
});

import { describe, expect, it } from 'vitest';
import { classifyLocalTime, isValidTimeZone, nextRuns, parseSchedule, resolveLocalTime, type Schedule } from './index';

function parse(expression: string): Schedule {
  const result = parseSchedule(expression);
  if (!result.ok) throw new Error(`${expression}: ${JSON.stringify(result.problems)}`);
  return result.schedule;
}

const utc = (iso: string): number => Date.parse(`${iso}Z`);
const iso = (runs: readonly number[]): string[] => runs.map((run) => new Date(run).toISOString().slice(0, 16));
const NEW_YORK = 'America/New_York';

describe('nextRuns for cron schedules: L, W and # on known dates', () => {
  it('runs on the last Friday of each month (6L)', () => {
    const runs = nextRuns(parse('cron(15 10 ? * 6L *)'), { after: utc('2026-01-01T00:00'), zone: 'UTC', count: 12 });
    expect(runs.map((run) => new Date(run).getUTCDate())).toEqual([30, 27, 27, 24, 29, 26, 31, 28, 25, 30, 27, 25]);
    expect(iso(runs)[0]).toBe('2026-01-30T10:15');
  });

  it('runs on the second Tuesday (3#2 and TUE#2 agree)', () => {
    const expected = [13, 10, 10, 14, 12, 9, 14, 11, 8, 13, 10, 8];
    for (const expression of ['cron(0 9 ? * 3#2 *)', 'cron(0 9 ? * TUE#2 *)']) {
      const runs = nextRuns(parse(expression), { after: utc('2026-01-01T00:00'), zone: 'UTC', count: 12 });
      expect(runs.map((run) => new Date(run).getUTCDate())).toEqual(expected);
    }
  });

  it('moves 1W off a weekend without leaving the month (Saturday the 1st → Monday the 3rd)', () => {
    const runs = nextRuns(parse('cron(0 9 1W * ? *)'), { after: utc('2026-01-01T00:00'), zone: 'UTC', count: 12 });
    expect(iso(runs).map((run) => run.slice(5, 10))).toEqual([
      '01-01', '02-02', '03-02', '04-01', '05-01', '06-01', '07-01', '08-03', '09-01', '10-01', '11-02', '12-01',
    ]);
  });

  it('moves 31W back to Friday the 29th when the 31st is a Sunday, and skips 30-day months', () => {
    const runs = nextRuns(parse('cron(0 9 31W * ? *)'), { after: utc('2026-01-01T00:00'), zone: 'UTC', count: 7 });
    expect(iso(runs).map((run) => run.slice(5, 10))).toEqual(['01-30', '03-31', '05-29', '07-31', '08-31', '10-30', '12-31']);
  });

  it('runs on the last day (L) and the last weekday (LW) of the month', () => {
    const after = utc('2026-01-01T00:00');
    expect(iso(nextRuns(parse('cron(0 9 L * ? *)'), { after, zone: 'UTC', count: 3 }))).toEqual(['2026-01-31T09:00', '2026-02-28T09:00', '2026-03-31T09:00']);
    expect(iso(nextRuns(parse('cron(0 9 LW * ? *)'), { after, zone: 'UTC', count: 5 })).map((run) => run.slice(5, 10)))
      .toEqual(['01-30', '02-27', '03-31', '04-30', '05-29']);
    expect(iso(nextRuns(parse('cron(0 9 L 2 ? *)'), { after: utc('2028-01-01T00:00'), zone: 'UTC', count: 1 }))).toEqual(['2028-02-29T09:00']);
  });

  it('reads day-of-week L alone as Saturday and 5#5 as a fifth Thursday that only some months have', () => {
    const saturdays = nextRuns(parse('cron(0 9 ? * L *)'), { after: utc('2026-09-07T00:00'), zone: 'UTC', count: 2 });
    expect(iso(saturdays)).toEqual(['2026-09-12T09:00', '2026-09-19T09:00']);
    const fifthThursdays = nextRuns(parse('cron(0 9 ? * 5#5 *)'), { after: utc('2026-01-01T00:00'), zone: 'UTC', count: 4 });
    expect(iso(fifthThursdays).map((run) => run.slice(0, 10))).toEqual(['2026-01-29', '2026-04-30', '2026-07-30', '2026-10-29']);
  });
});

describe('nextRuns for cron schedules: fields', () => {
  it('wraps hours 20-2 past midnight but keeps MON-FRI for the day each run falls on', () => {
    const runs = nextRuns(parse('cron(0/30 20-2 ? * MON-FRI *)'), { after: utc('2026-09-11T19:00'), zone: 'UTC', count: 10 });
    expect(iso(runs)).toEqual([
      '2026-09-11T20:00', '2026-09-11T20:30', '2026-09-11T21:00', '2026-09-11T21:30', '2026-09-11T22:00',
      '2026-09-11T22:30', '2026-09-11T23:00', '2026-09-11T23:30', '2026-09-14T00:00', '2026-09-14T00:30',
    ]);
  });

  it('handles unsorted lists (12,6 runs at :06 and :12)', () => {
    const runs = nextRuns(parse('cron(12,6 0 ? * * *)'), { after: utc('2026-09-10T00:00'), zone: 'UTC', count: 3 });
    expect(iso(runs)).toEqual(['2026-09-10T00:06', '2026-09-10T00:12', '2026-09-11T00:06']);
  });

  it('evaluates in the zone: 10:00 in Asia/Shanghai is 02:00 UTC', () => {
    const runs = nextRuns(parse('cron(0 10 * * ? *)'), { after: utc('2026-09-10T02:00'), zone: 'Asia/Shanghai', count: 2 });
    expect(iso(runs)).toEqual(['2026-09-11T02:00', '2026-09-12T02:00']);
  });

  // A schedule that never fires must end, not walk minute by minute until the year 2199:
  // if it did, this test would hit the test timeout.
  it('returns [] for a schedule that never runs or whose years are past', () => {
    expect(nextRuns(parse('cron(0 0 30 2 ? *)'), { after: utc('2026-01-01T00:00'), zone: NEW_YORK })).toEqual([]);
    expect(nextRuns(parse('cron(15 10 ? * 6L 2019-2022)'), { after: utc('2026-01-01T00:00'), zone: 'UTC' })).toEqual([]);
    expect(nextRuns(parse('cron(0 10 * * ? 2025-2020)'), { after: utc('2019-01-01T00:00'), zone: 'UTC' })).toEqual([]);
  });
});

describe('nextRuns across daylight-saving changes (America/New_York, 2026)', () => {
  it('skips 02:30 on the spring-forward day (8 March)', () => {
    const runs = nextRuns(parse('cron(30 2 * * ? *)'), { after: utc('2026-03-06T00:00'), zone: NEW_YORK, count: 3 });
    expect(iso(runs)).toEqual(['2026-03-06T07:30', '2026-03-07T07:30', '2026-03-09T06:30']);
  });

  it('runs 01:30 once on the fall-back day (1 November), at its first occurrence (EDT)', () => {
    const runs = nextRuns(parse('cron(30 1 * * ? *)'), { after: utc('2026-10-31T00:00'), zone: NEW_YORK, count: 3 });
    expect(iso(runs)).toEqual(['2026-10-31T05:30', '2026-11-01T05:30', '2026-11-02T06:30']);
  });

  it('does not repeat the doubled hour for a half-hourly schedule', () => {
    const runs = nextRuns(parse('cron(0/30 * * * ? *)'), { after: utc('2026-11-01T04:00'), zone: NEW_YORK, count: 5 });
    expect(iso(runs)).toEqual(['2026-11-01T04:30', '2026-11-01T05:00', '2026-11-01T05:30', '2026-11-01T07:00', '2026-11-01T07:30']);
  });

  it('starting inside the second pass of the doubled hour, goes on at the next new wall time', () => {
    const runs = nextRuns(parse('cron(0/30 * * * ? *)'), { after: utc('2026-11-01T06:10'), zone: NEW_YORK, count: 1 });
    expect(iso(runs)).toEqual(['2026-11-01T07:00']);
  });
});

describe('nextRuns for rate and at schedules', () => {
  it('counts a rate from its anchor, floored to the minute', () => {
    const runs = nextRuns(parse('rate(15 minutes)'), {
      after: utc('2026-09-10T10:30'), zone: 'UTC', count: 3, rateAnchor: utc('2026-09-10T10:07') + 30_000,
    });
    expect(iso(runs)).toEqual(['2026-09-10T10:37', '2026-09-10T10:52', '2026-09-10T11:07']);
  });

  it('starts a rate one interval after `after` when no anchor is given', () => {
    expect(iso(nextRuns(parse('rate(1 hour)'), { after: utc('2026-09-10T10:00'), zone: 'UTC', count: 2 })))
      .toEqual(['2026-09-10T11:00', '2026-09-10T12:00']);
  });

  it('returns the anchor itself when it lies after `after`', () => {
    const runs = nextRuns(parse('rate(5 minutes)'), { after: utc('2026-09-10T10:00'), zone: 'UTC', count: 1, rateAnchor: utc('2026-09-10T12:00') });
    expect(iso(runs)).toEqual(['2026-09-10T12:00']);
  });

  it('keeps a day 24 hours long across spring-forward, so local time shifts an hour', () => {
    const runs = nextRuns(parse('rate(1 day)'), { after: utc('2026-03-07T17:00'), zone: NEW_YORK, count: 1, rateAnchor: utc('2026-03-07T17:00') });
    expect(iso(runs)).toEqual(['2026-03-08T17:00']);
  });

  it('honours `until` inclusively, with or without count', () => {
    const schedule = parse('rate(10 minutes)');
    const after = utc('2026-09-10T10:00');
    expect(nextRuns(schedule, { after, zone: 'UTC', rateAnchor: after, until: utc('2026-09-10T10:30') })).toHaveLength(3);
    expect(nextRuns(schedule, { after, zone: 'UTC', rateAnchor: after, until: utc('2026-09-10T10:29') })).toHaveLength(2);
    expect(nextRuns(parse('cron(0 10 * * ? *)'), { after, zone: 'UTC', until: utc('2026-09-13T10:00') })).toHaveLength(3);
    expect(nextRuns(schedule, { after, zone: 'UTC', until: after })).toEqual([]);
  });

  it('returns 10 runs by default and none for count 0', () => {
    expect(nextRuns(parse('cron(0 10 * * ? *)'), { after: 0, zone: 'UTC' })).toHaveLength(10);
    expect(nextRuns(parse('cron(0 10 * * ? *)'), { after: 0, zone: 'UTC', count: 0 })).toEqual([]);
  });

  it('runs an at() schedule once, at its local time in the zone', () => {
    const schedule = parse('at(2026-09-10T20:00:00)');
    expect(iso(nextRuns(schedule, { after: utc('2026-09-01T00:00'), zone: 'Asia/Shanghai' }))).toEqual(['2026-09-10T12:00']);
    expect(nextRuns(schedule, { after: utc('2026-09-10T12:00'), zone: 'Asia/Shanghai' })).toEqual([]);
  });

  it('puts an at() time inside the spring-forward gap one hour later, and an ambiguous one at its first occurrence', () => {
    const after = utc('2026-01-01T00:00');
    expect(iso(nextRuns(parse('at(2026-03-08T02:30:00)'), { after, zone: NEW_YORK }))).toEqual(['2026-03-08T07:30']);
    expect(iso(nextRuns(parse('at(2026-11-01T01:30:00)'), { after, zone: NEW_YORK }))).toEqual(['2026-11-01T05:30']);
  });
});

describe('time zones', () => {
  it('classifies local times as ok, gap or overlap', () => {
    const at = (month: number, day: number, hour: number, minute: number) => ({ year: 2026, month, day, hour, minute, second: 0 });
    expect(classifyLocalTime(at(3, 8, 2, 30), NEW_YORK)).toBe('gap');
    expect(classifyLocalTime(at(11, 1, 1, 30), NEW_YORK)).toBe('overlap');
    expect(classifyLocalTime(at(11, 1, 3, 30), NEW_YORK)).toBe('ok');
    expect(classifyLocalTime(at(3, 29, 1, 30), 'Europe/London')).toBe('gap');
    expect(classifyLocalTime(at(3, 8, 2, 30), 'Asia/Shanghai')).toBe('ok');
    expect(resolveLocalTime(at(10, 25, 1, 30), 'Europe/London')).toEqual({ kind: 'overlap', instant: utc('2026-10-25T00:30') });
  });

  it('validates IANA names, and nextRuns refuses an unknown zone', () => {
    expect(isValidTimeZone('Asia/Shanghai')).toBe(true);
    expect(isValidTimeZone('UTC')).toBe(true);
    expect(isValidTimeZone('Mars/Olympus_Mons')).toBe(false);
    expect(isValidTimeZone('')).toBe(false);
    expect(() => nextRuns(parse('rate(5 minutes)'), { after: 0, zone: 'Mars/Olympus_Mons' })).toThrow(RangeError);
  });
});

import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compilePlan, folderFileProvider, parseMetricsCsv, readPlaybookFolder, validateWorkspace } from '../core/index';
// @ts-expect-error a plain ESM script of the repository, without type declarations
import { daysSinceSample, prepareSampleToday, shiftDates } from '../scripts/sample-today.mjs';

const SAMPLE = join(import.meta.dirname, '..', 'playbooks');
const temp = mkdtempSync(join(tmpdir(), 'flywheel-sample-today-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

describe('shiftDates', () => {
  it('moves dates, also inside local times, instants and at() schedules, across months, years and leap days', () => {
    expect(shiftDates('window: { start: 2027-01-20, end: 2027-02-20 }', 12)).toBe('window: { start: 2027-02-01, end: 2027-03-04 }');
    expect(shiftDates('at: 2028-02-28 20:00', 1)).toBe('at: 2028-02-29 20:00');
    expect(shiftDates('2026-12-31T23:00:00+08:00,views,3', 1)).toBe('2027-01-01T23:00:00+08:00,views,3');
    expect(shiftDates('schedule: at(2027-01-22T20:00:00)', -22)).toBe('schedule: at(2026-12-31T20:00:00)');
  });

  it('leaves what is not a calendar date alone: schedules, numbers, years in text, impossible dates', () => {
    const text = 'cron(0 12 ? * MON-FRI *) 2027 春节 12-25 20261201 12026-01-01 2027-02-30 rate(15 minutes) 1000000';
    expect(shiftDates(text, 30)).toBe(text);
  });
});

describe('npm start on any day', () => {
  // Today as the sample's own day, a week later, past a year end, past a leap day, years later.
  for (const today of ['2026-11-26', '2026-12-08', '2027-01-03', '2028-03-01', '2031-07-15']) {
    it(`on ${today}: the moved sample validates, its metrics end yesterday and posts are still ahead`, () => {
      const home = join(temp, today);
      const { workspace, days } = prepareSampleToday({ source: SAMPLE, home, today });
      expect(days).toBe(daysSinceSample(today));

      const result = validateWorkspace(readPlaybookFolder(workspace), folderFileProvider(workspace));
      expect(result.diagnostics.filter((diagnostic) => diagnostic.severity === 'error')).toEqual([]);

      const metricsFolder = join(workspace, 'metrics');
      const times = readdirSync(metricsFolder).flatMap((file) => {
        const parsed = parseMetricsCsv(readFileSync(join(metricsFolder, file), 'utf8'));
        return parsed.points.map((point) => point.time);
      });
      const yesterdayStart = Date.parse(`${today}T00:00:00+08:00`) - 86_400_000;
      const latest = Math.max(...times);
      expect(latest).toBeGreaterThanOrEqual(yesterdayStart);
      expect(latest).toBeLessThan(yesterdayStart + 86_400_000);

      const plan = compilePlan(result.model, folderFileProvider(workspace));
      const now = Date.parse(`${today}T09:00:00+08:00`);
      expect(plan.jobs.some((job) => job.kind === 'publish' && job.at > now)).toBe(true);
    });
  }

  it('a restart on the same day keeps local state; a new day starts it afresh', () => {
    const home = join(temp, 'restart');
    prepareSampleToday({ source: SAMPLE, home, today: '2026-12-08' });
    writeFileSync(join(home, 'state-of-the-day'), 'x');
    expect(prepareSampleToday({ source: SAMPLE, home, today: '2026-12-08' }).fresh).toBe(false);
    expect(readdirSync(home)).toContain('state-of-the-day');
    expect(prepareSampleToday({ source: SAMPLE, home, today: '2026-12-09' }).fresh).toBe(true);
    expect(readdirSync(home)).not.toContain('state-of-the-day');
  });
});

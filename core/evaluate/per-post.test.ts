import { describe, expect, it } from 'vitest';
import type { KeyResult } from '../schema/index';
import { buildMetricCatalogue, countPostsPerPeriod, evaluateKeyResult, indexPoints, resolveGoalContext, type MetricPoint } from './index';

const ZONE = 'Asia/Shanghai';
const goal = resolveGoalContext({ window: { start: '2027-01-01', end: '2027-12-31' } }, ZONE);
const catalogue = buildMetricCatalogue();
const viral: KeyResult = { id: 'viral-posts', metric: 'views', per: 'post', threshold: '>= 1000000', period: 'month', target: '>= 2' };
const views = (local: string, post: string, value: number): MetricPoint => ({ time: Date.parse(`${local}+08:00`), metric: 'views', value, post, channel: 'douyin-main' });

const points = [
  views('2027-01-05T10:00:00', 'p1', 600_000),
  views('2027-01-20T10:00:00', 'p1', 600_000),
  views('2027-01-12T10:00:00', 'p2', 800_000),
  // 02:00 on 1 February in Shanghai is still 31 January in UTC: it must count for February.
  views('2027-02-01T02:00:00', 'p3', 1_500_000),
  // 1.4M in total, but 700k in each month: it passes in neither.
  views('2027-01-31T20:00:00', 'p4', 700_000),
  views('2027-02-02T20:00:00', 'p4', 700_000),
];
const index = indexPoints(points);
const midFebruary = Date.parse('2027-02-15T00:00:00+08:00');

describe('countPostsPerPeriod', () => {
  it('counts posts per calendar month in the workspace zone, judging each month separately', () => {
    const periods = countPostsPerPeriod(viral, goal, index, catalogue, midFebruary);
    expect(periods).toEqual([
      { start: Date.parse('2027-01-01T00:00:00+08:00'), end: Date.parse('2027-02-01T00:00:00+08:00'), count: 1, complete: true },
      { start: Date.parse('2027-02-01T00:00:00+08:00'), end: Date.parse('2027-03-01T00:00:00+08:00'), count: 1, complete: false },
    ]);
  });

  it('would have put p3 in January in UTC, which is why the zone matters', () => {
    const utcGoal = resolveGoalContext({ window: { start: '2027-01-01', end: '2027-12-31' } }, 'UTC');
    expect(countPostsPerPeriod(viral, utcGoal, index, catalogue, midFebruary).map((period) => period.count)).toEqual([2, 0]);
  });

  it('counts by ISO week (Monday first) and respects a where filter', () => {
    const weekly: KeyResult = { ...viral, period: 'week', threshold: '>= 600000', where: { channel: 'douyin-main' } };
    const counts = countPostsPerPeriod(weekly, goal, index, catalogue, Date.parse('2027-01-13T00:00:00+08:00')).map((period) => period.count);
    // 2027-01-01 is a Friday: week 1 is clipped to Fri-Sun, then 4-10 Jan (p1) and 11-17 Jan so far (p2).
    expect(counts).toEqual([0, 1, 1]);
    expect(countPostsPerPeriod({ ...weekly, where: { channel: 'xhs-main' } }, goal, index, catalogue, midFebruary).every((period) => period.count === 0)).toBe(true);
  });
});

describe('evaluateKeyResult with per: post', () => {
  it('is on-track mid-month with half the target, and reports the completed months\' average', () => {
    const result = evaluateKeyResult(viral, goal, index, catalogue, midFebruary);
    expect(result).toMatchObject({ status: 'on-track', value: 1, target: 2, completedAverage: 1 });
    expect(result.expected).toBeCloseTo(1, 6);
  });

  it('is achieved once the current month reaches the target', () => {
    const more = indexPoints([...points, views('2027-02-10T10:00:00', 'p5', 2_000_000)]);
    expect(evaluateKeyResult(viral, goal, more, catalogue, midFebruary).status).toBe('achieved');
  });

  it('is at-risk two-thirds into the month when the past pace would still make it, off-track when not', () => {
    const late = Date.parse('2027-02-20T00:00:00+08:00');
    const strongJanuary = indexPoints([...points, views('2027-01-25T10:00:00', 'p6', 5_000_000), views('2027-01-26T10:00:00', 'p7', 5_000_000), views('2027-01-27T10:00:00', 'p8', 5_000_000)]);
    const atRisk = evaluateKeyResult(viral, goal, strongJanuary, catalogue, late);
    expect(atRisk).toMatchObject({ status: 'at-risk', value: 1, completedAverage: 4 });
    expect(evaluateKeyResult(viral, goal, index, catalogue, late).status).toBe('off-track');
  });

  it('is not-started before the window and no-data without points', () => {
    expect(evaluateKeyResult(viral, goal, index, catalogue, Date.parse('2026-12-31T12:00:00+08:00')).status).toBe('not-started');
    expect(evaluateKeyResult(viral, goal, indexPoints([]), catalogue, midFebruary)).toEqual({ status: 'no-data', kind: 'per-post', target: 2 });
  });
});

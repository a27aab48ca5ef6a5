import { describe, expect, it } from 'vitest';
import type { KeyResult } from '../schema/index';
import {
  buildMetricCatalogue, evaluateGoal, evaluateKeyResult, indexPoints, resolveGoalContext, worstStatus,
  type GoalContext, type MetricPoint,
} from './index';

const DAY = 86_400_000;
const START = Date.UTC(2027, 0, 1);
const goal: GoalContext = { window: { start: START, end: START + 100 * DAY }, tolerance: 0.1, timeZone: 'UTC' };
const catalogue = buildMetricCatalogue([
  { id: 'complaint_backlog', aggregate: 'last' },
  { id: 'repurchase_rate', unit: 'ratio', aggregate: 'last' },
  { id: 'cross_brand_campaigns' },
]);

/** One point a day from day 0 to lastDay (inclusive), at 12:00, valued by the shape function. */
function daily(metric: string, lastDay: number, shape: (day: number) => number): MetricPoint[] {
  return Array.from({ length: lastDay + 1 }, (_, day) => ({ time: START + day * DAY + DAY / 2, metric, value: shape(day) }));
}

const followers = (target: KeyResult['target'] = 100): KeyResult => ({ id: 'followers-100', metric: 'followers', baseline: 0, target });
const dayFifty = START + 50 * DAY + DAY / 2;

function evaluate(keyResult: KeyResult, points: MetricPoint[], now = dayFifty) {
  return evaluateKeyResult(keyResult, goal, indexPoints(points), catalogue, now);
}

describe('evaluateKeyResult on a rising target', () => {
  it('is not-started before the window, even with data', () => {
    expect(evaluate(followers(), daily('followers', 10, () => 5), START - 1).status).toBe('not-started');
  });

  it('is no-data when nothing was measured in the window', () => {
    const before = [{ time: START - DAY, metric: 'followers', value: 50 }];
    expect(evaluate(followers(), before)).toMatchObject({ status: 'no-data', target: 100 });
  });

  it('is on-track within tolerance of the expected path', () => {
    const result = evaluate(followers(), daily('followers', 50, (day) => 0.95 * day));
    expect(result).toMatchObject({ status: 'on-track', value: 47.5, target: 100, baseline: 0 });
    expect(result.expected).toBeCloseTo(50.5, 6);
  });

  it('is at-risk when behind but the recent trend reaches the target', () => {
    const result = evaluate(followers(), daily('followers', 50, (day) => (day < 42 ? 0.5 * day : 21 + 2 * (day - 42))));
    expect(result.status).toBe('at-risk');
    expect(result.value).toBe(37);
    expect(result.forecast).toBeGreaterThan(100);
  });

  it('is off-track when behind and flat', () => {
    const result = evaluate(followers(), daily('followers', 50, (day) => Math.min(0.5 * day, 15)));
    expect(result.status).toBe('off-track');
    expect(result.forecast).toBeCloseTo(15, 6);
  });

  it('is achieved once the target is met', () => {
    expect(evaluate(followers(), daily('followers', 50, (day) => 2 * day)).status).toBe('achieved');
  });

  it('is off-track after the window when the target was missed', () => {
    expect(evaluate(followers(), daily('followers', 99, (day) => 0.9 * day), START + 101 * DAY).status).toBe('off-track');
  });

  it('follows milestones: the path bends through them', () => {
    const keyResult: KeyResult = { ...followers(), milestones: [{ date: '2027-01-20', value: 80 }] };
    const result = evaluate(keyResult, daily('followers', 50, () => 70), START + 50 * DAY);
    expect(result.expected).toBeCloseTo(80 + 20 * (30 / 80), 6);
    expect(result.status).toBe('off-track');
  });

  it('holds a level metric without a baseline to its target: off-track below it, with no path', () => {
    const keyResult: KeyResult = { id: 'repurchase', metric: 'repurchase_rate', target: '>= 0.30' };
    const result = evaluate(keyResult, daily('repurchase_rate', 50, (day) => 0.1 + 0.002 * day));
    expect(result).toMatchObject({ status: 'off-track', kind: 'level', target: 0.3 });
    expect(result.baseline).toBeUndefined();
    expect(result.expected).toBeUndefined();
  });

  it('starts a missing baseline at 0 for a cumulative metric and counts the sum since the window start', () => {
    const keyResult: KeyResult = { id: 'cross-brand', metric: 'cross_brand_campaigns', target: 2 };
    const points = [{ time: START - DAY, metric: 'cross_brand_campaigns', value: 5 }, { time: START + 10 * DAY, metric: 'cross_brand_campaigns', value: 1 }];
    expect(evaluate(keyResult, points)).toMatchObject({ status: 'on-track', value: 1, baseline: 0 });
  });
});

describe('evaluateKeyResult on a falling target ("< 100")', () => {
  const backlog = (): KeyResult => ({ id: 'backlog', metric: 'complaint_backlog', baseline: 300, target: '< 100' });

  it('is on-track when falling ahead of the path', () => {
    expect(evaluate(backlog(), daily('complaint_backlog', 50, (day) => 300 - 3.9 * day))).toMatchObject({ status: 'on-track', value: 105 });
  });

  it('is off-track when stuck above the path', () => {
    expect(evaluate(backlog(), daily('complaint_backlog', 50, () => 260)).status).toBe('off-track');
  });

  it('is at-risk when behind but falling fast enough', () => {
    const shape = (day: number) => (day < 42 ? 300 - 0.5 * day : 279 - 6 * (day - 42));
    const result = evaluate(backlog(), daily('complaint_backlog', 50, shape));
    expect(result).toMatchObject({ status: 'at-risk', value: 231, expected: 199 });
    expect(result.forecast).toBeLessThan(100);
  });

  it('is achieved below the ceiling, and not at exactly 100', () => {
    expect(evaluate(backlog(), daily('complaint_backlog', 50, () => 99)).status).toBe('achieved');
    expect(evaluate(backlog(), daily('complaint_backlog', 99, () => 100), START + 100 * DAY).status).toBe('off-track');
  });
});

describe('worstStatus and evaluateGoal', () => {
  it('orders off-track < at-risk < no-data < on-track < not-started < achieved', () => {
    expect(worstStatus(['achieved', 'on-track', 'at-risk'])).toBe('at-risk');
    expect(worstStatus(['achieved', 'no-data', 'on-track'])).toBe('no-data');
    expect(worstStatus(['not-started', 'on-track'])).toBe('on-track');
    expect(worstStatus(['at-risk', 'off-track'])).toBe('off-track');
    expect(worstStatus(['achieved'])).toBe('achieved');
    expect(worstStatus([])).toBe('no-data');
  });

  it('reads the window in the workspace zone and takes the worst key result', () => {
    const context = resolveGoalContext({ window: { start: '2027-01-01', end: '2027-01-31' }, tolerance: '20%' }, 'Asia/Shanghai');
    expect(context.window).toEqual({ start: Date.parse('2027-01-01T00:00:00+08:00'), end: Date.parse('2027-02-01T00:00:00+08:00') });
    expect(context.tolerance).toBeCloseTo(0.2, 12);
    const index = indexPoints([
      { time: Date.parse('2027-01-01T00:00:00+08:00'), metric: 'followers', value: 10 },
      { time: Date.parse('2027-01-10T00:00:00+08:00'), metric: 'followers', value: 50 },
    ]);
    const spec = { window: { start: '2027-01-01', end: '2027-01-31' }, keyResults: [followers(40), { id: 'leads', metric: 'leads', target: 10 }] };
    const result = evaluateGoal(spec, 'Asia/Shanghai', index, catalogue, Date.parse('2027-01-10T12:00:00+08:00'));
    expect(result.keyResults.get('followers-100')?.status).toBe('achieved');
    expect(result.keyResults.get('leads')?.status).toBe('no-data');
    expect(result.status).toBe('no-data');
  });
});

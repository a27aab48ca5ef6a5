/*
 * Goal status exactly as spec v1.1 says (Goal section): progress from baseline toward target,
 * on-track when progress ≥ (1 − tolerance) × expected progress, level key results, stale data.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { KeyResult } from '../schema/index';
import {
  buildMetricCatalogue, evaluateKeyResult, indexPoints, isStale, resolveGoalContext,
  type GoalContext, type KeyResultEvaluation, type MetricPoint,
} from './index';

const DAY = 86_400_000;
const START = Date.UTC(2027, 0, 1);
const SPAN = 100 * DAY;
const goal: GoalContext = { window: { start: START, end: START + SPAN }, tolerance: 0.1, timeZone: 'UTC' };
const catalogue = buildMetricCatalogue([{ id: 'repurchase_rate', unit: 'ratio', aggregate: 'last' }]);
// The spec's example: expected 4,394 of 20,000 today, 21.97% into the window.
const SPEC_NOW = START + 0.2197 * SPAN;

const point = (time: number, metric: string, value: number, extra: Partial<MetricPoint> = {}): MetricPoint => ({ time, metric, value, ...extra });
/** A point a day for the 14 days up to `now`, rising linearly to `value` by `slopePerDay`. */
const recent = (metric: string, now: number, value: number, slopePerDay = 0): MetricPoint[] =>
  Array.from({ length: 14 }, (_, day) => point(now - day * DAY, metric, value - slopePerDay * day));

interface Case {
  readonly name: string;
  readonly keyResult: KeyResult;
  readonly points: MetricPoint[];
  readonly now: number;
  readonly expect: Partial<KeyResultEvaluation>;
  readonly check?: (result: KeyResultEvaluation) => void;
}

const followers: KeyResult = { id: 'followers-20k', metric: 'followers', baseline: 0, target: 20_000 };
const negative: KeyResult = { id: 'fewer-complaints', metric: 'negative_mentions_level', baseline: 500, target: '<= 100' };
const levelCatalogue = buildMetricCatalogue([{ id: 'repurchase_rate', unit: 'ratio', aggregate: 'last' }, { id: 'negative_mentions_level', aggregate: 'last' }]);
const viral: KeyResult = { id: 'viral', metric: 'views', per: 'post', threshold: '>= 1000000', period: 'month', target: '>= 2' };
const views = (time: number, post: string, value: number) => point(time, 'views', value, { post });

const CASES: Case[] = [
  {
    name: 'behind the path (2,400 vs 4,394 expected, target 20,000, tolerance 10%) and flat: off-track',
    keyResult: followers, points: recent('followers', SPEC_NOW, 2400), now: SPEC_NOW,
    expect: { status: 'off-track', kind: 'path', value: 2400, stale: false },
    check: (result) => {
      expect(result.expected).toBeCloseTo(4394, 6);
      expect(result.progress).toBeCloseTo(0.12, 12);
      expect(result.expectedProgress).toBeCloseTo(0.2197, 12);
    },
  },
  {
    name: 'behind the path but climbing fast enough to reach 20,000: at-risk, never on-track',
    keyResult: followers, points: recent('followers', SPEC_NOW, 2400, 500).slice(0, 5), now: SPEC_NOW,
    expect: { status: 'at-risk', value: 2400 },
    check: (result) => expect(result.forecast).toBeGreaterThan(20_000),
  },
  {
    name: 'near the path: 3,955 is within 10% of 4,394 expected: on-track',
    keyResult: followers, points: recent('followers', SPEC_NOW, 3955), now: SPEC_NOW,
    expect: { status: 'on-track', value: 3955 },
  },
  {
    name: 'just outside tolerance: 3,950 is not on-track',
    keyResult: followers, points: recent('followers', SPEC_NOW, 3950), now: SPEC_NOW,
    expect: { status: 'off-track', value: 3950 },
  },
  {
    name: 'ahead of the path: on-track',
    keyResult: followers, points: recent('followers', SPEC_NOW, 9000), now: SPEC_NOW,
    expect: { status: 'on-track', value: 9000 },
  },
  {
    name: 'decreasing target (500 → ≤ 100 negative mentions): falling with the path is on-track',
    // Half-way through, the path expects 300; 310 is progress 0.475 ≥ 0.9 × 0.5.
    keyResult: negative, points: recent('negative_mentions_level', START + SPAN / 2, 310, -10), now: START + SPAN / 2,
    expect: { status: 'on-track', kind: 'path', value: 310, expected: 300, progress: 0.475, expectedProgress: 0.5 },
  },
  {
    name: 'decreasing target: stuck at 400 when 300 is expected is off-track',
    keyResult: negative, points: recent('negative_mentions_level', START + SPAN / 2, 400), now: START + SPAN / 2,
    expect: { status: 'off-track', value: 400, progress: 0.25 },
  },
  {
    name: 'decreasing target: met below the ceiling is achieved',
    keyResult: negative, points: recent('negative_mentions_level', START + SPAN / 2, 90), now: START + SPAN / 2,
    expect: { status: 'achieved', value: 90 },
  },
  {
    name: 'level key result (interaction_rate >= 0.05, no baseline): achieved while it holds',
    keyResult: { id: 'rate', metric: 'interaction_rate', target: '>= 0.05' },
    points: [point(START + DAY, 'views', 1000), point(START + 10 * DAY, 'engagements', 60)], now: START + 10 * DAY + 1,
    expect: { status: 'achieved', kind: 'level', value: 0.06 },
    check: (result) => {
      expect(result.expected).toBeUndefined();
      expect(result.progress).toBeUndefined();
    },
  },
  {
    name: 'level key result below its level: off-track at once, whatever the window',
    keyResult: { id: 'rate', metric: 'interaction_rate', target: '>= 0.05' },
    points: [point(START + DAY, 'views', 1000), point(START + 10 * DAY, 'engagements', 40)], now: START + 10 * DAY + 1,
    expect: { status: 'off-track', kind: 'level', value: 0.04 },
  },
  {
    name: 'level key result (repurchase >= 0.30): 0.2 is off-track, not on a path from its first value',
    keyResult: { id: 'repurchase', metric: 'repurchase_rate', target: '>= 0.30' },
    points: [point(START + DAY, 'repurchase_rate', 0.1), ...recent('repurchase_rate', START + 50 * DAY, 0.2)], now: START + 50 * DAY,
    expect: { status: 'off-track', kind: 'level', value: 0.2 },
    check: (result) => expect(result.baseline).toBeUndefined(),
  },
  {
    name: 'a cumulative metric without a baseline starts at 0 and follows the path',
    keyResult: { id: 'leads', metric: 'leads', target: 100 },
    points: [point(START + 10 * DAY, 'leads', 30), point(START + 49 * DAY, 'leads', 10)], now: START + SPAN / 2,
    expect: { status: 'off-track', kind: 'path', baseline: 0, value: 40, progress: 0.4, expectedProgress: 0.5 },
  },
  {
    name: 'per post: one viral post half-way through the month against 2 is on-track (progress 0.5 ≥ 0.9 × 0.5)',
    keyResult: viral, points: [views(Date.UTC(2027, 1, 3), 'p1', 2_000_000)], now: Date.UTC(2027, 1, 15),
    expect: { status: 'on-track', kind: 'per-post', value: 1, progress: 0.5, expectedProgress: 0.5, stale: false },
  },
  {
    name: 'per post: none at three-quarters of the month is not on-track',
    keyResult: viral, points: [views(Date.UTC(2027, 1, 3), 'p1', 5000)], now: Date.UTC(2027, 1, 22),
    expect: { status: 'off-track', value: 0, progress: 0, expectedProgress: 0.75 },
  },
  {
    name: 'no data in the window: no-data',
    keyResult: followers, points: [point(START - DAY, 'followers', 50)], now: SPEC_NOW,
    expect: { status: 'no-data', target: 20_000 },
  },
  {
    name: 'before the window: not-started, even with data',
    keyResult: followers, points: recent('followers', START - 1, 5), now: START - 1,
    expect: { status: 'not-started' },
  },
  {
    name: 'stale: the latest point is 13 days old: said so, with its time, and no forecast from a flat trend',
    keyResult: followers, points: recent('followers', SPEC_NOW - 13 * DAY, 2400, 100), now: SPEC_NOW,
    expect: { status: 'at-risk', value: 2400, stale: true, latestPointAt: SPEC_NOW - 13 * DAY },
    check: (result) => expect(result.forecast).toBeUndefined(),
  },
  {
    name: 'fresh: a point from yesterday is not stale',
    keyResult: followers, points: recent('followers', SPEC_NOW - DAY, 9000), now: SPEC_NOW,
    expect: { status: 'on-track', stale: false, latestPointAt: SPEC_NOW - DAY },
  },
  {
    name: 'stale level key result: still judged on its latest value, and flagged',
    keyResult: { id: 'repurchase', metric: 'repurchase_rate', target: '>= 0.30' },
    points: [point(START + DAY, 'repurchase_rate', 0.35)], now: START + 30 * DAY,
    expect: { status: 'achieved', kind: 'level', stale: true, latestPointAt: START + DAY },
  },
  {
    name: 'per post: no point for two months is stale',
    keyResult: viral, points: [views(Date.UTC(2027, 0, 3), 'p1', 2_000_000)], now: Date.UTC(2027, 3, 10),
    expect: { stale: true, latestPointAt: Date.UTC(2027, 0, 3) },
    check: (result) => expect(result.forecast).toBeUndefined(),
  },
];

describe('goal status (spec v1.1), case by case', () => {
  it.each(CASES)('$name', ({ keyResult, points, now, expect: expected, check }) => {
    const result = evaluateKeyResult(keyResult, goal, indexPoints(points), levelCatalogue, now);
    expect(result).toMatchObject(expected);
    check?.(result);
  });
});

describe('isStale', () => {
  it('counts calendar periods in the zone: two days, or two of a per-post key result\'s periods', () => {
    const zone = 'Asia/Shanghai';
    const now = Date.parse('2027-03-10T09:00:00+08:00');
    expect(isStale(Date.parse('2027-03-08T09:00:00+08:00'), now, {}, zone)).toBe(false);
    expect(isStale(Date.parse('2027-03-08T08:59:00+08:00'), now, {}, zone)).toBe(true);
    expect(isStale(Date.parse('2027-01-11T00:00:00+08:00'), now, { per: 'post', period: 'month' }, zone)).toBe(false);
    expect(isStale(Date.parse('2027-01-09T00:00:00+08:00'), now, { per: 'post', period: 'month' }, zone)).toBe(true);
  });
});

describe('on-track ⇔ progress ≥ (1 − tolerance) × expected progress', () => {
  it('holds for random baselines, targets (rising and falling), tolerances, values and times', () => {
    const finite = (min: number, max: number) => fc.double({ min, max, noNaN: true, noDefaultInfinity: true });
    fc.assert(fc.property(
      finite(-1e6, 1e6), finite(-1e6, 1e6), finite(0, 0.5), finite(0.01, 0.99), finite(-0.5, 1.5),
      (baseline, target, tolerance, share, valueShare) => {
        fc.pre(Math.abs(target - baseline) > 1e-3);
        const context = { ...goal, tolerance };
        const now = Math.round(START + share * SPAN);
        const value = baseline + valueShare * (target - baseline);
        const keyResult: KeyResult = { id: 'kr', metric: 'followers', baseline, target };
        const result = evaluateKeyResult(keyResult, context, indexPoints([point(now - 1000, 'followers', value)]), catalogue, now);
        // Computed here, apart from the implementation: the straight path at the same instant.
        const progress = (value - baseline) / (target - baseline);
        const expectedProgress = (now - START) / SPAN;
        const threshold = (1 - tolerance) * expectedProgress;
        fc.pre(Math.abs(progress - threshold) > 1e-9 && Math.abs(progress - 1) > 1e-9);
        const met = target >= baseline ? value >= target : value <= target;
        expect(result.kind).toBe('path');
        expect(result.progress).toBeCloseTo(progress, 9);
        if (met) {
          expect(result.status).toBe('achieved');
          return;
        }
        expect(result.expectedProgress).toBeCloseTo(expectedProgress, 9);
        expect(result.status === 'on-track').toBe(progress >= threshold);
        expect(['on-track', 'at-risk', 'off-track']).toContain(result.status);
      },
    ), { numRuns: 500 });
  });

  it('reads the goal\'s tolerance as a fraction of the expected progress ("10%")', () => {
    expect(resolveGoalContext({ window: { start: '2027-01-01', end: '2027-04-10' }, tolerance: '10%' }, 'UTC').tolerance).toBeCloseTo(0.1, 12);
  });
});

import { describe, expect, it } from 'vitest';
import { aggregateMetric, buildMetricCatalogue, indexPoints, type MetricPoint } from './index';

const HOUR = 3_600_000;
const at = (hours: number) => hours * HOUR;
const point = (hours: number, metric: string, value: number, dimensions: Partial<MetricPoint> = {}): MetricPoint =>
  ({ time: at(hours), metric, value, ...dimensions });

const catalogue = buildMetricCatalogue([
  { id: 'leads_rate', unit: 'ratio', aggregate: 'last' },
  { id: 'churned_users' },
]);

describe('aggregateMetric windows (from, to]', () => {
  const index = indexPoints([point(1, 'views', 10), point(2, 'views', 20), point(3, 'views', 40)]);

  it('excludes a point exactly at from and includes one exactly at to', () => {
    expect(aggregateMetric(index, catalogue, 'views', { from: at(1), to: at(3) })).toBe(60);
    expect(aggregateMetric(index, catalogue, 'views', { from: at(1) - 1, to: at(3) - 1 })).toBe(30);
  });

  it('returns undefined, not 0, when no point lies in the window or the metric is unknown', () => {
    expect(aggregateMetric(index, catalogue, 'views', { from: at(3), to: at(10) })).toBeUndefined();
    expect(aggregateMetric(index, catalogue, 'likes', { from: 0, to: at(10) })).toBeUndefined();
    expect(aggregateMetric(index, catalogue, 'views', { from: at(5), to: at(1) })).toBeUndefined();
  });
});

describe('aggregateMetric aggregates', () => {
  const points = [point(1, 'm', 5), point(2, 'm', -2), point(3, 'm', 9), point(4, 'm', 4)];
  const index = indexPoints(points);
  const cases = [['sum', 16], ['avg', 4], ['min', -2], ['max', 9], ['count', 4], ['last', 4]] as const;
  for (const [aggregate, expected] of cases) {
    it(`${aggregate} over the window`, () => {
      const custom = buildMetricCatalogue([{ id: 'm', aggregate }]);
      expect(aggregateMetric(index, custom, 'm', { from: 0, to: at(4) })).toBe(expected);
    });
  }

  it('defaults a workspace metric to sum, and treats an undeclared metric the same way', () => {
    const churn = indexPoints([point(1, 'churned_users', 3), point(2, 'churned_users', 4), point(2, 'stray', 7), point(3, 'stray', 1)]);
    expect(aggregateMetric(churn, catalogue, 'churned_users', { from: 0, to: at(5) })).toBe(7);
    expect(aggregateMetric(churn, catalogue, 'stray', { from: 0, to: at(5) })).toBe(8);
  });

  it('keeps the built-in definition when a workspace tries to redefine it', () => {
    const redefined = buildMetricCatalogue([{ id: 'followers', aggregate: 'sum' }]);
    expect(redefined.get('followers')?.aggregate).toBe('last');
  });
});

describe('aggregateMetric where-filters', () => {
  const index = indexPoints([
    point(1, 'views', 100, { channel: 'douyin-main', content_type: 'tutorial' }),
    point(2, 'views', 50, { channel: 'douyin-main', content_type: 'vlog' }),
    point(2, 'views', 7, { channel: 'xhs-main', content_type: 'tutorial' }),
    point(3, 'views', 1000),
  ]);

  it('counts only points whose dimensions match every named value', () => {
    expect(aggregateMetric(index, catalogue, 'views', { from: 0, to: at(5), where: { channel: 'douyin-main' } })).toBe(150);
    expect(aggregateMetric(index, catalogue, 'views', { from: 0, to: at(5), where: { content_type: 'tutorial' } })).toBe(107);
    expect(aggregateMetric(index, catalogue, 'views', { from: 0, to: at(5), where: { channel: 'douyin-main', content_type: 'tutorial' } })).toBe(100);
  });

  it('does not match points that lack the dimension, and an empty filter matches all', () => {
    expect(aggregateMetric(index, catalogue, 'views', { from: 0, to: at(5), where: { channel: 'weibo-main' } })).toBeUndefined();
    expect(aggregateMetric(index, catalogue, 'views', { from: 0, to: at(5), where: {} })).toBe(1157);
  });
});

describe('aggregateMetric last over several series', () => {
  const index = indexPoints([
    point(1, 'followers', 800, { channel: 'wechat-main' }),
    point(5, 'followers', 811, { channel: 'wechat-main' }),
    point(2, 'followers', 600, { channel: 'douyin-main' }),
    point(4, 'followers', 620, { channel: 'douyin-main' }),
    point(3, 'followers', 412, { channel: 'xhs-main' }),
    point(1, 'leads_rate', 0.2, { channel: 'a' }),
    point(2, 'leads_rate', 0.4, { channel: 'b' }),
  ]);

  it('sums each channel\'s latest follower count in the window', () => {
    expect(aggregateMetric(index, catalogue, 'followers', { from: 0, to: at(5) })).toBe(811 + 620 + 412);
    expect(aggregateMetric(index, catalogue, 'followers', { from: 0, to: at(4) })).toBe(800 + 620 + 412);
  });

  it('leaves out a series with no point in the window', () => {
    expect(aggregateMetric(index, catalogue, 'followers', { from: at(3), to: at(5) })).toBe(811 + 620);
  });

  it('averages the latest values of a ratio metric instead of adding them', () => {
    expect(aggregateMetric(index, catalogue, 'leads_rate', { from: 0, to: at(5) })).toBeCloseTo(0.3, 12);
  });
});

describe('aggregateMetric derived metrics', () => {
  const parts = (hours: number, channel: string, views: number, likes: number, comments: number, shares: number, saves: number) => [
    point(hours, 'views', views, { channel }), point(hours, 'likes', likes, { channel }), point(hours, 'comments', comments, { channel }),
    point(hours, 'shares', shares, { channel }), point(hours, 'saves', saves, { channel }),
  ];
  const index = indexPoints([...parts(1, 'douyin-main', 1000, 40, 5, 3, 2), ...parts(2, 'douyin-main', 3000, 60, 10, 5, 5), ...parts(2, 'xhs-main', 500, 50, 0, 0, 0)]);

  it('adds likes, comments, shares and saves into engagements', () => {
    expect(aggregateMetric(index, catalogue, 'engagements', { from: 0, to: at(2), where: { channel: 'douyin-main' } })).toBe(130);
  });

  it('computes interaction_rate as the ratio of sums over the same window, not the mean of ratios', () => {
    expect(aggregateMetric(index, catalogue, 'interaction_rate', { from: 0, to: at(2), where: { channel: 'douyin-main' } })).toBeCloseTo(130 / 4000, 12);
    expect(aggregateMetric(index, catalogue, 'interaction_rate', { from: 0, to: at(2) })).toBeCloseTo(180 / 4500, 12);
  });

  it('has no interaction_rate when views are missing or zero', () => {
    const noViews = indexPoints([point(1, 'likes', 5), point(2, 'views', 0, { channel: 'x' }), point(2, 'likes', 3, { channel: 'x' })]);
    expect(aggregateMetric(noViews, catalogue, 'interaction_rate', { from: 0, to: at(1) })).toBeUndefined();
    expect(aggregateMetric(noViews, catalogue, 'interaction_rate', { from: 0, to: at(2), where: { channel: 'x' } })).toBeUndefined();
  });

  it('uses interaction_rate points recorded directly, averaging them, when the window holds any', () => {
    const recorded = indexPoints([...parts(1, 'a', 100, 1, 0, 0, 0), point(2, 'interaction_rate', 0.04), point(3, 'interaction_rate', 0.06)]);
    expect(aggregateMetric(recorded, catalogue, 'interaction_rate', { from: 0, to: at(3) })).toBeCloseTo(0.05, 12);
    expect(aggregateMetric(recorded, catalogue, 'interaction_rate', { from: 0, to: at(1) })).toBeCloseTo(0.01, 12);
  });
});

import { describe, expect, it } from 'vitest';
import { aggregateMetric, buildMetricCatalogue, findFirstAfter, indexPoints, type MetricPoint } from './index';

const MINUTE = 60_000;
const CHANNELS = ['wechat-main', 'douyin-main', 'xhs-main', 'weibo-main'];

describe('findFirstAfter', () => {
  it('finds the first index strictly after an instant, with ties and edges', () => {
    const times = Float64Array.from([1, 2, 2, 2, 5]);
    expect([0, 1, 2, 4, 5, 6].map((instant) => findFirstAfter(times, instant))).toEqual([0, 1, 4, 4, 5, 5]);
  });
});

describe('indexPoints at scale', () => {
  it('indexes 1,000,000 points and answers 10,000 window queries correctly', () => {
    const total = 1_000_000;
    // Shuffled input: the index must sort, not rely on arrival order.
    const points: MetricPoint[] = new Array(total);
    for (let position = 0; position < total; position++) {
      const minute = (position * 7919) % total;
      points[position] = { time: minute * MINUTE, metric: 'views', value: minute % 10, channel: CHANNELS[minute % 4] as string };
    }
    const index = indexPoints(points);
    const catalogue = buildMetricCatalogue();
    const sumOfDigits = (fromMinute: number, toMinute: number) => {
      // Sum of minute % 10 for minute in (fromMinute, toMinute]: whole decades plus the remainder.
      const upTo = (minute: number) => (minute < 0 ? 0 : Math.floor((minute + 1) / 10) * 45 + triangle(((minute + 1) % 10) - 1));
      return upTo(toMinute) - upTo(fromMinute);
    };
    let checked = 0;
    for (let query = 0; query < 10_000; query++) {
      const fromMinute = (query * 104_729) % (total - 2000);
      const toMinute = fromMinute + 1 + (query % 1440);
      const sum = aggregateMetric(index, catalogue, 'views', { from: fromMinute * MINUTE, to: toMinute * MINUTE });
      expect(sum).toBe(sumOfDigits(fromMinute, toMinute));
      checked++;
    }
    expect(checked).toBe(10_000);
    const channelSum = aggregateMetric(index, catalogue, 'views', { from: -1, to: 39 * MINUTE, where: { channel: 'douyin-main' } });
    expect(channelSum).toBe(1 + 5 + 9 + 3 + 7 + 1 + 5 + 9 + 3 + 7);
  });
});

function triangle(n: number): number {
  return n <= 0 ? 0 : (n * (n + 1)) / 2;
}

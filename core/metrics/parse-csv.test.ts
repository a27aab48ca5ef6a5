import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PointIndexBuilder, indexPoints, type PointIndex } from '../evaluate/point-index';
import { indexMetricsCsv, parseMetricsCsv } from './parse-csv';

describe('parseMetricsCsv', () => {
  it('reads rows with dimensions and percentages as ratios', () => {
    const withHeader = parseMetricsCsv('time,metric,value,channel,campaign,post,variant,content_type\n2026-10-01T09:00:00+08:00,views,1200,douyin-main,,p1,a,\n2026-10-01T10:00:00Z,interaction_rate,3.5%\n');
    expect(withHeader.problems).toEqual([]);
    expect(withHeader.points).toEqual([
      { time: Date.UTC(2026, 9, 1, 1), metric: 'views', value: 1200, channel: 'douyin-main', post: 'p1', variant: 'a' },
      { time: Date.UTC(2026, 9, 1, 10), metric: 'interaction_rate', value: 0.035 },
    ]);
    expect(withHeader.lines).toEqual([2, 3]);
  });

  it('keeps good rows and reports each bad row by its line', () => {
    const { points, problems } = parseMetricsCsv([
      'time,metric,value',
      '2026-10-01T09:00:00+08:00,views,10',
      '2026-10-01 09:00,views,10',
      '2026-10-01T09:00:00+08:00,Views,10',
      '2026-10-01T09:00:00+08:00,views,ten',
      '2026-10-01T09:00:00+08:00,views',
      '"2026-10-01T09:00:00+08:00,views,10',
      '2026-10-02T09:00:00+08:00,views,20',
    ].join('\n'));
    expect(points.map((point) => point.value)).toEqual([10, 20]);
    expect(problems.map((problem) => problem.line)).toEqual([3, 4, 5, 6, 7]);
    expect(problems[0]?.message.en).toContain('ISO 8601');
    expect(problems[0]?.message.zh).toContain('时区偏移');
  });

  it('reads the sample metrics of the sample workspace without a problem', () => {
    const content = readFileSync(join(import.meta.dirname, '..', '..', 'playbooks', 'metrics', 'sample-metrics.csv'), 'utf8');
    const { points, problems } = parseMetricsCsv(content);
    expect(problems).toEqual([]);
    expect(points.length).toBeGreaterThan(2000);
  });

  it('indexes a CSV straight into the same index, and the same problems, as parsing then indexing', () => {
    // Out of time order, repeated dimension texts written differently (spaces, trailing commas),
    // ties at one instant, bad rows, a quoted row and a header.
    const csv = [
      'time,metric,value,channel,campaign,post,variant,content_type',
      '2026-10-02T09:00:00+08:00,views,5,douyin-main,,p1',
      '2026-10-01T09:00:00+08:00,views,7, douyin-main ,,p1,,',
      '2026-10-01T09:00:00+08:00,views,3,douyin-main,,p1',
      '2026-10-01T08:00:00+08:00,views,1',
      '2026-10-01T08:00:00+08:00,views,2,,,,,',
      '2026-10-01T08:00:00+08:00,views,x,xhs-main',
      '"2026-10-01T07:00:00+08:00",likes,4,"xhs-main"',
      '2026-10-01T07:00:00+08:00,likes,4,a,b,c,d,e,f',
      '2026-10-03T07:00:00+08:00,interaction_rate,4.5%,xhs-main',
    ].join('\n');
    const builder = new PointIndexBuilder();
    const direct = indexMetricsCsv(csv, builder);
    const parsed = parseMetricsCsv(csv);
    expect(direct.problems).toEqual(parsed.problems);
    expect(direct.problems.map((problem) => problem.line)).toEqual([7, 9]);
    expect(direct.count).toBe(parsed.points.length);
    expect(describeIndex(builder.build())).toEqual(describeIndex(indexPoints(parsed.points)));
    const views = builder.build().byMetric.get('views');
    expect(views?.series).toHaveLength(2);
    // Sorted by time, and the two points at 09:00 on 10-01 keep their order (7 then 3).
    expect(Array.from(views?.series.find((series) => series.dimensions.post === 'p1')?.values ?? [])).toEqual([7, 3, 5]);
  });
});

function describeIndex(index: PointIndex): unknown {
  return [...index.byMetric].map(([metric, { all, series }]) => ({
    metric,
    all: [Array.from(all.times), Array.from(all.values), Array.from(all.prefix)],
    series: series.map((member) => [member.dimensions, Array.from(member.times), Array.from(member.values)]),
  }));
}

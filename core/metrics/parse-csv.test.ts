import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseMetricsCsv } from './parse-csv';

describe('parseMetricsCsv', () => {
  it('reads rows with dimensions, with or without the header, and percentages as ratios', () => {
    const withHeader = parseMetricsCsv('time,metric,value,channel,campaign,post,variant,content_type\n2026-10-01T09:00:00+08:00,views,1200,douyin-main,,p1,a,\n2026-10-01T10:00:00Z,interaction_rate,3.5%\n');
    expect(withHeader.problems).toEqual([]);
    expect(withHeader.points).toEqual([
      { time: Date.UTC(2026, 9, 1, 1), metric: 'views', value: 1200, channel: 'douyin-main', post: 'p1', variant: 'a' },
      { time: Date.UTC(2026, 9, 1, 10), metric: 'interaction_rate', value: 0.035 },
    ]);
    expect(parseMetricsCsv('2026-10-01T09:00:00+08:00,leads,3\n').points).toHaveLength(1);
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
});

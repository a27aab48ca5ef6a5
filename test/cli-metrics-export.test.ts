/*
 * `flywheel metrics export` → `flywheel metrics import` into a fresh store → export again: a year of
 * points (several metrics and dimensions, ratios, big counts, negative net gains, decimals that
 * floating point rounds) comes back byte-identical and point-identical (issue 12.4).
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CSV_COLUMNS, type MetricPoint } from '../core/index';
import { openLocalStore } from '../cli/local-store';
import { runCli } from './support/run-cli';

const WORKSPACE = `apiVersion: flywheel/v1
kind: Workspace
metadata: { name: export-ws }
spec:
  timezone: Europe/Berlin
  channels:
    - { id: wechat-main, platform: outbox }
    - { id: site, platform: outbox }
  notify:
    - { id: ops, type: wecom-bot, url: "secret:ops" }
  metrics:
    - { id: repurchase_rate, unit: ratio, aggregate: last }
    - { id: seed_users, unit: count, aggregate: last }
`;

function workspace(): string {
  const root = mkdtempSync(join(tmpdir(), 'flywheel-export-'));
  mkdirSync(join(root, 'playbooks'));
  writeFileSync(join(root, 'playbooks', 'workspace.yaml'), WORKSPACE);
  return root;
}

const DAY = 86_400_000;
const START = Date.UTC(2026, 0, 1);

/** A year of rows written as people write them: UTC and offset times, percentages, exponents, quoted cells. */
function yearOfRows(): string[] {
  const rows: string[] = [];
  for (let day = 0; day < 365; day += 1) {
    const noon = new Date(START + day * DAY + 11 * 3_600_000).toISOString();
    for (const [index, channel] of ['wechat-main', 'site'].entries()) {
      rows.push(`${noon},followers,${9_007_199_254_000_000 + day * 1_000 + index},${channel},,,,`);
      rows.push(`${noon},follower_gain,${(day % 7) - 3},${channel},,,,`);
      rows.push(`${noon},revenue,${(day * 1234.56 + 0.1 + 0.2).toPrecision(15).replace(/\.?0+$/, '')},${channel},,,,`);
    }
    for (const post of ['p1', 'p2', 'post with, comma']) {
      const cell = post.includes(',') ? `"${post}"` : post;
      rows.push(`${noon},views,${day * 37 + post.length},wechat-main,spring,${cell},${day % 2 === 0 ? 'a' : 'b'},tutorial`);
      rows.push(`${noon},completion_rate,${((day % 100) / 10).toFixed(1)}%,wechat-main,spring,${cell},,tutorial`);
    }
    rows.push(`${noon},repurchase_rate,0.0${day}1,,,,,`);
    rows.push(`${noon},seed_users,${day}e2,,,,,`);
    for (let hour = 0; hour < 24; hour += 3) {
      rows.push(`${new Date(START + day * DAY + hour * 3_600_000 + 123).toISOString()},negative_mentions,${(day * 24 + hour) % 13},,,,,`);
    }
  }
  return rows;
}

async function storedPoints(root: string): Promise<MetricPoint[]> {
  const local = await openLocalStore(join(root, 'playbooks'));
  try {
    const points: MetricPoint[] = [];
    for (const metric of await local.store.listStoredMetrics()) points.push(...await local.store.queryMetricPoints(metric, -1, Date.UTC(2100, 0, 1)));
    return points;
  } finally {
    await local.close();
  }
}

describe('flywheel metrics export', () => {
  it('round-trips a year of points: export, import into a fresh store, export again gives the same bytes and the same points', async () => {
    // Prepare
    const first = workspace();
    const rows = yearOfRows();
    writeFileSync(join(first, 'year.csv'), `time,metric,value,channel,campaign,post,variant,content_type\n${rows.join('\n')}\n`);
    const imported = await runCli(['metrics', 'import', 'year.csv', '--lang', 'en'], first);
    expect(imported.stderr).toBe('');
    expect(imported.stdout).toContain(`imported ${rows.length.toLocaleString('en-US')} point(s)`);
    // Act
    const exported = await runCli(['metrics', 'export', '--lang', 'en'], first);
    const second = workspace();
    writeFileSync(join(second, 'exported.csv'), exported.stdout);
    const reimported = await runCli(['metrics', 'import', 'exported.csv', '--lang', 'en'], second);
    const again = await runCli(['metrics', 'export'], second);
    // Assess
    expect(exported.code).toBe(0);
    expect(reimported.code).toBe(0);
    expect(reimported.stdout).toBe([
      `exported.csv: imported ${rows.length.toLocaleString('en-US')} point(s).`,
      'Kept rows of 1 campaign(s) the playbooks do not define: spring.',
      'Kept rows of 3 post(s) the playbooks do not define: p1, p2, post with, comma.',
      '',
    ].join('\n'));
    expect(again.stdout === exported.stdout, 'the second export differs from the first').toBe(true);
    const lines = exported.stdout.split('\n');
    expect(lines[0]).toBe(CSV_COLUMNS.join(','));
    expect(lines).toHaveLength(rows.length + 2);
    // Times in the workspace's zone with its offset, winter and summer; values exactly as stored.
    expect(lines).toContain('2026-01-01T12:00:00+01:00,followers,9007199254000000,wechat-main,,,,');
    expect(lines).toContain('2026-07-01T13:00:00+02:00,follower_gain,3,site,,,,');
    expect(lines).toContain('2026-01-01T01:00:00.123+01:00,negative_mentions,0,,,,,');
    expect(lines).toContain('2026-01-02T12:00:00+01:00,views,53,wechat-main,spring,"post with, comma",b,tutorial');
    expect(lines).toContain('2026-01-02T12:00:00+01:00,completion_rate,0.001,wechat-main,spring,p1,,tutorial');
    expect(lines).toContain('2026-01-01T12:00:00+01:00,revenue,0.3,site,,,,');
    expect(exported.stderr).toBe(`Exported ${rows.length.toLocaleString('en-US')} point(s) of 8 metric(s), times in Europe/Berlin.\n`);
    const [before, after] = [await storedPoints(first), await storedPoints(second)];
    expect(before).toHaveLength(rows.length);
    expect(after).toEqual(before);
  }, 240_000);

  it('exports one metric over whole days in the workspace zone, and refuses what is not an export', async () => {
    const root = workspace();
    writeFileSync(join(root, 'few.csv'), [
      'metric,time,value',
      'views,2026-03-28T22:59:59.999Z,1',
      'views,2026-03-28T23:00:00Z,2',
      'likes,2026-03-29T12:00:00Z,3',
      'views,2026-03-29T21:59:59.999Z,4',
      'views,2026-03-29T22:00:00Z,5',
    ].join('\n'));
    await runCli(['metrics', 'import', 'few.csv'], root);
    const day = await runCli(['metrics', 'export', '--metric', 'views', '--from', '2026-03-29', '--to', '2026-03-29', '--lang', 'zh-CN'], root);
    expect(day.stdout).toBe(`${CSV_COLUMNS.join(',')}\n2026-03-29T00:00:00+01:00,views,2,,,,,\n2026-03-29T23:59:59.999+02:00,views,4,,,,,\n`);
    expect(day.stderr).toBe('已导出 1 个指标的 2 个数据点，时间按 Europe/Berlin 时区书写。\n');
    expect((await runCli(['metrics', 'export', 'out.csv'], root)).code).toBe(2);
    expect((await runCli(['metrics', 'export', '--from', 'yesterday'], root)).code).toBe(2);
    expect((await runCli(['metrics', 'export', '--from', '2026-03-30', '--to', '2026-03-29'], root)).code).toBe(2);
    expect((await runCli(['metrics', 'import', 'few.csv', '--metric', 'views'], root)).code).toBe(2);
  });
});

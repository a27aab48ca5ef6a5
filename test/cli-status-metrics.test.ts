import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './support/run-cli';

const run = (argv: string[], cwd: string) => runCli(argv, cwd);

interface StatusJson {
  readonly at: string;
  readonly goals: { keyResults: { id: string; value?: number; forecast?: number; stale?: boolean; latestPointAt?: string }[] }[];
}

function workspace(): string {
  const root = mkdtempSync(join(tmpdir(), 'flywheel-status-'));
  mkdirSync(join(root, 'playbooks'));
  writeFileSync(join(root, 'playbooks', 'workspace.yaml'), `apiVersion: flywheel/v1
kind: Workspace
metadata: { name: status-ws }
spec:
  timezone: Asia/Shanghai
  channels:
    - { id: box, platform: outbox }
  notify:
    - { id: ops, type: wecom-bot, url: "secret:ops" }
---
apiVersion: flywheel/v1
kind: Goal
metadata: { name: leads-goal }
spec:
  window: { start: 2026-01-01, end: 2026-12-31 }
  keyResults:
    - { id: leads, title: Leads this year, metric: leads, baseline: 0, target: 1000 }
---
apiVersion: flywheel/v1
kind: Check
metadata: { name: few-leads }
spec:
  schedule: cron(0 9 * * ? *)
  metric: leads
  window: 1d
  condition: "< 1"
`);
  writeFileSync(join(root, 'leads.csv'), [
    'time,metric,value,channel',
    '2026-03-01T09:00:00+08:00,leads,10,box',
    '2026-03-02T09:00:00+08:00,leads,20,box',
    '2026-03-03 09:00,leads,5,box',
    '2026-03-04T09:00:00+08:00,leads,many,box',
  ].join('\n'));
  return root;
}

describe('flywheel metrics import and flywheel status', () => {
  it('keeps good rows, reports bad rows by line, and counts rows imported twice once', async () => {
    const root = workspace();
    const first = await run(['metrics', 'import', 'leads.csv', '--lang', 'en'], root);
    expect(first.code).toBe(1);
    expect(first.stderr).toMatch(/leads\.csv:4: error .*ISO 8601/);
    expect(first.stderr).toMatch(/leads\.csv:5: error .*"many" is not a number/);
    expect(first.stdout).toContain('imported 2 point(s), skipped 2 bad row(s)');
    await run(['metrics', 'import', 'leads.csv'], root);

    const status = await run(['status', 'playbooks', '--format', 'json'], root);
    expect(status.code).toBe(0);
    const report = JSON.parse(status.stdout) as { goals: { goal: string; keyResults: { id: string; value?: number }[] }[]; checks: { check: string; firing: boolean }[] };
    expect(report.goals[0]?.keyResults[0]).toMatchObject({ id: 'leads', value: 30 });
    expect(report.checks).toEqual([{ check: 'few-leads', firing: false }]);

    // The chart data the VS Code dashboard draws, and where the Goals view opens the key result.
    const leads = (JSON.parse(status.stdout) as { goals: { keyResults: { source: unknown; series: { start: string; end: string; actual: { at: string; value: number }[]; expected: { value: number }[] } }[] }[] }).goals[0]?.keyResults[0];
    expect(leads?.source).toEqual({ file: 'workspace.yaml', line: 17 });
    expect(leads?.series.start).toBe('2025-12-31T16:00:00.000Z');
    expect(leads?.series.expected.map((point) => point.value)).toEqual([0, 1000]);
    // Sampled every few days over the year's window, cumulative from its start: 10 after 1 March, 30 after 2 March.
    const actual = leads?.series.actual ?? [];
    expect(actual[0]?.at.localeCompare('2026-03-01')).toBeGreaterThan(0);
    expect(actual.every((point) => point.value === 10 || point.value === 30)).toBe(true);
    expect(actual.at(-1)?.value).toBe(30);
    // Only samples with a new point are measured dots: the months after 2 March are a gap, not 30 drawn again.
    expect(actual.length).toBeLessThanOrEqual(2);
    expect(actual.every((point) => point.at < '2026-03-10')).toBe(true);
  });

  it('--at shows where the goals stood then, and the text names key results by title, in the zone, with numbers by unit', async () => {
    const root = workspace();
    await run(['metrics', 'import', 'leads.csv'], root);
    // 1 March in Shanghai ends at 16:00 UTC: only the first day's 10 leads count.
    const then = JSON.parse((await run(['status', 'playbooks', '--format', 'json', '--at', '2026-03-01'], root)).stdout) as StatusJson;
    expect(then.at).toBe('2026-03-01T15:59:00.000Z');
    expect(then.goals[0]?.keyResults[0]).toMatchObject({ id: 'leads', value: 10, latestPointAt: '2026-03-01T01:00:00.000Z', stale: false, unit: 'count', kind: 'path' });
    const instant = JSON.parse((await run(['status', 'playbooks', '--format', 'json', '--at', '2026-03-02T09:30:00+08:00'], root)).stdout) as StatusJson;
    expect(instant.goals[0]?.keyResults[0]?.value).toBe(30);
    const local = JSON.parse((await run(['status', 'playbooks', '--format', 'json', '--at', '2026-03-02 08:59'], root)).stdout) as StatusJson;
    expect(local.goals[0]?.keyResults[0]?.value).toBe(10);

    // Two months later nothing new arrived: stale, with the time of the latest point, and no forecast.
    const later = await run(['status', 'playbooks', '--format', 'json', '--at', '2026-05-01'], root);
    const item = (JSON.parse(later.stdout) as StatusJson).goals[0]?.keyResults[0];
    expect(item).toMatchObject({ value: 30, stale: true, latestPointAt: '2026-03-02T01:00:00.000Z' });
    expect(item?.forecast).toBeUndefined();
    const en = await run(['status', 'playbooks', '--at', '2026-05-01', '--lang', 'en'], root);
    expect(en.stdout).toContain('status-ws · as of 2026-05-01 23:59 (time zone Asia/Shanghai)');
    expect(en.stdout).toMatch(/Leads this year: (at risk|off track), stale\. value 30, target ≥ 1,000, expected \d[\d,.]*, progress 3% \(expected \d+(\.\d+)?%\), latest data 2026-03-02 09:00/);
    const zh = await run(['status', 'playbooks', '--at', '2026-05-01', '--lang', 'zh-CN'], root);
    expect(zh.stdout).toContain('status-ws · 截至 2026-05-01 23:59（时区 Asia/Shanghai）');
    expect(zh.stdout).toMatch(/Leads this year：(有风险|偏离)，数据过期。当前值 30，目标值 ≥ 1,000，应达 [\d,.]+，进度 3%（应达 [\d.]+%），最新数据 2026-03-02 09:00/);
    expect(zh.stdout).toContain('正在触发的检查：无');
  });

  it('refuses an --at that is not a date, a local time or an instant, and says what to write', async () => {
    const root = workspace();
    const bad = await run(['status', 'playbooks', '--at', 'yesterday'], root);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--at "yesterday" is not YYYY-MM-DD, YYYY-MM-DD HH:mm or an ISO 8601 instant with an offset');
  });

  it('exits 2 on usage errors', async () => {
    const root = workspace();
    expect((await run(['metrics'], root)).code).toBe(2);
    expect((await run(['metrics', 'export', 'x.csv'], root)).code).toBe(2);
    expect((await run(['metrics', 'import', 'missing.csv'], root)).code).toBe(2);
    expect((await run(['status', 'playbooks', '--format', 'xml'], root)).code).toBe(2);
  });
});

import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './support/run-cli';

const run = (argv: string[], cwd: string) => runCli(argv, cwd);

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
    - { id: leads, metric: leads, baseline: 0, target: 1000 }
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
  });

  it('exits 2 on usage errors', async () => {
    const root = workspace();
    expect((await run(['metrics'], root)).code).toBe(2);
    expect((await run(['metrics', 'export', 'x.csv'], root)).code).toBe(2);
    expect((await run(['metrics', 'import', 'missing.csv'], root)).code).toBe(2);
    expect((await run(['status', 'playbooks', '--format', 'xml'], root)).code).toBe(2);
  });
});

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
  });

  it('exits 2 on usage errors', async () => {
    const root = workspace();
    expect((await run(['metrics'], root)).code).toBe(2);
    expect((await run(['metrics', 'export', 'x.csv'], root)).code).toBe(2);
    expect((await run(['metrics', 'import', 'missing.csv'], root)).code).toBe(2);
    expect((await run(['status', 'playbooks', '--format', 'xml'], root)).code).toBe(2);
  });
});

import { randomFillSync } from 'node:crypto';
import { cpSync, existsSync, readdirSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeFolder } from './support/flywheel-process';
import { runCli } from './support/run-cli';

const workspace = (name: string) => `apiVersion: flywheel/v1
kind: Workspace
metadata: { name: ${name} }
spec:
  timezone: Asia/Shanghai
  channels:
    - { id: box, platform: outbox }
`;

const campaign = (name: string) => `apiVersion: flywheel/v1
kind: Campaign
metadata: { name: ${name}-launch }
spec:
  window: { start: 2030-01-01, end: 2030-01-31 }
  posts:
    - { id: ${name}-first, at: "2030-01-10 20:00", channels: [box], title: 第一条, body: 正文 }
    - { id: ${name}-second, at: "2030-01-11 20:00", channels: [box], title: 第二条, body: 正文 }
`;

/** A metrics file large enough that the embedded store keeps table files. */
const metrics = `time,metric,value\n${Array.from({ length: 400 }, (_, index) => `2026-${String(1 + (index % 12)).padStart(2, '0')}-${String(1 + (index % 28)).padStart(2, '0')}T${String(index % 24).padStart(2, '0')}:00:00+08:00,followers,${1000 + index}`).join('\n')}\n`;

function workspaceFiles(folder: string, name: string): Record<string, string> {
  return { [`${folder}/workspace.yaml`]: workspace(name), [`${folder}/campaign.yaml`]: campaign(name), [`${folder}/metrics/followers.csv`]: metrics };
}

/** What a person must never see: an internal error or a stack trace. */
function expectCleanError(stderr: string): void {
  expect(stderr).not.toMatch(/internal error|内部错误|\n\s+at \S|Error:/);
}

describe('local state belongs to one workspace', () => {
  it('keeps two workspaces side by side apart: running one never touches the other\'s jobs', async () => {
    // Prepare
    const root = writeFolder({ ...workspaceFiles('a', 'alpha'), ...workspaceFiles('b', 'beta') }, 'flywheel-side-');
    // Act
    const runA = await runCli(['run', 'a', '--once', '--lang', 'en'], root);
    const runB = await runCli(['run', 'b', '--once', '--lang', 'en'], root);
    const planA = await runCli(['plan', 'a', '--lang', 'en'], root);
    // Assess
    expect([runA.code, runB.code]).toEqual([0, 0]);
    expect(runB.stdout).toMatch(/Plan: 2 to add, 0 to change, 0 to remove\./);
    expect(planA.stdout).toContain('No changes. The deployed state matches the playbooks.');
    expect(planA.code).toBe(0);
    expect(existsSync(join(root, '.flywheel'))).toBe(false);
    expect(JSON.parse(readFileSync(join(root, 'a', '.flywheel', 'workspace.json'), 'utf8'))).toMatchObject({ workspace: 'alpha' });
  }, 120_000);

  it('refuses state that belongs to another workspace, saying whose it is, until doctor --repair gives this one its own', async () => {
    // Prepare: b's folder holds a copy of a's state (a copied folder, say).
    const root = writeFolder({ ...workspaceFiles('a', 'alpha'), ...workspaceFiles('b', 'beta') }, 'flywheel-foreign-');
    expect((await runCli(['run', 'a', '--once'], root)).code).toBe(0);
    cpSync(join(root, 'a', '.flywheel'), join(root, 'b', '.flywheel'), { recursive: true });
    // Act
    const run = await runCli(['run', 'b', '--once', '--lang', 'en'], root);
    const plan = await runCli(['plan', 'b', '--lang', 'zh-CN'], root);
    const status = await runCli(['status', 'b', '--lang', 'en'], root);
    // Assess
    for (const refused of [run, plan, status]) {
      expect(refused.code).toBe(1);
      expectCleanError(refused.stderr);
    }
    expect(run.stderr).toContain(`holds the state of workspace "alpha" (folder ${join(root, 'a')}), not of workspace "beta"`);
    expect(plan.stderr).toContain('保存的是工作区“alpha”');
    const repaired = await runCli(['doctor', 'b', '--repair', '--lang', 'en'], root);
    expect(repaired.code).toBe(0);
    expect(repaired.stdout).toMatch(/Repaired: damaged state moved to b\/\.flywheel\/damaged-\d{8}T\d{6}Z/);
    expect((await runCli(['run', 'b', '--once'], root)).code).toBe(0);
    expect(JSON.parse(readFileSync(join(root, 'b', '.flywheel', 'workspace.json'), 'utf8'))).toMatchObject({ workspace: 'beta' });
    expect((await runCli(['plan', 'a'], root)).code).toBe(0);
  }, 120_000);
});

/** Each way state gets damaged, and the file the error must name. */
const DAMAGES: Array<{ what: string; damage: (state: string) => string }> = [
  { what: 'a deleted CURRENT', damage: (state) => { rmSync(join(state, 'dynamodb', 'CURRENT')); return join(state, 'dynamodb', 'CURRENT'); } },
  {
    what: 'random bytes in a table file',
    damage: (state) => {
      const table = readdirSync(join(state, 'dynamodb')).filter((name) => name.endsWith('.ldb')).map((name) => join(state, 'dynamodb', name)).sort((left, right) => statSync(right).size - statSync(left).size)[0] as string;
      const bytes = readFileSync(table);
      randomFillSync(bytes, Math.floor(bytes.length / 3), 32);
      writeFileSync(table, bytes);
      return table;
    },
  },
  { what: 'a broken runner.json', damage: (state) => { writeFileSync(join(state, 'runner.json'), '{"lastTickAt": 17'); return join(state, 'runner.json'); } },
  {
    what: 'a truncated deployed-plan.json',
    damage: (state) => {
      const file = join(state, 'deployed-plan.json');
      truncateSync(file, Math.floor(statSync(file).size / 2));
      return file;
    },
  },
];

describe('damaged local state', () => {
  it.each(DAMAGES)('$what: a clear error naming the file, never an empty store; doctor --repair moves it aside and says what was lost', async ({ damage }) => {
    // Prepare: two runs, so the store has table files.
    const root = writeFolder(workspaceFiles('ws', 'damaged'), 'flywheel-damage-');
    expect((await runCli(['run', 'ws', '--once'], root)).code).toBe(0);
    expect((await runCli(['run', 'ws', '--once'], root)).code).toBe(0);
    const state = join(root, 'ws', '.flywheel');
    const file = damage(state);
    const before = readdirSync(join(state, 'dynamodb')).sort();
    // Act
    const run = await runCli(['run', 'ws', '--once', '--lang', 'en'], root);
    const after = readdirSync(join(state, 'dynamodb')).sort();
    const doctor = await runCli(['doctor', 'ws', '--format', 'json', '--lang', 'en'], root);
    // Assess: the error names the file and the fix; the store was not opened, let alone replaced by a fresh one.
    expect(run.code).toBe(1);
    expectCleanError(run.stderr);
    expect(run.stderr).toContain(`${file} is damaged: `);
    expect(run.stderr).toContain(`flywheel doctor ${join(root, 'ws')} --repair`);
    expect(after).toEqual(before);
    expect(doctor.code).toBe(1);
    const report = JSON.parse(doctor.stdout) as { healthy: boolean; checks: Array<{ status: string; file?: string }> };
    expect(report.healthy).toBe(false);
    expect(report.checks.filter((check) => check.status === 'problem').map((check) => check.file)).toEqual([file]);

    const repaired = await runCli(['doctor', 'ws', '--repair', '--lang', 'en'], root);
    expect(repaired.code).toBe(0);
    expect(repaired.stdout).toMatch(/moved {2}ws\/\.flywheel\/damaged-\d{8}T\d{6}Z\//);
    expect(repaired.stdout).toMatch(/rebuilt {2}|lost {2}/);
    expect(repaired.stdout).toContain('The local state is healthy.');
    const again = await runCli(['run', 'ws', '--once', '--lang', 'en'], root);
    expect(again.stderr).toBe('');
    expect(again.code).toBe(0);
  }, 120_000);
});

describe('flywheel doctor', () => {
  it('names a damaged record of the AWS deploy, and --repair moves it aside saying what is lost', async () => {
    // Prepare
    const root = writeFolder(workspaceFiles('ws', 'cloudy'), 'flywheel-doctor-cloud-');
    expect((await runCli(['run', 'ws', '--once'], root)).code).toBe(0);
    const file = join(root, 'ws', '.flywheel', 'cloud-deployed-plan.json');
    writeFileSync(file, '{"deployedAt": "2026-12-01T00:00:00Z", "jobs": [{"id": "publish/a');
    // Act
    const checked = await runCli(['doctor', 'ws', '--lang', 'zh-CN'], root);
    const repaired = await runCli(['doctor', 'ws', '--repair', '--format', 'json', '--lang', 'en'], root);
    // Assess
    expect(checked.code).toBe(1);
    expect(checked.stdout).toMatch(/问题 +cloud-plan +已部署到 AWS 的计划：\S*cloud-deployed-plan\.json：.*已损坏/);
    expect(checked.stdout).toContain('发现 1 个问题。');
    expect(repaired.code).toBe(0);
    const report = JSON.parse(repaired.stdout) as { healthy: boolean; repair: { moved: string[]; lost: string[] } };
    expect(report.healthy).toBe(true);
    expect(report.repair.moved).toEqual([expect.stringMatching(/\/\.flywheel\/damaged-\d{8}T\d{6}Z\/cloud-deployed-plan\.json$/)]);
    expect(report.repair.lost).toEqual([expect.stringContaining('the stack itself is unchanged')]);
    expect(existsSync(file)).toBe(false);
  }, 60_000);
});

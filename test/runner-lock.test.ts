import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runFlywheel, startFlywheel, writeFolder } from './support/flywheel-process';
import { runCli } from './support/run-cli';

const WORKSPACE = `apiVersion: flywheel/v1
kind: Workspace
metadata: { name: race }
spec:
  timezone: Asia/Shanghai
  channels:
    - { id: box, platform: outbox }
`;

describe('runners started together', () => {
  it('leave exactly one running; every other one says who holds the workspace and exits 1 without a stack trace', async () => {
    // Prepare
    const root = writeFolder({ 'ws/workspace.yaml': WORKSPACE }, 'flywheel-race-');
    // Act: four runners in the same instant.
    const runners = Array.from({ length: 4 }, () => startFlywheel(['run', 'ws', '--lang', 'en'], root));
    const refused = await Promise.all(runners.map(async (runner) => {
      const outcome = await Promise.race([runner.exited.then(() => 'exited' as const), runner.waitFor(/Running\. Press Ctrl-C to stop\./).then(() => 'running' as const)]);
      return outcome === 'exited' ? runner : undefined;
    }));
    // Assess
    const running = runners.filter((runner) => !refused.includes(runner));
    expect(running).toHaveLength(1);
    const holder = running[0];
    const lock = JSON.parse(readFileSync(join(root, 'ws', '.flywheel', 'lock'), 'utf8')) as { pid: number; startedAt: number };
    expect(lock.pid).toBe(holder?.child.pid);
    for (const runner of refused.filter((entry) => entry !== undefined)) {
      expect(runner.child.exitCode).toBe(1);
      expect(runner.output.stderr).toMatch(new RegExp(`^flywheel run: The workspace \\S+ws is in use by flywheel run \\(pid ${lock.pid}\\) since \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d Asia/Shanghai; only one runner may serve a workspace\\.`));
      expect(runner.output.stderr).not.toMatch(/Error|internal error|\n\s+at /);
    }

    // A runner killed outright leaves its lock behind; the next start takes it over.
    holder?.child.kill('SIGKILL');
    await holder?.exited;
    const next = await runFlywheel(['run', 'ws', '--once', '--lang', 'zh-CN'], root);
    expect(next.stderr).toBe('');
    expect(next.code).toBe(0);

    // While one runs, a second is refused in Chinese too, naming the pid.
    const first = startFlywheel(['run', 'ws', '--lang', 'zh-CN'], root);
    await first.waitFor(/运行中/);
    const second = await runFlywheel(['run', 'ws', '--lang', 'zh-CN'], root);
    expect(second.code).toBe(1);
    expect(second.stderr).toMatch(new RegExp(`正被 flywheel run（进程 ${first.child.pid}）使用（自 .+ Asia/Shanghai 起）`));
    first.child.kill('SIGINT');
    expect(await first.exited).toBe(0);
  }, 180_000);
});

describe('a lock left behind', () => {
  it('is taken over when its pid now belongs to a process that started after the lock was taken (a reboot)', async () => {
    const root = writeFolder({ 'ws/workspace.yaml': WORKSPACE }, 'flywheel-reused-pid-');
    mkdirSync(join(root, 'ws', '.flywheel'));
    // This test's own pid, alive, but "holding" the lock since 2001: long before this process started.
    writeFileSync(join(root, 'ws', '.flywheel', 'lock'), JSON.stringify({ pid: process.pid, host: hostname(), startedAt: Date.UTC(2001, 0, 1), command: 'run', runId: 'old' }));
    const run = await runCli(['run', 'ws', '--once', '--lang', 'en'], root);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
  }, 60_000);

  it('that is damaged is named, with what to do', async () => {
    const root = writeFolder({ 'ws/workspace.yaml': WORKSPACE, 'ws/.flywheel/lock': '\u0000\u0000garbage' }, 'flywheel-bad-lock-');
    const run = await runCli(['run', 'ws', '--once', '--lang', 'en'], root);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`${join(root, 'ws', '.flywheel', 'lock')} is damaged: it does not say which process holds the workspace. Run \`flywheel doctor`);
    const repaired = await runCli(['doctor', 'ws', '--repair'], root);
    expect(repaired.code).toBe(0);
    expect((await runCli(['run', 'ws', '--once'], root)).code).toBe(0);
  }, 60_000);
});

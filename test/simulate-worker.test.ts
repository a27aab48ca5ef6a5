import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO, runCli } from './support/run-cli';

describe('flywheel simulate, built, with the metrics worker', () => {
  it('prints what the in-process run prints, bad metric rows included', async () => {
    // Prepare: the built CLI reads metrics on dist/metrics-worker.js; from sources it reads them in process.
    if (!existsSync(join(REPO, 'dist', 'metrics-worker.js'))) throw new Error('dist/metrics-worker.js is missing: run npm run build first');
    const dir = mkdtempSync(join(tmpdir(), 'flywheel-sim-worker-'));
    cpSync(join(REPO, 'playbooks'), join(dir, 'playbooks'), { recursive: true });
    writeFileSync(join(dir, 'playbooks', 'metrics', 'extra.csv'), 'time,metric,value,channel\n2026-11-02T09:00:00+08:00,views,12,douyin-main\nyesterday,views,3\n');
    const args = ['simulate', 'playbooks', '--from', '2026-10-25', '--to', '2026-11-08', '--format', 'json'];

    // Act
    const built = spawnSync(process.execPath, [join(REPO, 'bin', 'flywheel.js'), ...args], { cwd: dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, maxBuffer: 64 * 1024 * 1024 });
    const inProcess = await runCli(args, dir);

    // Assess
    expect(built.status).toBe(0);
    expect(inProcess.code).toBe(0);
    expect(built.stdout).toBe(inProcess.stdout);
    expect(JSON.parse(built.stdout).events.length).toBeGreaterThan(50);
    expect(built.stderr).toContain('extra.csv:3');
    expect(built.stderr).toBe(inProcess.stderr);
  }, 60_000);
});

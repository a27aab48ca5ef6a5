import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const REPO = join(import.meta.dirname, '..');

/** Starts `flywheel run` on a copy of the sample workspace, waits until it runs, then stops it with Ctrl-C. */
function runUntilRunning(root: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(REPO, 'bin', 'flywheel.js'), 'run', 'playbooks', '--lang', 'en'], { cwd: root });
    let stdout = '';
    let stderr = '';
    let interrupted = false;
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`flywheel run did not start in time:\n${stdout}\n${stderr}`));
    }, 60_000);
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (!interrupted && stdout.includes('Running. Press Ctrl-C to stop.')) {
        interrupted = true;
        child.kill('SIGINT');
      }
    });
    child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

describe('flywheel run (npm start)', () => {
  it('prints the plan and the goal status, keeps running, stops cleanly on Ctrl-C, and starts again on the same state', async () => {
    const root = mkdtempSync(join(tmpdir(), 'flywheel-run-'));
    cpSync(join(REPO, 'playbooks'), join(root, 'playbooks'), { recursive: true });

    const first = await runUntilRunning(root);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/Imported \d+ metric points/);
    expect(first.stdout).toMatch(/Plan: \d+ to add, 0 to change, 0 to remove\./);
    expect(first.stdout).toMatch(/Goal status/);
    // Goals by title, with the status word from the glossary.
    expect(first.stdout).toMatch(/短期: 搭建体系与冷启动 — (achieved|on track|at risk|off track|no data)\n/);
    expect(first.stdout).toContain('Stopping');

    const deployed = JSON.parse(readFileSync(join(root, 'playbooks', '.flywheel', 'deployed-plan.json'), 'utf8')) as { jobs: unknown[] };
    expect(deployed.jobs.length).toBeGreaterThan(50);

    const second = await runUntilRunning(root);
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/Plan: 0 to add, 0 to change, 0 to remove\./);
  }, 120_000);
});

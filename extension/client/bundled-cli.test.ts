/*
 * The CLI the .vsix carries (extension/dist/cli.js) runs with plain `node` and nothing else
 * installed: copied alone into an empty folder, it scaffolds a playbooks folder and validates it,
 * and validates the sample playbooks the same as the repository's CLI does.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO } from '../../test/support/run-cli';

const BUNDLED = join(REPO, 'extension', 'dist', 'cli.js');

describe('the CLI inside the extension', () => {
  let alone: string;

  beforeAll(() => {
    if (!existsSync(BUNDLED)) execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: REPO, stdio: 'inherit' });
    // No node_modules here or in any folder above: only Node's own modules can resolve.
    alone = mkdtempSync(join(tmpdir(), 'flywheel-bundled-cli-'));
    copyFileSync(BUNDLED, join(alone, 'cli.js'));
    copyFileSync(join(REPO, 'extension', 'dist', 'metrics-worker.js'), join(alone, 'metrics-worker.js'));
    cpSync(join(REPO, 'playbooks'), join(alone, 'sample'), { recursive: true, filter: (source) => !source.includes('.flywheel') });
  });

  afterAll(() => rmSync(alone, { recursive: true, force: true }));

  const run = (...args: string[]) => spawnSync(process.execPath, ['cli.js', ...args], { cwd: alone, encoding: 'utf8', env: { PATH: process.env.PATH, NO_COLOR: '1' } });

  it('scaffolds a playbooks folder with flywheel init and validates it clean', () => {
    const created = run('init', 'team', '--lang', 'en');
    expect(created.stderr).toBe('');
    expect(created.status).toBe(0);
    const validated = run('validate', 'team', '--lang', 'en');
    expect(validated.stderr).toBe('');
    expect(validated.stdout).toMatch(/Checked 5 files: no problems\./);
    expect(validated.status).toBe(0);
  }, 60_000);

  it('validates the sample playbooks as the repository CLI does', () => {
    const validated = run('validate', 'sample', '--format', 'json');
    expect(validated.status).toBe(0);
    const own = spawnSync(process.execPath, [join(REPO, 'bin', 'flywheel.js'), 'validate', join(alone, 'sample'), '--format', 'json'], { cwd: alone, encoding: 'utf8' });
    expect(JSON.parse(validated.stdout)).toEqual(JSON.parse(own.stdout));
  }, 60_000);

  it('plans the sample playbooks', () => {
    const planned = run('plan', 'sample', '--lang', 'en');
    expect(planned.stderr).toBe('');
    expect(planned.status).toBe(2); // 2: there are changes to deploy
    expect(planned.stdout).toMatch(/Plan: \d+ to add/);
  }, 60_000);

  it('says how to get the local store when a command needs it, without a stack trace', () => {
    const status = run('status', 'team', '--lang', 'en');
    expect(status.status).toBe(1);
    expect(status.stderr).toMatch(/no local store engine[\s\S]*npm install -g <tarball>/);
    expect(status.stderr).not.toMatch(/\n\s+at /);
  }, 60_000);
});

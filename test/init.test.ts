/*
 * `flywheel init` scaffolds a playbooks folder that validates clean and plans, in both languages,
 * and never writes into a folder that already has files.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './support/run-cli';

const root = mkdtempSync(join(tmpdir(), 'flywheel-init-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('flywheel init', () => {
  it.each(['zh-CN', 'en'])('creates a workspace, a campaign, an SOP, a goal, a check and the schema that validate clean (%s)', async (lang) => {
    const dir = join(root, `team-${lang}`);
    const created = await runCli(['init', dir, '--lang', lang, '--timezone', 'Europe/Berlin']);
    expect(created.code).toBe(0);
    for (const file of ['workspace.yaml', 'campaigns/first-campaign.yaml', 'sops/weekly-review.yaml', 'goals/first-quarter.yaml', 'checks/follower-growth.yaml']) {
      const text = readFileSync(join(dir, file), 'utf8');
      expect(text.split('\n')[0]).toMatch(/^# yaml-language-server: \$schema=(\.\/|\.\.\/)flywheel\.schema\.json$/);
    }
    expect(JSON.parse(readFileSync(join(dir, 'flywheel.schema.json'), 'utf8'))).toHaveProperty('$schema');
    expect(readFileSync(join(dir, 'workspace.yaml'), 'utf8')).toContain('timezone: Europe/Berlin');
    const validated = await runCli(['validate', dir, '--format', 'json']);
    expect(validated.stderr).toBe('');
    expect(JSON.parse(validated.stdout)).toMatchObject({ diagnostics: [] });
    const planned = await runCli(['plan', dir, '--lang', 'en']);
    expect(planned.code).toBe(2); // 2: there are changes to deploy
    expect(planned.stdout).toMatch(/4 to add/);
  }, 60_000);

  it('writes nothing into a folder that has files, and says so', async () => {
    const dir = mkdtempSync(join(root, 'busy-'));
    writeFileSync(join(dir, 'notes.txt'), 'mine');
    const refused = await runCli(['init', dir, '--lang', 'en']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/not an empty folder; nothing was written/);
    expect(readdirSync(dir)).toEqual(['notes.txt']);
  });

  it('refuses an unknown time zone as a usage error', async () => {
    const refused = await runCli(['init', join(root, 'zone'), '--timezone', 'Mars/Olympus']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/IANA time zone/);
  });
});

/*
 * The local source runs the real `flywheel` CLI (bin/flywheel.js, as the extension finds it next
 * to itself in the repository) in a child process and reads its JSON.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO } from '../../test/support/run-cli';
import { findFlywheelCli } from './flywheel-cli';
import { readLocalStatus, type StatusSourceSettings } from './goal-status-source';
import { StatusReportError } from './status-report';

const EXTENSION = join(REPO, 'extension');

describe('goal status from the local store', () => {
  let root: string;
  const settings = (): StatusSourceSettings => ({ source: 'local', playbooksDir: join(root, 'playbooks'), workspaceRoot: root, extensionPath: EXTENSION, lang: 'en', aws: { table: '' } });

  beforeAll(() => {
    if (!existsSync(join(REPO, 'dist', 'cli.js'))) spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: REPO, stdio: 'inherit' });
    root = mkdtempSync(join(tmpdir(), 'flywheel-local-status-'));
    cpSync(join(REPO, 'playbooks'), join(root, 'playbooks'), { recursive: true, filter: (source) => !source.includes('.flywheel') });
  });

  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('finds the CLI beside the extension and lists the sample goals', async () => {
    expect(findFlywheelCli({ workspaceRoot: root, extensionPath: EXTENSION })).toBe(join(REPO, 'bin', 'flywheel.js'));
    const report = await readLocalStatus(settings());
    expect(report.goals.map((goal) => goal.goal)).toEqual(['phase-1-cold-start', 'phase-2-growth', 'phase-3-private-domain']);
    expect(report.goals[0]?.keyResults[0]).toMatchObject({ id: 'sop-coverage', source: { file: 'goals/phase-1-cold-start.yaml', line: 13 } });
  }, 60_000);

  it('passes on what the CLI says when the playbooks are broken', async () => {
    writeFileSync(join(root, 'playbooks', 'campaigns', 'zz-broken.yaml'), 'apiVersion: flywheel/v1\nkind: Campaign\nmetadata: { name: broken }\nspec: { channels: [nowhere] }\n');
    try {
      const failure = readLocalStatus(settings());
      await expect(failure).rejects.toBeInstanceOf(StatusReportError);
      await expect(failure).rejects.toThrow(/flywheel status failed \(exit 1\)[\s\S]*zz-broken\.yaml/);
    } finally {
      rmSync(join(root, 'playbooks', 'campaigns', 'zz-broken.yaml'));
    }
  }, 60_000);

  it("finds the workspace's own CLI first, then the one inside the extension; flywheel.cliPath overrides", () => {
    const elsewhere = mkdtempSync(join(tmpdir(), 'flywheel-cli-lookup-'));
    try {
      const extension = join(elsewhere, 'installed-extension');
      mkdirSync(join(extension, 'dist'), { recursive: true });
      writeFileSync(join(extension, 'dist', 'cli.js'), '');
      const team = join(elsewhere, 'team');
      mkdirSync(join(team, 'playbooks'), { recursive: true });
      expect(findFlywheelCli({ workspaceRoot: join(team, 'playbooks'), extensionPath: extension })).toBe(join(extension, 'dist', 'cli.js'));
      mkdirSync(join(team, 'node_modules', 'flywheel', 'bin'), { recursive: true });
      writeFileSync(join(team, 'node_modules', 'flywheel', 'bin', 'flywheel.js'), '');
      expect(findFlywheelCli({ workspaceRoot: join(team, 'playbooks'), extensionPath: extension })).toBe(join(team, 'node_modules', 'flywheel', 'bin', 'flywheel.js'));
      expect(findFlywheelCli({ workspaceRoot: team, extensionPath: extension, cliPath: 'node_modules/flywheel/bin/flywheel.js' })).toBe(join(team, 'node_modules', 'flywheel', 'bin', 'flywheel.js'));
      expect(findFlywheelCli({ workspaceRoot: team, extensionPath: extension, cliPath: 'missing/cli.js' })).toBeUndefined();
    } finally {
      rmSync(elsewhere, { recursive: true, force: true });
    }
  });

  it('names the setting when flywheel.cliPath points nowhere', async () => {
    await expect(readLocalStatus({ ...settings(), cliPath: '/nowhere/flywheel.js' })).rejects.toThrow(/flywheel\.cliPath[\s\S]*\/nowhere\/flywheel\.js/);
  });
});

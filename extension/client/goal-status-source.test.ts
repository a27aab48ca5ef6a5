/*
 * The local source runs the real `flywheel` CLI (bin/flywheel.js, as the extension finds it next
 * to itself in the repository) in a child process and reads its JSON.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
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
    expect(findFlywheelCli(root, EXTENSION)).toBe(join(REPO, 'bin', 'flywheel.js'));
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

  it('says how to get the CLI when there is none', async () => {
    const elsewhere = mkdtempSync(join(tmpdir(), 'flywheel-no-cli-'));
    await expect(readLocalStatus({ ...settings(), workspaceRoot: elsewhere, extensionPath: join(elsewhere, 'extension') })).rejects.toThrow(/npm install flywheel/);
    rmSync(elsewhere, { recursive: true, force: true });
  });
});

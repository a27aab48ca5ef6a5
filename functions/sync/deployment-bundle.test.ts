import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { compilePlan, folderFileProvider, readPlaybookFolder, validateWorkspace } from '../../core/index';
import { BundleError, buildDeploymentBundle, loadDeploymentBundle, writeDeploymentBundle } from './deployment-bundle';

const folders: string[] = [];
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

function workspace(files: Record<string, string>): string {
  const folder = mkdtempSync(join(tmpdir(), 'flywheel-bundle-'));
  folders.push(folder);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(folder, path)), { recursive: true });
    writeFileSync(join(folder, path), text);
  }
  return folder;
}

const SAMPLE = new URL('../../playbooks', import.meta.url).pathname;

describe('deployment bundle', () => {
  it('carries the plan the CLI compiles, and the same playbooks give the same bytes', () => {
    // Prepare
    const out = mkdtempSync(join(tmpdir(), 'flywheel-bundle-out-'));
    folders.push(out);
    const expected = compilePlan(validateWorkspace(readPlaybookFolder(SAMPLE), folderFileProvider(SAMPLE)).model, folderFileProvider(SAMPLE));
    // Act
    const first = JSON.stringify(writeDeploymentBundle(SAMPLE, join(out, 'a.json')));
    const second = JSON.stringify(buildDeploymentBundle(SAMPLE));
    const loaded = loadDeploymentBundle(join(out, 'a.json'));
    // Assess
    expect(second).toBe(first);
    expect(loaded.plan).toEqual(expected);
    expect(loaded.model.campaigns.map((entry) => entry.name)).toEqual(expect.arrayContaining(['spring-festival-2027']));
    const bodyPath = 'content/spring-festival-2027/gift-box-teaser.md';
    expect(new TextDecoder().decode(loaded.files.readFile(bodyPath))).toContain('\n');
    expect(loaded.files.readFile('media/missing.png')).toBeUndefined();
  });

  it('refuses playbooks with errors and lists them', () => {
    const folder = workspace({ 'workspace.yaml': 'apiVersion: flywheel/v1\nkind: Workspace\nmetadata: { name: x }\nspec: { timezone: Mars/Olympus }\n' });
    expect(() => buildDeploymentBundle(folder)).toThrow(BundleError);
    expect(() => buildDeploymentBundle(folder)).toThrow(/workspace\.yaml:4:\d+ flywheel\//);
  });

  it('says how to fix a missing or foreign bundle file', () => {
    const folder = workspace({ 'other.json': '{"format":"something-else"}' });
    expect(() => loadDeploymentBundle(join(folder, 'absent.json'))).toThrow(/Check FLYWHEEL_BUNDLE_FILE/);
    expect(() => loadDeploymentBundle(join(folder, 'other.json'))).toThrow(/Rebuild it with writeDeploymentBundle/);
  });
});

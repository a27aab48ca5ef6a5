import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { compilePlan, folderFileProvider, readPlaybookFolder, validateWorkspace, type Declaration, type PlaybookEntry, type WorkspaceModel } from '../../core/index';
import { BundleError, DeploymentBundleSchema, buildDeploymentBundle, loadDeploymentBundle, loadDeploymentPlan, writeDeploymentBundle } from './deployment-bundle';

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

  it('restores the model the loader built: entries, values, declarations and source positions', () => {
    // Prepare
    const out = mkdtempSync(join(tmpdir(), 'flywheel-bundle-out-'));
    folders.push(out);
    const { model: expected } = validateWorkspace(readPlaybookFolder(SAMPLE), folderFileProvider(SAMPLE));
    // Act
    const bundle = writeDeploymentBundle(SAMPLE, join(out, 'bundle.json'));
    const { model } = loadDeploymentBundle(join(out, 'bundle.json'));
    // Assess
    expect(DeploymentBundleSchema.safeParse(bundle).success).toBe(true);
    const entries = (of: WorkspaceModel) => [of.workspaces, of.campaigns, of.sops, of.goals, of.checks].flat()
      .map((entry: PlaybookEntry) => ({ kind: entry.kind, name: entry.name, file: entry.file.path, index: entry.document.index, value: entry.value }));
    expect(entries(model)).toEqual(entries(expected));
    expect(entries(model).length).toBeGreaterThan(5);
    const declarations = (map: ReadonlyMap<string, readonly Declaration[]>) => [...map].map(([key, list]) => [key, list.map((item) => [item.id, item.document.file.path, item.document.index, item.path])]);
    expect(declarations(model.declared)).toEqual(declarations(expected.declared));
    expect(declarations(model.workspaceIds)).toEqual(declarations(expected.workspaceIds));
    expect(model.documents.map((document) => [document.file.path, document.index])).toEqual(expected.documents.map((document) => [document.file.path, document.index]));
    expect([...model.files].map(([path, file]) => [path, file.text])).toEqual([...expected.files].map(([path, file]) => [path, file.text]));
    // Positions come from the bundled text, as the validator reports them.
    const campaign = model.campaigns[0]!;
    const original = expected.campaigns.find((entry) => entry.name === campaign.name)!;
    expect(campaign.span(campaign.value.spec, ['posts'], 'key')).toEqual(original.span(original.value.spec, ['posts'], 'key'));
    expect(campaign.span(campaign.value.spec, ['posts'], 'key').line).toBeGreaterThan(1);
  });

  it('gives the tick and sync functions the same plan without the model', () => {
    // Prepare
    const out = mkdtempSync(join(tmpdir(), 'flywheel-bundle-out-'));
    folders.push(out);
    const file = join(out, 'bundle.json');
    writeDeploymentBundle(SAMPLE, file);
    // Act
    const planOnly = loadDeploymentPlan(file);
    const full = loadDeploymentBundle(file);
    // Assess
    expect(planOnly.plan).toEqual(full.plan);
    expect([...planOnly.jobsById.keys()]).toEqual(full.plan.jobs.map((job) => job.id));
    expect(planOnly).not.toHaveProperty('model');
    expect(() => loadDeploymentPlan(join(out, 'absent.json'))).toThrow(/Check FLYWHEEL_BUNDLE_FILE/);
  });

  it('refuses playbooks with errors and lists them', () => {
    const folder = workspace({ 'workspace.yaml': 'apiVersion: flywheel/v1\nkind: Workspace\nmetadata: { name: x }\nspec: { timezone: Mars/Olympus }\n' });
    expect(() => buildDeploymentBundle(folder)).toThrow(BundleError);
    expect(() => buildDeploymentBundle(folder)).toThrow(/workspace\.yaml:4:\d+ flywheel\//);
  });

  it('says how to fix a missing or foreign bundle file', () => {
    const folder = workspace({
      'other.json': '{"format":"something-else"}',
      'old.json': '{"format":"flywheel-deployment-bundle/1","workspace":"w","timezone":"UTC","files":[],"jobs":[]}',
    });
    expect(() => loadDeploymentBundle(join(folder, 'absent.json'))).toThrow(/Check FLYWHEEL_BUNDLE_FILE/);
    expect(() => loadDeploymentBundle(join(folder, 'other.json'))).toThrow(/Rebuild it with writeDeploymentBundle/);
    expect(() => loadDeploymentBundle(join(folder, 'old.json'))).toThrow(/not a flywheel-deployment-bundle\/2 file \(format is "flywheel-deployment-bundle\/1"\)/);
  });
});

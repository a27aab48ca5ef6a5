import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { YamlDocument, compilePlan, folderFileProvider, readPlaybookFolder, validateWorkspace, type Declaration, type PlaybookEntry, type WorkspaceModel } from '../../core/index';
import { BundleError, BundledDocument, DeploymentBundleSchema, buildDeploymentBundle, loadDeploymentBundle, loadDeploymentPlan, openDeploymentBundle, writeDeploymentBundle } from './deployment-bundle';

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

  it('places every object of the sample playbooks where the loader does, without the YAML parser', () => {
    // Prepare
    const out = mkdtempSync(join(tmpdir(), 'flywheel-bundle-out-'));
    folders.push(out);
    const { model: expected } = validateWorkspace(readPlaybookFolder(SAMPLE), folderFileProvider(SAMPLE));
    writeDeploymentBundle(SAMPLE, join(out, 'bundle.json'));
    // Act
    const lean = loadDeploymentBundle(join(out, 'bundle.json')).model;
    const exact = loadDeploymentBundle(join(out, 'bundle.json'), { document: (file, index) => new YamlDocument(file, index) }).model;
    // Assess: walk each entry's value and its twin in the loader's model side by side.
    const all = (of: WorkspaceModel) => [of.workspaces, of.campaigns, of.sops, of.goals, of.checks].flat() as PlaybookEntry[];
    let compared = 0;
    all(expected).forEach((original, position) => {
      const restored = all(lean)[position]!;
      const full = all(exact)[position]!;
      expect(restored.document).toBeInstanceOf(BundledDocument);
      expect(full.document).toBeInstanceOf(YamlDocument);
      const walk = (left: unknown, right: unknown, twin: unknown): void => {
        if (left === null || typeof left !== 'object') return;
        for (const part of ['key', 'value', 'entry'] as const) {
          expect(full.span(twin as object, [], part)).toEqual(original.span(left, [], part));
          const span = restored.span(right as object, [], part);
          // An entry's span starts where the loader's does (the line index does not know where a collection ends).
          if (part === 'entry') expect([span.line, span.column]).toEqual([original.span(left, [], part).line, original.span(left, [], part).column]);
          else expect(span).toEqual(original.span(left, [], part));
        }
        compared += 1;
        for (const key of Object.keys(left)) walk((left as Record<string, unknown>)[key], (right as Record<string, unknown>)[key], (twin as Record<string, unknown>)[key]);
      };
      walk(original.value, restored.value, full.value);
    });
    expect(compared).toBeGreaterThan(100);
  });

  it('places the second document of a file, and points at the start of the file for what the line index cannot place', () => {
    // Prepare: two documents in a file; an anchor, which only the YAML parser follows.
    const folder = workspace({
      'playbooks/workspace.yaml': 'apiVersion: flywheel/v1\nkind: Workspace\nmetadata:\n  name: ws\nspec:\n  timezone: Asia/Shanghai\n---\napiVersion: flywheel/v1\nkind: Check\nmetadata:\n  name: cpm\nspec:\n  metric: &m views\n  window: 1d\n  condition: "< 10"\n  schedule: rate(1 day)\n',
    });
    const bundle = buildDeploymentBundle(join(folder, 'playbooks'));
    // Act
    const { model } = openDeploymentBundle(bundle);
    const { model: exact } = openDeploymentBundle(bundle, { document: (file, index) => new YamlDocument(file, index) });
    // Assess
    const check = model.checks[0]!;
    const exactCheck = exact.checks[0]!;
    expect(check.document.index).toBe(1);
    expect(check.span(check.value.spec, ['window'])).toEqual(exactCheck.span(exactCheck.value.spec, ['window']));
    expect(check.span(check.value.spec, ['window'])).toMatchObject({ line: 14, column: 11 });
    expect(check.span(check.value.spec, ['metric'])).toMatchObject({ line: 1, column: 1 });
    expect(exactCheck.span(exactCheck.value.spec, ['metric'])).toMatchObject({ line: 13 });
    expect(check.document.locateInScalar(['spec', 'window'], '1d', 0, 2)).toBeUndefined();
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

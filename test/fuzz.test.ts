import fc from 'fast-check';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { validateWorkspace, type Diagnostic, type InputFile } from '../core/index';
import { applyByteMutation, byteMutation } from './fuzz/byte-mutations';
import { findDiagnosticProblems } from './fuzz/check-diagnostics';
import { aliasBomb, billionLaughsFile, deepBlockSeq, deepFlow } from './fuzz/hostile-yaml';
import { loadSampleWorkspace, recordingProvider, withFiles } from './fuzz/sample-workspace';
import { applySemanticMutations, dstScenario, semanticMutation } from './fuzz/semantic-mutations';
import { applyYamlMutations, yamlMutation } from './fuzz/yaml-mutations';
import { parseSample, type ParsedSample } from './fuzz/yaml-tree';

// Deterministic by default; FLYWHEEL_FUZZ_SEED and FLYWHEEL_FUZZ_SCALE=10 run a longer, different campaign.
const SEED = Number(process.env.FLYWHEEL_FUZZ_SEED ?? 20_270_120);
const SCALE = Number(process.env.FLYWHEEL_FUZZ_SCALE ?? 1);
const runs = (count: number) => Math.max(1, Math.round(count * SCALE));
/** A case slower than this is a hang (a regex or a loop gone quadratic), not a slow machine. */
const CASE_TIME_LIMIT_MS = 5_000;

const encoder = new TextEncoder();
const sample = loadSampleWorkspace(fileURLToPath(new URL('../playbooks/', import.meta.url)));
const parsedFiles: readonly ParsedSample[] = sample.playbooks.map((file) => parseSample(file.path, new TextDecoder().decode(file.bytes)));
const WORKSPACE_INDEX = parsedFiles.findIndex((file) => file.path === 'workspace.yaml');
const knownIds = [...new Set(parsedFiles.flatMap((file) => file.slots
  .filter((slot) => slot.scalar && (slot.field === 'id' || slot.field === 'name'))
  .map((slot) => String(file.documents[slot.document]?.getIn(slot.path)))))];

/**
 * A case validates a small workspace: the Workspace file, the file under test and one other
 * file, so cross-file references are exercised without paying for all 16 files every time.
 */
function focusedIndices(target: number, companion: number): number[] {
  const count = parsedFiles.length;
  return [...new Set([WORKSPACE_INDEX, target % count, companion % count])];
}

function inputOf(index: number, bytes?: Uint8Array): InputFile {
  const original = sample.playbooks[index] as InputFile;
  return { path: original.path, bytes: bytes ?? original.bytes };
}

/** Validates and returns what is wrong with the diagnostics; whatever validateWorkspace throws propagates. */
function validateAndInspect(inputs: readonly InputFile[]): { diagnostics: Diagnostic[]; problems: string[] } {
  const provider = recordingProvider(sample.allFiles);
  const started = performance.now();
  const { diagnostics } = validateWorkspace(inputs, provider);
  const elapsed = performance.now() - started;
  const files = new Map<string, Uint8Array>([...provider.served, ...inputs.map((file) => [file.path, file.bytes] as const)]);
  const problems = findDiagnosticProblems(diagnostics, files);
  if (elapsed > CASE_TIME_LIMIT_MS) problems.push(`validation took ${Math.round(elapsed)} ms`);
  return { diagnostics, problems };
}

function expectWellFormed(inputs: readonly InputFile[]): Diagnostic[] {
  const { diagnostics, problems } = validateAndInspect(inputs);
  expect(problems).toEqual([]);
  return diagnostics;
}

const fuzzParameters = (numRuns: number) => ({ seed: SEED, numRuns: runs(numRuns), endOnFailure: process.env.FLYWHEEL_FUZZ_SHRINK === undefined });

describe('fuzz: validateWorkspace on mutated copies of the sample workspace', () => {
  it('keeps every diagnostic well-formed under byte-level mutations', () => {
    const byteCase = fc.record({
      target: fc.nat(), companion: fc.nat(), mutations: fc.array(byteMutation, { minLength: 1, maxLength: 4 }),
    });
    fc.assert(fc.property(byteCase, ({ target, companion, mutations }) => {
      const [workspace, ...others] = focusedIndices(target, companion).map((index) => inputOf(index));
      const mutated = inputOf(target % parsedFiles.length, mutations.reduce(applyByteMutation, inputOf(target % parsedFiles.length).bytes));
      expectWellFormed(withFiles([workspace as InputFile, ...others], [mutated]));
    }), fuzzParameters(2_000));
  });

  it('keeps every diagnostic well-formed under YAML-structural mutations', () => {
    const structuralCase = fc.record({
      target: fc.nat(), companion: fc.nat(), mutations: fc.array(yamlMutation, { minLength: 1, maxLength: 4 }),
    });
    fc.assert(fc.property(structuralCase, ({ target, companion, mutations }) => {
      const index = target % parsedFiles.length;
      const text = applyYamlMutations(parsedFiles[index] as ParsedSample, mutations);
      const inputs = focusedIndices(target, companion).map((other) => inputOf(other));
      expectWellFormed(withFiles(inputs, [inputOf(index, encoder.encode(text))]));
    }), fuzzParameters(1_500));
  });

  it('keeps every diagnostic well-formed under semantic mutations (schedules, zones, dates, ids)', () => {
    const semanticCase = fc.record({
      target: fc.nat(), companion: fc.nat(),
      mutations: fc.array(semanticMutation(knownIds), { minLength: 1, maxLength: 6 }),
      dst: fc.oneof({ weight: 2, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: dstScenario }),
    });
    fc.assert(fc.property(semanticCase, ({ target, companion, mutations, dst }) => {
      const indices = focusedIndices(target, companion);
      const texts = applySemanticMutations(indices.map((index) => parsedFiles[index] as ParsedSample), mutations, dst);
      expectWellFormed(indices.map((index, position) => {
        const text = texts[position];
        return inputOf(index, text === undefined ? undefined : encoder.encode(text));
      }));
    }), fuzzParameters(1_500));
  });
});

describe('hostile files', () => {
  const workspace = inputOf(WORKSPACE_INDEX);
  const campaign = (labels: string) => encoder.encode(
    `apiVersion: flywheel/v1\nkind: Campaign\nmetadata:\n  name: hostile\n  labels: ${labels}\nspec:\n  window: { start: 2027-01-01, end: 2027-01-31 }\n`,
  );
  const codesIn = (diagnostics: readonly Diagnostic[], file: string) => diagnostics.filter((d) => d.file === file).map((d) => d.code);

  it('refuses a 6 MB file with flywheel/file-too-large', () => {
    const line = `# ${'填充'.repeat(40)}\n`;
    const huge = encoder.encode(line.repeat(Math.ceil((6 * 1024 * 1024) / encoder.encode(line).length)));
    const diagnostics = expectWellFormed([workspace, { path: 'campaigns/huge.yaml', bytes: huge }]);
    expect(codesIn(diagnostics, 'campaigns/huge.yaml')).toEqual(['flywheel/file-too-large']);
  });

  it('refuses a binary file with flywheel/not-text', () => {
    const png = sample.allFiles.get('media/spring-festival-2027/daily-tip.png') as Uint8Array;
    const diagnostics = expectWellFormed([workspace, { path: 'campaigns/cover.yaml', bytes: png }]);
    expect(codesIn(diagnostics, 'campaigns/cover.yaml')).toEqual(['flywheel/not-text']);
  });

  it('refuses invalid UTF-8 with flywheel/encoding', () => {
    const bytes = Uint8Array.from([...encoder.encode('apiVersion: flywheel/v1\nkind: SOP\nmetadata: { name: gbk, title: '), 0xd6, 0xd0, 0xce, 0xc4, 0x0a]);
    const diagnostics = expectWellFormed([workspace, { path: 'sops/gbk.yaml', bytes }]);
    expect(codesIn(diagnostics, 'sops/gbk.yaml')).toEqual(['flywheel/encoding']);
  });

  it.each([
    ['an empty file', ''],
    ['a file of comments and blank lines', '# nothing here yet\n\n   \n# 待补充\n'],
  ])('warns about %s with flywheel/empty-file', (_, text) => {
    const diagnostics = expectWellFormed([workspace, { path: 'goals/empty.yaml', bytes: encoder.encode(text) }]);
    expect(codesIn(diagnostics, 'goals/empty.yaml')).toEqual(['flywheel/empty-file']);
  });

  it.each([
    ['a billion-laughs file', encoder.encode(billionLaughsFile())],
    ['an alias bomb inside a campaign', campaign(aliasBomb(9, 10))],
  ])('refuses %s with flywheel/yaml-too-complex', (_, bytes) => {
    const diagnostics = expectWellFormed([workspace, { path: 'campaigns/lol.yaml', bytes }]);
    expect(codesIn(diagnostics, 'campaigns/lol.yaml')).toContain('flywheel/yaml-too-complex');
  });

  it.each([
    ['flow sequences', campaign(deepFlow(10_000, 'seq'))],
    ['flow mappings', campaign(deepFlow(10_000, 'map'))],
    ['block sequences', encoder.encode(deepBlockSeq(10_000))],
    ['an alias that contains itself', campaign('&self [*self]')],
  ])('reports 10,000-deep nesting of %s without throwing', (_, bytes) => {
    const diagnostics = expectWellFormed([workspace, { path: 'campaigns/deep.yaml', bytes }]);
    expect(codesIn(diagnostics, 'campaigns/deep.yaml').length).toBeGreaterThan(0);
  });
});

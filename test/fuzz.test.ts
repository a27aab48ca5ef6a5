import fc from 'fast-check';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { validateWorkspace, type Diagnostic, type InputFile } from '../core/index';
import { applyByteMutation, byteMutation } from './fuzz/byte-mutations';
import { findDiagnosticProblems } from './fuzz/check-diagnostics';
import { appendToFirstComment, comparableDiagnostics } from './fuzz/comment-edit';
import { aliasBomb, billionLaughsFile, deepBlockSeq, deepFlow } from './fuzz/hostile-yaml';
import { loadSampleWorkspace, recordingProvider, withFiles } from './fuzz/sample-workspace';
import { applySemanticMutations, dstScenario, semanticMutation } from './fuzz/semantic-mutations';
import { applyYamlMutations, yamlMutation } from './fuzz/yaml-mutations';
import { parseSample, type ParsedSample } from './fuzz/yaml-tree';

// Deterministic by default. FLYWHEEL_FUZZ_SEED=<n> FLYWHEEL_FUZZ_SCALE=10 runs a longer, different
// campaign; FLYWHEEL_FUZZ_SHRINK=1 makes fast-check shrink a failure to a smaller counterexample.
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

const BODY_FILES = [...sample.allFiles.keys()].filter((path) => path.endsWith('.md'));
/** The Workspace and the campaign whose posts use a body file (content/<campaign>/... belongs to campaigns/<campaign>.yaml). */
function bodyOwnerIndices(bodyPath: string): number[] {
  const campaign = `campaigns/${bodyPath.split('/')[1] ?? ''}.yaml`;
  return [WORKSPACE_INDEX, ...parsedFiles.flatMap((file, index) => (file.path === campaign ? [index] : []))];
}

/**
 * A case validates a small workspace: the Workspace file, the file under test and one other
 * file, so cross-file references are exercised without paying for all 16 files every time.
 */
function focusedIndices(target: number, companion: number | null): number[] {
  const count = parsedFiles.length;
  return [...new Set([WORKSPACE_INDEX, target % count, ...(companion === null ? [] : [companion % count])])];
}

function inputOf(index: number, bytes?: Uint8Array): InputFile {
  const original = sample.playbooks[index] as InputFile;
  return { path: original.path, bytes: bytes ?? original.bytes };
}

/**
 * Validates and returns what is wrong with the diagnostics; whatever validateWorkspace throws
 * propagates. `otherFiles` replaces content files (bodies, media) that rules read.
 */
function validateAndInspect(inputs: readonly InputFile[], otherFiles: ReadonlyMap<string, Uint8Array> = new Map()): { diagnostics: Diagnostic[]; problems: string[] } {
  // A playbook read through the provider (as a body file, say) must read as its mutated bytes too.
  const provider = recordingProvider(new Map([...sample.allFiles, ...otherFiles, ...inputs.map((file) => [file.path, file.bytes] as const)]));
  const started = performance.now();
  const { diagnostics } = validateWorkspace(inputs, provider);
  const elapsed = performance.now() - started;
  const files = new Map<string, Uint8Array>([...provider.served, ...inputs.map((file) => [file.path, file.bytes] as const)]);
  const problems = findDiagnosticProblems(diagnostics, files);
  if (elapsed > CASE_TIME_LIMIT_MS) problems.push(`validation took ${Math.round(elapsed)} ms`);
  return { diagnostics, problems };
}

function expectWellFormed(inputs: readonly InputFile[], otherFiles?: ReadonlyMap<string, Uint8Array>): Diagnostic[] {
  const { diagnostics, problems } = validateAndInspect(inputs, otherFiles);
  expect(problems).toEqual([]);
  return diagnostics;
}

const fuzzParameters = (numRuns: number) => ({ seed: SEED, numRuns: runs(numRuns), endOnFailure: process.env.FLYWHEEL_FUZZ_SHRINK === undefined });

describe('fuzz: validateWorkspace on mutated copies of the sample workspace', () => {
  it('keeps every diagnostic well-formed under byte-level mutations', () => {
    const byteCase = fc.record({
      target: fc.nat(), companion: fc.option(fc.nat(), { freq: 2 }), mutations: fc.array(byteMutation, { minLength: 1, maxLength: 4 }),
    });
    fc.assert(fc.property(byteCase, ({ target, companion, mutations }) => {
      const index = target % parsedFiles.length;
      const mutated = inputOf(index, mutations.reduce(applyByteMutation, inputOf(index).bytes));
      expectWellFormed(withFiles(focusedIndices(target, companion).map((other) => inputOf(other)), [mutated]));
    }), fuzzParameters(900));
  });

  it('keeps diagnostics in body files well-formed when those files are mangled', () => {
    // Rules read body files through the provider and report inside them (banned words, say).
    const bodyCase = fc.record({ body: fc.nat(), mutations: fc.array(byteMutation, { minLength: 1, maxLength: 4 }) });
    fc.assert(fc.property(bodyCase, ({ body, mutations }) => {
      const path = BODY_FILES[body % BODY_FILES.length] as string;
      const bytes = mutations.reduce(applyByteMutation, sample.allFiles.get(path) as Uint8Array);
      expectWellFormed(bodyOwnerIndices(path).map((index) => inputOf(index)), new Map([[path, bytes]]));
    }), fuzzParameters(200));
  });

  it('keeps every diagnostic well-formed under YAML-structural mutations', () => {
    const structuralCase = fc.record({
      target: fc.nat(), companion: fc.option(fc.nat(), { freq: 2 }), mutations: fc.array(yamlMutation, { minLength: 1, maxLength: 4 }),
    });
    fc.assert(fc.property(structuralCase, ({ target, companion, mutations }) => {
      const index = target % parsedFiles.length;
      const text = applyYamlMutations(parsedFiles[index] as ParsedSample, mutations);
      const inputs = focusedIndices(target, companion).map((other) => inputOf(other));
      expectWellFormed(withFiles(inputs, [inputOf(index, encoder.encode(text))]));
    }), fuzzParameters(600));
  });

  it('gives the same diagnostics when a comment gains an anchor-like word', () => {
    // Comments mean nothing in YAML. Core reads a file with js-yaml, and with the yaml package
    // when it sees & or *, so this also checks that the two readers agree on every file.
    const structuralCase = fc.record({ target: fc.nat(), mutations: fc.array(yamlMutation, { minLength: 1, maxLength: 3 }) });
    fc.assert(fc.property(structuralCase, ({ target, mutations }) => {
      const index = target % parsedFiles.length;
      const bytes = encoder.encode(applyYamlMutations(parsedFiles[index] as ParsedSample, mutations));
      const commented = appendToFirstComment(bytes, ' &anchor *alias');
      fc.pre(commented !== undefined);
      const validateWith = (file: Uint8Array) => {
        const inputs = withFiles([inputOf(WORKSPACE_INDEX)], [inputOf(index, file)]);
        return comparableDiagnostics(validateWorkspace(inputs, recordingProvider(new Map([...sample.allFiles, ...inputs.map((input) => [input.path, input.bytes] as const)]))).diagnostics);
      };
      expect(validateWith(commented as Uint8Array)).toEqual(validateWith(bytes));
    }), fuzzParameters(250));
  });

  it('keeps every diagnostic well-formed under semantic mutations (schedules, zones, dates, ids)', () => {
    const semanticCase = fc.record({
      target: fc.nat(), companion: fc.option(fc.nat(), { freq: 2 }),
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
    }), fuzzParameters(800));
  });
});

describe('inputs the fuzzer found', () => {
  const workspace = inputOf(WORKSPACE_INDEX);
  const sop = (steps: string) => `# crisis drill\napiVersion: flywheel/v1\nkind: SOP\nmetadata: { name: drill }\nspec:\n  trigger: { event: post.failed }\n  steps:\n${steps}`;
  const validateText = (text: string) => {
    const inputs = [workspace, { path: 'sops/drill.yaml', bytes: encoder.encode(text) }];
    return comparableDiagnostics(validateWorkspace(inputs, recordingProvider(sample.allFiles)).diagnostics);
  };

  // The js-yaml fast path and the yaml package disagreed: the same file got other diagnostics (or none)
  // depending on whether a & or * appeared anywhere in it, even in a comment.
  it.each([
    ['a flow sequence closed at column 0 (fast path accepted it)', sop('    - id: a\n      notify: [ops\n]\n      message: hi\n')],
    ['a quoted message whose next line is dedented (fast path accepted it)', sop('    - id: a\n      notify: [ops]\n      message: "one\n    - id: b\n      message: two"\n')],
    ['a ~ document before the playbook (fast path put its errors on line 1)', `~\n---\n${sop('    - id: a\n      notify: [ops]\n      message: hi\n      bogus: 1\n')}`],
    ['an empty key at the end of the file', `${sop('    - id: a\n      notify: [ops]\n      message: hi\n')}? `],
  ])('reports %s the same with or without an & in a comment', (_, text) => {
    expect(validateText(text.replace('# crisis drill', '# crisis drill &anchor'))).toEqual(validateText(text));
  });

  // A mapping with a non-callable toString made String(value) throw "Cannot convert object to primitive value".
  it.each([
    ['kind', 'apiVersion: flywheel/v1\nkind: { toString: true, id: false }\nmetadata: { name: x }\nspec: {}\n', 'flywheel/unknown-kind'],
    ['an enum field', 'apiVersion: flywheel/v1\nkind: Campaign\nmetadata: { name: x }\nspec:\n  window: { start: 2027-01-01, end: 2027-01-31 }\n  review: { toString: 1 }\n', 'flywheel/invalid-value'],
  ])('reports a mapping with a toString key where %s goes', (_, text, code) => {
    const diagnostics = expectWellFormed([workspace, { path: 'campaigns/to-string.yaml', bytes: encoder.encode(text) }]);
    expect(diagnostics.filter((d) => d.file === 'campaigns/to-string.yaml').map((d) => d.code)).toContain(code);
  });

  // Found by the line-endings mutation: with CR-only line breaks a file that opens with a comment
  // (as every sample file does) read as one comment line, so it was skipped as "empty" and passed.
  it('does not skip a playbook with CR-only line breaks as an empty file', () => {
    const path = 'campaigns/spring-festival-2027.yaml';
    const original = sample.playbooks.find((file) => file.path === path) as InputFile;
    const crOnly = encoder.encode(new TextDecoder().decode(original.bytes).replace(/\n/g, '\r'));
    const inputs = [workspace, { path, bytes: crOnly }];
    const { model, diagnostics } = validateWorkspace(inputs, recordingProvider(sample.allFiles));
    expect(findDiagnosticProblems(diagnostics, new Map(inputs.map((file) => [file.path, file.bytes])))).toEqual([]);
    const codes = diagnostics.filter((d) => d.file === path).map((d) => d.code);
    expect(codes).not.toContain('flywheel/empty-file');
    // Read it (CR is a YAML line break) or refuse it with an error; never let it pass unread.
    const read = model.documents.some((document) => document.file.path === path);
    const refused = diagnostics.some((d) => d.file === path && d.severity === 'error');
    expect(read || refused).toBe(true);
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
    ['flow sequences 10,000 deep', campaign(deepFlow(10_000, 'seq'))],
    ['flow mappings 10,000 deep', campaign(deepFlow(10_000, 'map'))],
    ['block sequences 10,000 deep', encoder.encode(deepBlockSeq(10_000))],
    ['an alias inside its own anchor (endless depth)', campaign('&self [*self]')],
  ])('reports %s without throwing', (_, bytes) => {
    const diagnostics = expectWellFormed([workspace, { path: 'campaigns/deep.yaml', bytes }]);
    expect(codesIn(diagnostics, 'campaigns/deep.yaml').length).toBeGreaterThan(0);
  });
});

/*
 * Every suggestion Flywheel makes is itself right. Over a corpus of workspaces (the validate
 * fixtures, the LSP fixtures and test/fixtures/suggestions, written to trigger each fix), every
 * quick fix a diagnostic carries is applied on its own and the workspace validated again: the
 * diagnostic that offered it is gone and no error that was not there before sits where the fix
 * wrote. Every example a message gives (`e.g. …`, `例如 …`, `use …`) is read as the value it
 * stands for and validated too.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import {
  isValidTimeZone, parseDate, parseLocalTime, parseSchedule, validateWorkspace,
  type Diagnostic, type FileProvider, type InputFile, type SuggestedFix,
} from '../core/index';
import { codeActions, validateDocuments } from '../extension/server/service/index';

const FIXTURES = join(import.meta.dirname, 'fixtures');

function listFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? listFiles(full) : [full];
  });
}

function readTree(dir: string): Map<string, string> {
  return new Map(listFiles(dir).map((file) => [relative(dir, file).split(sep).join('/'), readFileSync(file, 'latin1')]));
}

/** A workspace as path → bytes (kept as latin1 strings so binary media survive), with the YAML files as text. */
interface Corpus {
  readonly name: string;
  readonly bytes: Map<string, string>;
}

function corpora(): Corpus[] {
  const validateRoot = join(FIXTURES, 'validate');
  const base = readTree(join(validateRoot, '_base'));
  const validateCases = readdirSync(validateRoot).filter((name) => name !== '_base' && statSync(join(validateRoot, name)).isDirectory()).sort();
  const lspWorkspace = readTree(join(FIXTURES, 'lsp', 'workspace'));
  const lspCases = readdirSync(join(FIXTURES, 'lsp', 'cases')).filter((name) => name.endsWith('.yaml')).sort();
  return [
    ...validateCases.map((name) => ({ name: `validate/${name}`, bytes: new Map([...base, ...readTree(join(validateRoot, name))]) })),
    { name: 'suggestions', bytes: new Map([...base, ...readTree(join(FIXTURES, 'suggestions'))]) },
    ...lspCases.map((name) => {
      const text = readFileSync(join(FIXTURES, 'lsp', 'cases', name), 'utf8').replace('|', '');
      const path = /^# path: (.*)$/m.exec(text)?.[1] ?? 'fixture.yaml';
      return { name: `lsp/${name}`, bytes: new Map([...lspWorkspace, [path, Buffer.from(text, 'utf8').toString('latin1')]]) };
    }),
  ];
}

const textOf = (latin1: string): string => Buffer.from(latin1, 'latin1').toString('utf8');

function validate(bytes: Map<string, string>): Diagnostic[] {
  const files: FileProvider = { readFile: (path) => (bytes.has(path) ? Buffer.from(bytes.get(path) as string, 'latin1') : undefined) };
  const inputs: InputFile[] = [...bytes].filter(([path]) => /\.ya?ml$/.test(path)).map(([path, latin1]) => ({ path, bytes: Buffer.from(latin1, 'latin1') }));
  return validateWorkspace(inputs, files).diagnostics;
}

/** The UTF-16 offset of a 1-based line and column. */
function offsetOf(text: string, line: number, column: number): number {
  let offset = 0;
  for (let current = 1; current < line; current += 1) offset = text.indexOf('\n', offset) + 1;
  return offset + column - 1;
}

function rangeOf(text: string, span: { line: number; column: number; endLine: number; endColumn: number }): [number, number] {
  return [offsetOf(text, span.line, span.column), offsetOf(text, span.endLine, span.endColumn)];
}

const overlaps = (a: [number, number], b: [number, number]): boolean => a[0] <= b[1] && b[0] <= a[1];

interface Offered {
  readonly corpus: Corpus;
  readonly diagnostic: Diagnostic;
  readonly fix: SuggestedFix;
}

const all = corpora();
const validated = all.map((corpus) => ({ corpus, diagnostics: validate(corpus.bytes) }));
const offered: Offered[] = validated.flatMap(({ corpus, diagnostics }) =>
  diagnostics.flatMap((diagnostic) => (diagnostic.fixes ?? []).map((fix) => ({ corpus, diagnostic, fix }))));

describe('every quick fix, applied, removes its diagnostic and adds no error where it wrote', () => {
  it('the corpus offers fixes from every rule that has them', () => {
    const codes = new Set(offered.map((item) => item.diagnostic.code));
    for (const code of [
      'flywheel/schedule', 'flywheel/schedule-weekday', 'flywheel/local-time', 'flywheel/timezone', 'flywheel/unknown-reference',
      'flywheel/unknown-field', 'flywheel/invalid-value', 'flywheel/api-version', 'flywheel/inline-secret',
      'flywheel/compliance-term', 'flywheel/brand-spelling',
    ]) expect(codes, `no fixture offers a fix for ${code}`).toContain(code);
  });

  it.each(offered.map((item) => [`${item.corpus.name} ${item.diagnostic.file}:${item.diagnostic.line} ${item.diagnostic.code} → ${JSON.stringify(item.fix.newText)}`, item] as const))('%s', (_name, { corpus, diagnostic, fix }) => {
    const before = textOf(corpus.bytes.get(diagnostic.file) ?? '');
    const [start, end] = rangeOf(before, fix.span);
    const after = before.slice(0, start) + fix.newText + before.slice(end);
    const edited = new Map(corpus.bytes);
    edited.set(diagnostic.file, Buffer.from(after, 'utf8').toString('latin1'));
    const written: [number, number] = [start, start + fix.newText.length];

    const beforeHere = validated.find((item) => item.corpus === corpus)?.diagnostics ?? [];
    const known = new Set(beforeHere.filter((item) => item.file === diagnostic.file).map((item) => `${item.code} ${item.message.en}`));
    const here = validate(edited).filter((item) => item.file === diagnostic.file && overlaps(rangeOf(after, item), written));
    const describe = (items: readonly Diagnostic[]) => items.map((item) => `${item.line}:${item.column} ${item.code} ${item.message.en}`).join('\n');

    expect(here.filter((item) => item.code === diagnostic.code && item.message.en === diagnostic.message.en), `still there after the fix:\n${describe(here)}`).toEqual([]);
    // A file that did not parse was never checked further: once a syntax fix makes it parse, what
    // its content says (an empty list, say) may be reported for the first time. Only syntax counts then.
    const unparsed = diagnostic.code === 'flywheel/yaml-syntax';
    const fresh = here.filter((item) => item.severity === 'error' && !known.has(`${item.code} ${item.message.en}`) && (!unparsed || item.code === 'flywheel/yaml-syntax'));
    expect(fresh, `new errors where the fix wrote ${JSON.stringify(fix.newText)}:\n${describe(fresh)}`).toEqual([]);
  });
});

// Value-type codes: every example in their messages must be a value of that type, and valid.
const VALUE_CODES = new Set(['flywheel/date', 'flywheel/local-time', 'flywheel/duration', 'flywheel/condition', 'flywheel/schedule', 'flywheel/schedule-weekday', 'flywheel/timezone']);

/** A cron with `field` in one of its six positions, for examples that stand for one field (`0/15`, `MON-FRI`). */
function fitsOneCronField(field: string): boolean {
  const templates = ['X 10 * * ? *', '0 X * * ? *', '0 10 X * ? *', '0 10 X * MON *', '0 10 * X ? *', '0 10 ? * X *', '0 10 * * ? X'];
  return templates.some((template) => parseSchedule(`cron(${template.replace('X', field)})`).ok);
}

/** Reads the example at the start of `rest` as a value; undefined when it is none of the value types. */
function readExample(rest: string): { value: string; valid: boolean } | undefined {
  const schedule = /^(?:cron|rate|at)\([^)]*\)/.exec(rest)?.[0];
  if (schedule) return { value: schedule, valid: parseSchedule(schedule).problems.every((problem) => problem.severity === 'error' ? false : problem.code !== 'weekday') };
  const keyed = /^([a-zA-Z]+): ("[^"]*"|\S+)/.exec(rest);
  if (keyed) {
    const value = String(parse(`${keyed[1]}: ${keyed[2]}`)[keyed[1] as string]);
    return readExample(value) ?? { value, valid: /^[<>=!]=? ?\d/.test(value) };
  }
  const local = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}/.exec(rest)?.[0];
  if (local) return { value: local, valid: parseLocalTime(local) !== undefined };
  const date = /^\d{4}-\d{2}-\d{2}(?![\d:])/.exec(rest)?.[0];
  if (date) return { value: date, valid: parseDate(date) !== undefined };
  const zone = /^[A-Z][A-Za-z_]+\/[A-Za-z_]+/.exec(rest)?.[0];
  if (zone) return { value: zone, valid: isValidTimeZone(zone) };
  const duration = /^\d+[mhdw](?=[,.;:、，。\s]|$)/.exec(rest)?.[0];
  if (duration) return { value: duration, valid: true };
  const field = /^[0-9A-Z*?][0-9A-Z*?/#,-]*?(?=,?[\s.;:，。）)]|,?$)/.exec(rest)?.[0];
  if (field) return { value: field, valid: fitsOneCronField(field) };
  return undefined;
}

const EXAMPLE = /(?:e\.g\.|例如|\buse|请改用|请使用|\bsuch as|如)\s*/g;

describe('every example a message gives is valid', () => {
  const messages = validated.flatMap(({ diagnostics }) => diagnostics.flatMap((diagnostic) => [
    { code: diagnostic.code, text: diagnostic.message.en },
    { code: diagnostic.code, text: diagnostic.message.zh },
  ]));
  const examples = messages.flatMap(({ code, text }) => [...text.matchAll(EXAMPLE)].map((match) => {
    const rest = text.slice((match.index ?? 0) + match[0].length).replace(/^['"`]/, '');
    return { code, text, example: readExample(rest), marker: match[0].trim(), rest };
  }));

  it('finds examples in schedule and time messages', () => {
    expect(examples.filter((item) => item.example && item.code.startsWith('flywheel/schedule')).length).toBeGreaterThan(10);
  });

  it.each(examples.filter((item) => item.example).map((item) => [`${item.code} ${item.marker} ${item.example?.value}`, item] as const))('%s', (_name, { text, example }) => {
    expect(example?.valid, `"${example?.value}" in: ${text}`).toBe(true);
  });

  it('every example in the schema\'s field descriptions (hover and completion text) is valid', () => {
    const descriptions: string[] = [];
    const walk = (node: unknown): void => {
      if (Array.isArray(node)) node.forEach(walk);
      else if (node !== null && typeof node === 'object') {
        for (const [key, value] of Object.entries(node)) {
          if (typeof value === 'string' && /description/i.test(key)) descriptions.push(value);
          else walk(value);
        }
      }
    };
    walk(JSON.parse(readFileSync(join(import.meta.dirname, '..', 'playbooks', 'flywheel.schema.json'), 'utf8')));
    const invalid = descriptions.flatMap((text) => [...text.matchAll(EXAMPLE)].flatMap((match) => {
      const example = readExample(text.slice((match.index ?? 0) + match[0].length).replace(/^['"`]/, ''));
      return example && !example.valid ? [`"${example.value}" in: ${text}`] : [];
    }));
    expect(descriptions.length).toBeGreaterThan(50);
    expect(invalid).toEqual([]);
  });

  it('an e.g. in a value-type message is always a value of that type', () => {
    const unread = examples.filter((item) => VALUE_CODES.has(item.code) && /e\.g\.|例如/.test(item.marker) && !item.example);
    expect(unread.map((item) => `${item.code}: ${item.text}`)).toEqual([]);
  });
});

describe('the quick fixes the editor works out itself are right too', () => {
  // Every action codeActions offers, for every diagnostic of every corpus file, applied alone.
  const actions = all.flatMap((corpus) => {
    const openDocuments = new Map([...corpus.bytes].filter(([path]) => /\.ya?ml$/.test(path)).map(([path, latin1]) => [path, textOf(latin1)]));
    const files = { readFile: (path: string) => (corpus.bytes.has(path) ? Buffer.from(corpus.bytes.get(path) as string, 'latin1') : undefined) };
    const { diagnostics, model } = validateDocuments([], openDocuments, { files, lang: 'en', uriOf: (path) => `file:///ws/${path}` });
    return [...diagnostics].flatMap(([path, list]) => list.flatMap((diagnostic) =>
      codeActions(openDocuments.get(path) ?? '', `file:///ws/${path}`, [diagnostic], { lang: 'en', model })
        .filter((action) => !(diagnostic.data as { fixes?: unknown[] } | undefined)?.fixes?.length)
        .map((action) => ({ corpus, path, diagnostic, action }))));
  });

  it('the corpus has editor-made actions (the approval one)', () => {
    expect(actions.map((item) => item.diagnostic.code)).toContain('flywheel/unapproved-post');
  });

  it.each(actions.map((item) => [`${item.corpus.name} ${item.path}:${item.diagnostic.range.start.line + 1} ${String(item.diagnostic.code)} ${item.action.title}`, item] as const))('%s', (_name, { corpus, path, diagnostic, action }) => {
    const text = textOf(corpus.bytes.get(path) ?? '');
    const lines = text.split('\n');
    const offset = (position: { line: number; character: number }) => lines.slice(0, position.line).reduce((total, line) => total + line.length + 1, 0) + position.character;
    const edits = [...(action.edit?.changes?.[`file:///ws/${path}`] ?? [])].sort((a, b) => offset(b.range.start) - offset(a.range.start));
    const after = edits.reduce((current, edit) => current.slice(0, offset(edit.range.start)) + edit.newText + current.slice(offset(edit.range.end)), text);
    const edited = new Map(corpus.bytes);
    edited.set(path, Buffer.from(after, 'utf8').toString('latin1'));
    const before = validate(corpus.bytes).filter((item) => item.file === path);
    const known = new Set(before.map((item) => `${item.code} ${item.message.en}`));
    const results = validate(edited).filter((item) => item.file === path);
    expect(results.filter((item) => item.code === diagnostic.code && item.message.en === diagnostic.message), 'the diagnostic is still there').toEqual([]);
    expect(results.filter((item) => item.severity === 'error' && !known.has(`${item.code} ${item.message.en}`)).map((item) => `${item.line} ${item.code} ${item.message.en}`)).toEqual([]);
  });
});

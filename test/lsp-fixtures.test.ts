/*
 * One runner for the language-service fixtures in test/fixtures/lsp/cases. Each fixture is a
 * playbook whose leading comments say what to check; a `|` marks the cursor. It is validated
 * together with the files of test/fixtures/lsp/workspace (as `fixture.yaml`, or the path given).
 *
 *   # feature: completion | hover | definition | references | symbols | lens | actions | diagnostics
 *   # want: <text>      completion label / hover text / location path:line / symbol path / lens / action title / line code
 *   # not: <text>       must not appear
 *   # doc: <label> <text>   completion item's documentation contains the text
 *   # detail: <label> <text>  completion item's detail contains the text
 *   # applied: <text>   the line at the cursor (and the ones after) after applying the first action
 *   # now: <ISO time>   # lang: zh-CN   # path: <workspace path>
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CompletionItem, DocumentSymbol, MarkupContent, TextEdit } from 'vscode-languageserver-types';
import type { Lang } from '../core/index';
import {
  codeActions, codeLenses, complete, documentSymbols, findDefinition, findReferences, hover, validateDocuments,
} from '../extension/server/service/index';

const FIXTURES = join(import.meta.dirname, 'fixtures', 'lsp');
const WORKSPACE = join(FIXTURES, 'workspace');
const noFiles = { readFile: () => undefined };

interface Fixture {
  readonly feature: string;
  readonly want: string[];
  readonly not: string[];
  readonly doc: string[];
  readonly detail: string[];
  readonly applied: string[];
  readonly now: number;
  readonly lang: Lang;
  readonly path: string;
  readonly text: string;
  readonly position: { line: number; character: number };
}

function readFixture(name: string): Fixture {
  const marked = readFileSync(join(FIXTURES, 'cases', name), 'utf8');
  const directives = new Map<string, string[]>();
  for (const match of marked.matchAll(/^# (feature|want|not|doc|detail|applied|now|lang|path): ?(.*)$/gm)) {
    directives.set(match[1] as string, [...(directives.get(match[1] as string) ?? []), match[2] as string]);
  }
  const offset = marked.indexOf('|');
  const text = offset === -1 ? marked : marked.slice(0, offset) + marked.slice(offset + 1);
  const before = (offset === -1 ? '' : marked.slice(0, offset)).split('\n');
  const one = (key: string) => directives.get(key)?.[0];
  return {
    feature: one('feature') ?? 'missing',
    want: directives.get('want') ?? [], not: directives.get('not') ?? [], doc: directives.get('doc') ?? [], detail: directives.get('detail') ?? [], applied: directives.get('applied') ?? [],
    now: Date.parse(one('now') ?? '2027-01-01T00:00:00Z'),
    lang: one('lang') === 'zh-CN' ? 'zh-CN' : 'en',
    path: one('path') ?? 'fixture.yaml',
    text,
    position: { line: before.length - 1, character: (before.at(-1) ?? '').length },
  };
}

function validateWith(fixture: Fixture) {
  const encoder = new TextEncoder();
  const disk = readdirSync(WORKSPACE).map((name) => ({ path: name, bytes: encoder.encode(readFileSync(join(WORKSPACE, name), 'utf8')) }));
  return validateDocuments(disk, new Map([[fixture.path, fixture.text]]), { files: noFiles, lang: fixture.lang, uriOf: (path) => `file:///ws/${path}` });
}

function flattenSymbols(symbols: readonly DocumentSymbol[], prefix = ''): string[] {
  return symbols.flatMap((symbol) => {
    const name = prefix ? `${prefix} > ${symbol.name}` : symbol.name;
    return [`${name} @${symbol.selectionRange.start.line + 1}`, ...flattenSymbols(symbol.children ?? [], name)];
  });
}

function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const lines = text.split('\n');
  const offsetOf = (position: { line: number; character: number }) => lines.slice(0, position.line).reduce((total, line) => total + line.length + 1, 0) + position.character;
  let result = text;
  for (const edit of [...edits].sort((a, b) => offsetOf(b.range.start) - offsetOf(a.range.start))) {
    result = result.slice(0, offsetOf(edit.range.start)) + edit.newText + result.slice(offsetOf(edit.range.end));
  }
  return result;
}

/** What a feature produced, as lines of text the `want`/`not` directives are matched against. */
function run(fixture: Fixture): { outputs: string[]; completion?: CompletionItem[]; applied?: string } {
  const { text, position, lang, now, path } = fixture;
  switch (fixture.feature) {
    case 'completion': {
      const items = complete(text, position, { lang, model: validateWith(fixture).model });
      return { outputs: items.map((item) => item.label), completion: items };
    }
    case 'hover': {
      const result = hover(text, position, { lang, now, model: validateWith(fixture).model, path });
      return { outputs: result ? [(result.contents as MarkupContent).value] : [] };
    }
    case 'definition':
    case 'references': {
      const { model } = validateWith(fixture);
      const locations = fixture.feature === 'definition' ? findDefinition(text, position, model) : findReferences(text, position, model, true);
      return { outputs: locations.map((location) => `${location.path}:${location.range.start.line + 1}`) };
    }
    case 'symbols':
      return { outputs: flattenSymbols(documentSymbols(text)) };
    case 'lens': {
      const lenses = codeLenses(text, { lang, now, model: validateWith(fixture).model, path });
      return { outputs: lenses.map((lens) => `${lens.range.start.line + 1}: ${lens.command?.title ?? ''}`) };
    }
    case 'diagnostics': {
      const diagnostics = validateWith(fixture).diagnostics.get(path) ?? [];
      return {
        outputs: diagnostics.flatMap((diagnostic) => [
          `${diagnostic.range.start.line + 1} ${String(diagnostic.code)}`,
          ...(diagnostic.relatedInformation ?? []).map((related) => `related ${related.location.uri.replace('file:///ws/', '')}:${related.location.range.start.line + 1}`),
        ]),
      };
    }
    case 'actions': {
      const diagnostics = (validateWith(fixture).diagnostics.get(path) ?? []).filter((diagnostic) => diagnostic.range.start.line <= position.line && position.line <= diagnostic.range.end.line);
      const actions = codeActions(text, 'file:///ws/fixture.yaml', diagnostics, { lang, model: validateWith(fixture).model });
      const first = actions[0]?.edit?.changes?.['file:///ws/fixture.yaml'];
      return { outputs: actions.map((action) => action.title), ...(first ? { applied: applyEdits(text, first) } : {}) };
    }
    default:
      throw new Error(`Unknown feature "${fixture.feature}": use completion, hover, definition, references, symbols, lens, actions or diagnostics.`);
  }
}

describe('language service fixtures', () => {
  const names = readdirSync(join(FIXTURES, 'cases')).filter((name) => name.endsWith('.yaml')).sort();

  it('has fixtures for every feature', () => {
    const features = new Set(names.map((name) => readFixture(name).feature));
    expect([...features].sort()).toEqual(['actions', 'completion', 'definition', 'diagnostics', 'hover', 'lens', 'references', 'symbols']);
  });

  for (const name of names) {
    it(name, () => {
      const fixture = readFixture(name);
      expect(fixture.want.length + fixture.applied.length, 'a fixture must expect something').toBeGreaterThan(0);

      const result = run(fixture);

      for (const want of fixture.want) expect(result.outputs.some((output) => output.includes(want)), `want "${want}" in:\n${result.outputs.join('\n')}`).toBe(true);
      for (const not of fixture.not) expect(result.outputs.some((output) => output === not || (fixture.feature !== 'completion' && output.includes(not))), `not "${not}" in:\n${result.outputs.join('\n')}`).toBe(false);
      for (const doc of fixture.doc) {
        const [label, ...words] = doc.split(' ');
        const item = result.completion?.find((candidate) => candidate.label === label);
        expect((item?.documentation as MarkupContent | undefined)?.value ?? '', `documentation of ${label}`).toContain(words.join(' '));
      }
      for (const detail of fixture.detail) {
        const [label, ...words] = detail.split(' ');
        expect(result.completion?.find((candidate) => candidate.label === label)?.detail ?? '', `detail of ${label}`).toContain(words.join(' '));
      }
      if (fixture.applied.length > 0) {
        const lines = (result.applied ?? '').split('\n').slice(fixture.position.line, fixture.position.line + fixture.applied.length);
        expect(lines).toEqual(fixture.applied);
      }
    });
  }
});

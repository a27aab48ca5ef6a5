/*
 * The line index (core/load/fast-locate.ts) must give exactly the offsets the `yaml` Document
 * gives, for every path of every playbook and fixture in the repository, or no answer at all.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { isMap, isScalar, isSeq, parseAllDocuments, type Document, type Node } from 'yaml';
import { describe, expect, it } from 'vitest';
import { FastLocator } from '../core/load/fast-locate';
import { SourceFile, YamlDocument, type PathSegment, type SpanPart } from '../core/index';

const ROOT = join(import.meta.dirname, '..');

function yamlFiles(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const full = join(folder, name);
    if (statSync(full).isDirectory()) return yamlFiles(full);
    return /\.ya?ml$/.test(name) ? [full] : [];
  });
}

/** Every path of a document, plus a missing key and a missing index below each collection. */
function pathsOf(document: Document.Parsed): PathSegment[][] {
  const paths: PathSegment[][] = [[]];
  const stack: Array<[unknown, PathSegment[]]> = [[document.contents, []]];
  while (stack.length > 0) {
    const [node, path] = stack.pop() as [unknown, PathSegment[]];
    if (isMap(node)) {
      paths.push([...path, 'no-such-key'], [...path, 'no-such-key', 0]);
      for (const pair of node.items) {
        const key = (pair.key as { value?: unknown } | null)?.value;
        const child = [...path, String(key)];
        paths.push(child);
        stack.push([pair.value, child]);
      }
    } else if (isSeq(node)) {
      paths.push([...path, node.items.length + 3], [...path, 'name']);
      node.items.forEach((item, index) => {
        paths.push([...path, index]);
        stack.push([item as Node, [...path, index]]);
      });
    }
  }
  return paths;
}

const PARTS: readonly SpanPart[] = ['key', 'value', 'entry'];
const FILES = [...yamlFiles(join(ROOT, 'playbooks')), ...yamlFiles(join(ROOT, 'test', 'fixtures'))];

// Shapes the repository's files may not hold yet.
const TRICKY = [
  '# leading comment\n---\nkey:   value   # comment\nquoted: "a # not a comment, [x]"\nsingle: \'it\'\'s\'\nempty: []\nemptyMap: {}\n',
  'list:\n  # comment before the first item\n  - a\n  -   b   \n  - [c, d]\n  - { e: f, g: [h, "i, j"] }\n  -\n    k: l\nafter: 1\n',
  'spec:\n  posts:\n  - id: one\n    title: a:b\n  - id: two\n\n    # gap\n    at: 2027-01-10 20:00\n  labels: { team.name: brand, 中文键: 值 }\n',
  'a:\n  b:\n    c:\n      - - nested\n      - x\n  d: http://example.com/a#b\n  e: "two\n    lines"\n  f: plain\n    continued\n  g: 1\n',
  'top: [1, 2,\n  3]\n0x1F: odd key\nyes: odd too\n"quoted key": 1\nlast: ok\n',
];

describe('fast locator', () => {
  it(`gives the yaml Document's offsets for every path of ${FILES.length} repository files, or nothing`, () => {
    let answered = 0;
    let asked = 0;
    let multiDocumentPaths = 0;
    const mismatches: string[] = [];
    const sources = [
      ...FILES.map((file) => ({ name: relative(ROOT, file), text: readFileSync(file, 'utf8').replace(/^\uFEFF/, ''), mustParse: false })),
      ...TRICKY.map((text, index) => ({ name: `tricky-${index}`, text, mustParse: true })),
    ];
    for (const { name, text, mustParse } of sources) {
      const locators = FastLocator.buildDocuments(text);
      if (!locators) continue;
      const parsed = parseAllDocuments(text, { merge: true, uniqueKeys: false, prettyErrors: false });
      const all = Array.isArray(parsed) ? parsed : [];
      // Broken files (validation fixtures, cursor markers) never reach the fast path: js-yaml refuses them first.
      if (all.length === 0 || all.some((document) => document.errors.length > 0)) {
        if (mustParse) throw new Error(`${name} is not valid YAML: ${all[0]?.errors[0]?.message ?? 'no document'}`);
        continue;
      }
      // The documents the loader reads: those holding something.
      const documents = all.filter((document) => document.contents !== null && !(isScalar(document.contents) && document.contents.value === null));
      expect(locators.length, `${name}: documents`).toBe(documents.length);
      documents.forEach((document, index) => {
        if (index > 0) multiDocumentPaths += 1;
        const locator = locators[index];
        if (!locator) return;
        const careful = new YamlDocument(new SourceFile('x.yaml', text), index, document as Document.Parsed);
        for (const path of pathsOf(document as Document.Parsed)) {
          for (const part of PARTS) {
            asked += 1;
            const fast = locator.offsets(path, part);
            if (!fast) continue;
            answered += 1;
            const expected = careful.offsets(path, part);
            if (fast.start !== expected.start || fast.end !== expected.end) {
              mismatches.push(`${name}#${index} ${JSON.stringify(path)} ${part}: fast ${JSON.stringify(text.slice(fast.start, fast.end))} yaml ${JSON.stringify(text.slice(expected.start, expected.end))}`);
            }
          }
        }
      });
    }

    expect(mismatches.slice(0, 20)).toEqual([]);
    // The index must actually carry the load, or the language server pays for the yaml parse again.
    expect(answered / asked).toBeGreaterThan(0.6);
    // Files of several documents are indexed too (the sample SOPs and checks hold some).
    expect(multiDocumentPaths).toBeGreaterThan(3);
  });

  it('leaves anchors, block scalars, document end markers and tabs to the yaml Document, and indexes each document of a file', () => {
    const anchored = FastLocator.build('a: &x { b: 1 }\nc: *x\nd: |\n  text\ne: 1\n');

    expect(anchored?.offsets(['a', 'b'], 'value')).toBeUndefined();
    expect(anchored?.offsets(['d'], 'value')).toBeUndefined();
    expect(anchored?.offsets(['e'], 'value')).toEqual({ start: 36, end: 37 });
    expect(FastLocator.build('a: 1\n---\nb: 2\n')).toBeUndefined();
    const documents = FastLocator.buildDocuments('# c\n---\na: 1\n--- # second\n# only a comment\n---\n~\n---\nb: [x,\n  y]\nc: 2\n');
    expect(documents?.length).toBe(2);
    expect(documents?.[0]?.offsets(['a'], 'value')).toEqual({ start: 11, end: 12 });
    expect(documents?.[1]?.offsets(['c'], 'value')).toEqual({ start: 68, end: 69 });
    expect(FastLocator.buildDocuments('a: 1\n...\n')).toBeUndefined();
    expect(FastLocator.buildDocuments('--- a: 1\n')).toBeUndefined();
    expect(FastLocator.build('a:\n\tb: 1\n')).toBeUndefined();
  });
});

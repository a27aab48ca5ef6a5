/**
 * Fixture-driven validator tests. Each folder under test/fixtures/validate/ (except _base) is a
 * workspace, merged over _base/ (a file of the same path replaces the base one). Expectations
 * sit in the YAML as trailing comments: `# want flywheel/<code> [flywheel/<code> …]`, optionally
 * with a quoted text the English message must contain (in Markdown: `<!-- want … -->`). A line without `# want` must have no
 * diagnostics; `# want-next-line …` on its own line applies to the line below.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateWorkspace, type FileProvider, type InputFile } from '../core/index';

const ROOT = join(import.meta.dirname, 'fixtures', 'validate');

function listFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? listFiles(full) : [full];
  });
}

function readTree(dir: string): Map<string, Uint8Array> {
  return new Map(listFiles(dir).map((file) => [relative(dir, file).split(sep).join('/'), readFileSync(file)]));
}

interface Want {
  code: string;
  contains?: string;
}

/** Parses `# want` comments into expectations per file and line. */
function wantsOf(path: string, content: string): Map<number, Want[]> {
  const wants = new Map<number, Want[]>();
  content.split('\n').forEach((lineText, index) => {
    const match = /(?:#|<!--)\s*want(-next-line)?\s+(.*?)(?:-->)?\s*$/.exec(lineText);
    if (!match) return;
    const line = index + 1 + (match[1] ? 1 : 0);
    const items: Want[] = [];
    for (const token of (match[2] ?? '').matchAll(/(flywheel\/[a-z0-9-]+)(?:\s+"((?:[^"\\]|\\.)*)")?/g)) {
      items.push(token[2] === undefined ? { code: token[1] as string } : { code: token[1] as string, contains: token[2].replace(/\\"/g, '"') });
    }
    if (items.length === 0) throw new Error(`${path}:${line}: # want without a flywheel/<code>`);
    wants.set(line, [...(wants.get(line) ?? []), ...items]);
  });
  return wants;
}

const base = readTree(join(ROOT, '_base'));
const cases = readdirSync(ROOT).filter((name) => name !== '_base' && statSync(join(ROOT, name)).isDirectory()).sort();

describe('validator fixtures', () => {
  it('the shared base workspace validates clean', () => {
    const files: FileProvider = { readFile: (path) => base.get(path) };
    const inputs: InputFile[] = [...base].filter(([path]) => /\.ya?ml$/.test(path)).map(([path, bytes]) => ({ path, bytes }));
    expect(validateWorkspace(inputs, files).diagnostics).toEqual([]);
  });

  for (const name of cases) {
    it(name, () => {
      const own = readTree(join(ROOT, name));
      const tree = new Map([...base, ...own]);
      const files: FileProvider = { readFile: (path) => tree.get(path) };
      const inputs: InputFile[] = [...tree].filter(([path]) => /\.ya?ml$/.test(path)).map(([path, bytes]) => ({ path, bytes }));
      const { diagnostics } = validateWorkspace(inputs, files);

      const expected: string[] = [];
      for (const [path, bytes] of own) {
        if (!/\.(ya?ml|md)$/.test(path)) continue;
        for (const [line, wants] of wantsOf(path, Buffer.from(bytes).toString('utf8'))) {
          for (const want of wants) expected.push(`${path}:${line} ${want.code}`);
        }
      }
      const actual = diagnostics.map((d) => `${d.file}:${d.line} ${d.code}`);
      expect(actual.sort(), diagnostics.map((d) => `${d.file}:${d.line}:${d.column} ${d.code} ${d.message.en}`).join('\n')).toEqual(expected.sort());

      for (const [path, bytes] of own) {
        if (!/\.(ya?ml|md)$/.test(path)) continue;
        for (const [line, wants] of wantsOf(path, Buffer.from(bytes).toString('utf8'))) {
          for (const want of wants.filter((item) => item.contains !== undefined)) {
            const messages = diagnostics.filter((d) => d.file === path && d.line === line && d.code === want.code).map((d) => d.message.en);
            expect(messages.some((message) => message.includes(want.contains as string)), `${path}:${line} ${want.code} should mention "${want.contains}", got: ${messages.join(' | ')}`).toBe(true);
          }
        }
      }
      for (const d of diagnostics) {
        expect(d.message.zh, `${d.code} needs a Chinese message`).toMatch(/[\u4e00-\u9fff]/);
      }
    });
  }
});

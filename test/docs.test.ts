import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { KINDS } from '../core/index';
import { FIELD_PAGES, renderFieldTables, type DocLang } from '../scripts/docs/field-tables';

const ROOT = join(import.meta.dirname, '..');

/** The repository's own markdown files (tracked or new, never ignored ones such as node_modules). */
function markdownFiles(): string[] {
  const listed = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '*.md'], { cwd: ROOT, encoding: 'utf8' });
  return listed.split('\n').filter((file) => file !== '' && existsSync(join(ROOT, file)));
}

/** Link targets of a markdown text: inline links and images, and reference definitions. */
function linkTargets(markdown: string): string[] {
  const withoutCode = markdown.replace(/```[\s\S]*?```/g, '').replace(/`[^`\n]*`/g, '');
  const inline = [...withoutCode.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((match) => match[1] ?? '');
  const definitions = [...withoutCode.matchAll(/^\s*\[[^\]]+\]:\s*(\S+)/gm)].map((match) => match[1] ?? '');
  return [...inline, ...definitions];
}

describe('docs/language field tables', () => {
  for (const [lang, page] of Object.entries(FIELD_PAGES) as [DocLang, string][]) {
    it(`${page} matches the schema`, () => {
      const committed = readFileSync(join(ROOT, page), 'utf8');
      expect(committed, `${page} is stale: run \`npm run docs\` and commit the result`).toBe(renderFieldTables(lang));
    });
  }

  it('lists every kind in both languages', () => {
    for (const page of Object.values(FIELD_PAGES)) {
      const text = readFileSync(join(ROOT, page), 'utf8');
      for (const kind of KINDS) expect(text, `${page} has no section for ${kind}`).toContain(`## ${kind}\n`);
    }
  });
});

describe('the language reference', () => {
  for (const page of ['docs/language/README.md', 'docs/language/README.zh-CN.md']) {
    it(`${page} covers every kind, the placeholders, goal statuses, metric sources and metrics files`, () => {
      const text = readFileSync(join(ROOT, page), 'utf8');
      for (const kind of KINDS) expect(text).toMatch(new RegExp(`^## ${kind}\\b`, 'm'));
      for (const needle of ['sources:', '{{check.value}}', '{{post}}', 'off-track', 'time,metric,value', 'secret:']) expect(text).toContain(needle);
    });
  }
});

describe('the repository stands on its own', () => {
  it('no markdown file links outside the repository, and every relative link resolves', () => {
    const problems: string[] = [];
    for (const file of markdownFiles()) {
      const text = readFileSync(join(ROOT, file), 'utf8');
      for (const target of linkTargets(text)) {
        if (/^(https?:|mailto:|#)/.test(target)) continue;
        const path = decodeURIComponent(target.split('#')[0] ?? '');
        if (path === '') continue;
        const absolute = resolve(ROOT, dirname(file), path);
        if (!absolute.startsWith(`${ROOT}/`) && absolute !== ROOT) problems.push(`${file}: ${target} leaves the repository`);
        else if (!existsSync(absolute)) problems.push(`${file}: ${target} does not exist`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('no file names the team material outside the repository', () => {
    // git grep exits 1 when nothing matches, which is the outcome this test wants.
    const found = spawnSync('git', ['grep', '-l', '-I', '--untracked', '-e', '\\.\\./shared/', '-e', 'shared/reference', '-e', 'shared/spec', '--', '.', ':!test/docs.test.ts'], { cwd: ROOT, encoding: 'utf8' });
    expect(found.status, found.stderr).not.toBe(2);
    expect(found.stdout.split('\n').filter(Boolean)).toEqual([]);
  });

  it('no file cites the team\'s design notes (DESIGN.md decisions, STYLE.md): docs/ holds them', () => {
    const found = spawnSync('git', ['grep', '-n', '-I', '--untracked', '-E', '-e', '(^|[^/])DESIGN\\.md (decision|records)', '-e', '\\(DESIGN\\.md[),]', '-e', 'STYLE\\.md', '--', '.', ':!test/docs.test.ts'], { cwd: ROOT, encoding: 'utf8' });
    expect(found.status, found.stderr).not.toBe(2);
    expect(found.stdout.split('\n').filter(Boolean)).toEqual([]);
  });
});

/*
 * House rules that keep the layers apart (docs/architecture.md): production code never carries
 * test code, and nothing outside the CLI imports from it.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..');
const PRODUCTION = ['core', 'functions', 'cli', 'infra', 'extension/client', 'extension/server'];

/** Tracked and new TypeScript files under the production folders, without their tests. */
function productionFiles(): string[] {
  const listed = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '--', ...PRODUCTION.map((folder) => `${folder}/*.ts`)], { cwd: ROOT, encoding: 'utf8' });
  return listed.split('\n').filter((file) => file !== '' && !/\.test\.ts$/.test(file) && !file.endsWith('.d.ts'));
}

const importsOf = (file: string) => [...readFileSync(join(ROOT, file), 'utf8').matchAll(/(?:from|import)\s*\(?\s*'([^']+)'/g)].map((match) => match[1] as string);

describe('the layers', () => {
  it('no production file imports vitest (test helpers live in test/)', () => {
    const offenders = productionFiles().filter((file) => importsOf(file).some((source) => source === 'vitest' || source.startsWith('vitest/')));
    expect(offenders).toEqual([]);
  });

  it('nothing outside cli/ imports from cli/', () => {
    const offenders = productionFiles()
      .filter((file) => !file.startsWith('cli/'))
      .flatMap((file) => importsOf(file).filter((source) => /(^|\/)cli\//.test(source) && source.startsWith('.')).map((source) => `${file} → ${source}`));
    expect(offenders).toEqual([]);
  });
});

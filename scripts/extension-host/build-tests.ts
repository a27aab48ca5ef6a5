/*
 * Bundles the in-host mocha suite (extension/test/suite) into one CommonJS file: the extension host
 * `require`s extensionTestsPath, so it needs JavaScript. `vscode` is the host's own module and
 * mocha stays a plain require from the repository's node_modules (its reporters load lazily).
 */
import { build } from 'esbuild';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { REPO, TESTS_ENTRY } from './config';

/** Builds extension/test/dist/index.cjs from extension/test/suite/index.ts. */
export async function buildExtensionTests(): Promise<string> {
  const result = await build({
    entryPoints: [join(REPO, 'extension', 'test', 'suite', 'index.ts')],
    outfile: TESTS_ENTRY,
    write: false,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: 'inline',
    external: ['vscode', 'mocha'],
    logLevel: 'warning',
  });
  const output = result.outputFiles[0];
  if (!output) throw new Error('esbuild produced no test bundle');
  // Write then rename: a run starting meanwhile never loads a half-written bundle.
  mkdirSync(dirname(TESTS_ENTRY), { recursive: true });
  const partial = `${TESTS_ENTRY}.${process.pid}.tmp`;
  writeFileSync(partial, output.contents);
  renameSync(partial, TESTS_ENTRY);
  return TESTS_ENTRY;
}

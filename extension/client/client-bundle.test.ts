/*
 * The VS Code client stays thin: it runs the CLI for everything that reads playbooks or stores, so
 * its bundle holds no AWS SDK, no zod and none of core's loading, validation or evaluation. Built
 * the way scripts/build.mjs builds extension/dist/extension.js; its size is recorded in bench/RESULTS.md.
 */
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { REPO } from '../../test/support/run-cli';

describe('the client bundle', () => {
  it('carries no AWS SDK, zod, YAML parser, luxon or core beyond the chart renderer and the formatter', async () => {
    const result = await build({
      absWorkingDir: REPO, entryPoints: ['extension/client/extension.ts'], bundle: true, platform: 'node', target: 'node20', format: 'cjs',
      minify: true, write: false, metafile: true, logLevel: 'silent', external: ['vscode', 'dynalite', 'classic-level'],
    });
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.filter((input) => /node_modules\/(@aws-sdk|@smithy|zod|yaml|js-yaml|luxon)\//.test(input))).toEqual([]);
    expect(inputs.filter((input) => /^(core|functions|cli)\//.test(input)).sort()).toEqual(
      inputs.filter((input) => /^core\/(report\/chart-svg|format\/[\w-]+|i18n\/[\w-]+|diagnostics|metrics\/builtins)\.ts$/.test(input)).sort(),
    );
  }, 60_000);
});

#!/usr/bin/env node
// The `flywheel` command: runs the bundled CLI built by `npm run build` (run automatically by npm install).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const bundle = new URL('../dist/cli.js', import.meta.url);
if (!existsSync(fileURLToPath(bundle))) {
  process.stderr.write('flywheel: dist/cli.js is missing. Run `npm run build` first.\nflywheel: 缺少 dist/cli.js, 请先运行 `npm run build`。\n');
  process.exit(2);
}
const { main } = await import(bundle.href);
process.exitCode = await main(process.argv.slice(2));

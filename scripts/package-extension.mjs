// `npm run package:extension`: builds the bundles, then packs extension/ into
// extension/flywheel-<version>.vsix with @vscode/vsce. Everything runs from dist/ (bundled), so
// the package ships no node_modules; this script checks that and fails if it is not so.
import { execFileSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const extension = join(root, 'extension');
const vsce = join(root, 'node_modules', '@vscode', 'vsce', 'vsce');
const { name, version } = JSON.parse(readFileSync(join(extension, 'package.json'), 'utf8'));
const vsix = `${name}-${version}.vsix`;

execFileSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { cwd: root, stdio: 'inherit' });

const files = execFileSync(process.execPath, [vsce, 'ls', '--no-dependencies'], { cwd: extension, encoding: 'utf8' }).trim().split('\n');
const required = ['package.json', 'dist/extension.js', 'dist/server.js', 'dist/server-main.js', 'dist/cli.js', 'dist/metrics-worker.js', 'l10n/bundle.l10n.zh-cn.json', 'package.nls.zh-cn.json', 'media/icon.png'];
const missing = required.filter((file) => !files.includes(file));
const shipped = files.filter((file) => file.includes('node_modules'));
if (missing.length > 0 || shipped.length > 0) {
  console.error(`The package would be wrong: missing ${missing.join(', ') || 'nothing'}; node_modules files ${shipped.join(', ') || 'none'}. Check extension/.vscodeignore.`);
  process.exit(1);
}

// The repository URL is not public yet; the flag keeps vsce from asking about it interactively.
execFileSync(process.execPath, [vsce, 'package', '--no-dependencies', '--allow-missing-repository', '--out', vsix], { cwd: extension, stdio: 'inherit' });
const size = statSync(join(extension, vsix)).size;
console.log(`extension/${vsix}: ${files.length} files, ${(size / 1024).toFixed(0)} KiB\n${files.map((file) => `  ${file}`).join('\n')}`);

// Bundles the CLI so `flywheel` starts fast (no TypeScript at run time), and the VS Code language server and client.
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';

// Chunk names carry content hashes: clear the old ones so dist/ holds only this build.
rmSync('dist', { recursive: true, force: true });

// What every bundle shares. Smaller code parses faster at start-up; the source map keeps stack traces readable.
const nodeBundle = { bundle: true, platform: 'node', target: 'node20', sourcemap: true, minify: true, logLevel: 'warning' };

await build({
  ...nodeBundle,
  // The metrics worker (cli/metrics-worker.ts) reads CSV files beside the main thread in `flywheel simulate`.
  entryPoints: { cli: 'cli/index.ts', 'metrics-worker': 'cli/metrics-worker.ts' },
  // Commands load lazily (cli/index.ts), so each lands in its own chunk.
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  outdir: 'dist',
  format: 'esm',
  // dynalite stores data through a native LevelDB addon (classic-level) that must load from node_modules.
  external: ['dynalite', 'classic-level'],
  // Some bundled CommonJS dependencies call require(); give the ESM bundle one.
  banner: { js: "import { createRequire as __flywheelCreateRequire } from 'node:module'; const require = __flywheelCreateRequire(import.meta.url);" },
});

// The language server ships as one self-contained file next to the VS Code client (no node_modules in the .vsix).
// CommonJS like the client: extension/package.json has no "type" (VS Code loads `main` with require()),
// and an ESM .js file there makes Node warn on stderr, which the client shows as an error.
// Code shared with the ESM CLI reads import.meta only where __dirname is missing (extension/server/store-status.ts).
const extensionBundle = { ...nodeBundle, outdir: 'extension/dist', format: 'cjs', logOverride: { 'empty-import-meta': 'silent' } };

// Code caches of earlier builds are of no use to this one (extension/server/launch.ts).
for (const name of existsSync('extension/dist') ? readdirSync('extension/dist') : []) if (name.endsWith('.cache')) rmSync(join('extension/dist', name));
await build({ ...extensionBundle, entryPoints: { 'server-main': 'extension/server/main.ts' } });
// `server.js`, what editors run, loads server-main.js through V8's code cache (extension/server/launch.ts).
await build({ ...extensionBundle, entryPoints: { server: 'extension/server/launch.ts' } });

// The CLI the .vsix carries (extension/dist/cli.js), for a playbooks folder that has no CLI of its own: one
// CommonJS file (no chunks) that plain `node` runs with nothing installed, and its metrics worker beside it.
// Only the local store's engine (dynalite, LevelDB's native addon) stays outside: it is loaded when a command needs the store.
await build({
  ...extensionBundle,
  entryPoints: { 'metrics-worker': 'cli/metrics-worker.ts' },
  external: ['dynalite', 'classic-level'],
});
await build({
  ...extensionBundle,
  stdin: { contents: "import { main } from './cli/index';\nvoid main(process.argv.slice(2)).then((code) => { process.exitCode = code; });", resolveDir: process.cwd(), sourcefile: 'extension-cli.ts', loader: 'ts' },
  outfile: 'extension/dist/cli.js', outdir: undefined,
  external: ['dynalite', 'classic-level'],
});

// The VS Code client: `vscode` is provided by the extension host. dynalite (the local store's
// engine) is reachable only through a lazy import the client never takes: it runs the CLI instead.
await build({ ...extensionBundle, entryPoints: { extension: 'extension/client/extension.ts' }, external: ['vscode', 'dynalite', 'classic-level'] });

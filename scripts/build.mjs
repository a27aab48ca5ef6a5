// Bundles the CLI into one ESM file so `flywheel` starts fast (no TypeScript at run time).
import { rmSync } from 'node:fs';
import { build } from 'esbuild';

// Chunk names carry content hashes: clear the old ones so dist/ holds only this build.
rmSync('dist', { recursive: true, force: true });

await build({
  entryPoints: { cli: 'cli/index.ts' },
  // Commands load lazily (cli/index.ts), so each lands in its own chunk.
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  // Smaller code parses faster at start-up; the source map keeps stack traces readable.
  minify: true,
  // dynalite stores data through a native LevelDB addon that must load from node_modules.
  external: ['dynalite'],
  logLevel: 'warning',
  // Some bundled CommonJS dependencies call require(); give the ESM bundle one.
  banner: { js: "import { createRequire as __flywheelCreateRequire } from 'node:module'; const require = __flywheelCreateRequire(import.meta.url);" },
});

// The language server ships as one self-contained file next to the VS Code client (no node_modules in the .vsix).
// CommonJS like the client: extension/package.json has no "type" (VS Code loads `main` with require()),
// and an ESM .js file there makes Node warn on stderr, which the client shows as an error.
await build({
  entryPoints: { server: 'extension/server/main.ts' },
  outdir: 'extension/dist',
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: true,
  minify: true,
  logLevel: 'warning',
});

// The VS Code client: `vscode` is provided by the extension host. dynalite (the local store's
// engine) is reachable only through a lazy import the client never takes: it runs the CLI instead.
await build({
  entryPoints: { extension: 'extension/client/extension.ts' },
  outdir: 'extension/dist',
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: true,
  minify: true,
  external: ['vscode', 'dynalite'],
  logLevel: 'warning',
});

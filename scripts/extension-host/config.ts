/*
 * Versions and places the extension-host harness shares. Pinned together because they were seen
 * working together on these machines (docs/extension-host.md): change one, re-check them all.
 */
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** The newest code-server whose engines accept Node 20 (4.139.x needs Node 24). */
export const CODE_SERVER_VERSION = '4.100.3';
/** The VS Code inside that code-server, and the one tried first as a desktop build. */
export const VSCODE_VERSION = '1.100.3';

/**
 * code-server's VS Code pins `@vscode/ripgrep` 1.15.11, whose postinstall downloads rg unless
 * `$TMPDIR/vscode-ripgrep-cache-<its version>/<asset>` exists. We seed that file with the `rg`
 * from the npm package below, so the install needs nothing but the npm registry.
 */
export const RIPGREP_WRAPPER_VERSION = '1.15.11';
export const RIPGREP_ASSET = 'ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz';
export const RIPGREP_BINARY_PACKAGE = '@vscode/ripgrep-linux-x64@1.18.0';

/** The repository root. */
export const REPO = join(import.meta.dirname, '..', '..');
/**
 * Where the VS Code extension lives (its package.json is the manifest). FLYWHEEL_EXTENSION_DIR
 * points the harness at another build, e.g. a packaged .vsix unpacked somewhere.
 */
export const EXTENSION_DIR = process.env.FLYWHEEL_EXTENSION_DIR ?? join(REPO, 'extension');
/** The in-host mocha suite, bundled to CommonJS because the extension host `require`s it. */
export const TESTS_ENTRY = join(REPO, 'extension', 'test', 'dist', 'index.cjs');
/** The sample workspace the tests open (always a temp copy of it). */
export const SAMPLE_WORKSPACE = join(REPO, 'playbooks');

/**
 * code-server is 300 MB and takes a minute to install, so it lives in a per-user cache outside the
 * repository (a fresh clone and `npm ci` leave it alone). FLYWHEEL_CODE_SERVER_CACHE moves it.
 */
export function codeServerCacheRoot(env: NodeJS.ProcessEnv = process.env): string {
  if (env.FLYWHEEL_CODE_SERVER_CACHE) return env.FLYWHEEL_CODE_SERVER_CACHE;
  return join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'flywheel-code-server');
}

/** The folder of one pinned install (its own package.json and node_modules). */
export function codeServerInstallDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(codeServerCacheRoot(env), CODE_SERVER_VERSION);
}

/** The code-server start script inside an install. */
export function codeServerEntry(installDir: string): string {
  return join(installDir, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
}

/** Debian's Chromium; playwright-core drives it (no browser download needed). */
export const CHROMIUM = process.env.FLYWHEEL_CHROMIUM ?? '/usr/bin/chromium';

/** Without these Chromium retries Google's hosts on this closed network at every start. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

/** Fails with the fix when the browser that hosts the code-server workbench is missing. */
export function checkChromium(): void {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: the code-server workbench runs in Debian's Chromium. Run \`apt-get install -y chromium\` (as root), or set FLYWHEEL_CHROMIUM to a Chromium binary.`);
  }
}

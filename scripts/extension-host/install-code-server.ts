/*
 * Installs the pinned code-server into the per-user cache, once. code-server is how a real VS Code
 * extension host runs on machines that cannot download a desktop VS Code (docs/extension-host.md): the npm
 * registry is all these machines reach, and code-server ships the whole VS Code server on it.
 *
 * Idempotent and fast when present: a marker file written only after a complete, verified install
 * is the proof. A half-finished folder (killed mid-install) has no marker and is wiped first.
 * Run directly: `node --import tsx scripts/extension-host/install-code-server.ts`.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import {
  CODE_SERVER_VERSION,
  RIPGREP_ASSET,
  RIPGREP_BINARY_PACKAGE,
  RIPGREP_WRAPPER_VERSION,
  codeServerEntry,
  codeServerInstallDir,
} from './config';

const MARKER = '.flywheel-installed.json';
const LOCK = '.flywheel-installing';
/** Long enough for a slow npm install on 2 cores; a lock older than this belonged to a dead run. */
const LOCK_STALE_MS = 15 * 60_000;

/** Why code-server could not be installed, with what to do about it. */
export class CodeServerInstallError extends Error {
  override name = 'CodeServerInstallError';
}

/** What `ensureCodeServer` found or did. */
export interface CodeServerInstall {
  readonly installDir: string;
  readonly entry: string;
  /** Seconds the install took; 0 when it was already there. */
  readonly installSeconds: number;
  readonly alreadyInstalled: boolean;
}

function isInstalled(installDir: string): boolean {
  const marker = join(installDir, MARKER);
  if (!existsSync(marker) || !existsSync(codeServerEntry(installDir))) return false;
  try {
    return (JSON.parse(readFileSync(marker, 'utf8')) as { version?: string }).version === CODE_SERVER_VERSION;
  } catch {
    return false;
  }
}

/** Fails early, with the fix, on what we know breaks code-server's postinstall. */
function checkPrerequisites(): void {
  const nodeMajor = Number(process.versions.node.split('.')[0]);
  if (nodeMajor !== 20 && !process.env.FORCE_NODE_VERSION) {
    throw new CodeServerInstallError(
      `code-server ${CODE_SERVER_VERSION} installs only on Node 20 (this is Node ${process.versions.node}). ` +
        'Use Node 20, or set FLYWHEEL_SKIP_EXTENSION_HOST=1 to skip the extension-host tests.',
    );
  }
  // The `kerberos` addon that code-server depends on compiles against the GSSAPI headers.
  if (!existsSync('/usr/include/gssapi/gssapi.h')) {
    throw new CodeServerInstallError(
      'code-server needs the Kerberos development headers to build its `kerberos` addon: run `apt-get install -y libkrb5-dev` (as root), then try again.',
    );
  }
}

function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv, log: (line: string) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let tail = '';
    const collect = (chunk: Buffer): void => {
      tail = (tail + chunk.toString()).slice(-6000);
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.on('error', (error) => reject(new CodeServerInstallError(`could not start ${command}: ${error.message}`, { cause: error })));
    child.on('close', (code) => {
      if (code === 0) return resolve();
      log(tail);
      reject(new CodeServerInstallError(`\`${command} ${args.join(' ')}\` failed with exit code ${code} in ${cwd} (its output is above).`));
    });
  });
}

/** Holds a lock folder so two test runs never install into the same folder at once. */
async function withLock<T>(installDir: string, work: () => Promise<T>): Promise<T> {
  const lock = join(installDir, LOCK);
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (isInstalled(installDir)) return work();
      const lockAge = existsSync(lock) ? Date.now() - statSync(lock).mtimeMs : 0;
      if (lockAge > LOCK_STALE_MS) rmSync(lock, { recursive: true, force: true });
      else await new Promise((resolve) => setTimeout(resolve, 2000));
    }
  }
  try {
    return await work();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

async function install(installDir: string, log: (line: string) => void): Promise<void> {
  for (const entry of ['node_modules', 'package.json', 'package-lock.json', 'tmp']) rmSync(join(installDir, entry), { recursive: true, force: true });
  const tmp = join(installDir, 'tmp');
  mkdirSync(tmp, { recursive: true });
  // Its own package.json makes this folder the npm project root, so nothing lands in the repo.
  writeFileSync(
    join(installDir, 'package.json'),
    JSON.stringify({ name: 'flywheel-code-server-cache', private: true, description: 'code-server for Flywheel extension-host tests (scripts/extension-host)' }, null, 2),
  );
  const nodeDir = dirname(dirname(process.execPath));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    // code-server's postinstall refuses to run as root without it.
    npm_config_unsafe_perm: 'true',
    npm_config_yes: 'true',
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    npm_config_update_notifier: 'false',
    // Build native addons against this Node's own headers instead of downloading them.
    ...(existsSync(join(nodeDir, 'include', 'node', 'node.h')) ? { npm_config_nodedir: nodeDir } : {}),
    // @vscode/ripgrep looks for its download cache under os.tmpdir(): point it at our seeded copy.
    TMPDIR: tmp,
  };
  log(`installing ${RIPGREP_BINARY_PACKAGE} (the rg binary, to seed @vscode/ripgrep's download cache)`);
  await run('npm', ['install', '--ignore-scripts', RIPGREP_BINARY_PACKAGE], installDir, env, log);
  const rgDir = join(installDir, 'node_modules', '@vscode', 'ripgrep-linux-x64', 'bin');
  const seedDir = join(tmp, `vscode-ripgrep-cache-${RIPGREP_WRAPPER_VERSION}`);
  mkdirSync(seedDir, { recursive: true });
  await run('tar', ['czf', join(seedDir, RIPGREP_ASSET), '-C', rgDir, 'rg'], installDir, env, log);

  log(`installing code-server@${CODE_SERVER_VERSION} (about a minute; builds native addons)`);
  await run('npm', ['install', '--foreground-scripts', `code-server@${CODE_SERVER_VERSION}`], installDir, env, log);

  const rg = join(installDir, 'node_modules', 'code-server', 'lib', 'vscode', 'node_modules', '@vscode', 'ripgrep', 'bin', 'rg');
  if (!existsSync(codeServerEntry(installDir)) || !existsSync(rg)) {
    throw new CodeServerInstallError(`code-server's install finished but ${existsSync(rg) ? codeServerEntry(installDir) : rg} is missing.`);
  }
  rmSync(tmp, { recursive: true, force: true });
}

/** Makes sure the pinned code-server is installed in the cache; installs it if not. */
export async function ensureCodeServer(log: (line: string) => void = (line) => console.log(line)): Promise<CodeServerInstall> {
  const installDir = codeServerInstallDir();
  const entry = codeServerEntry(installDir);
  if (isInstalled(installDir)) return { installDir, entry, installSeconds: 0, alreadyInstalled: true };
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new CodeServerInstallError(`the code-server install here is set up for linux-x64 only (this is ${process.platform}-${process.arch}).`);
  }
  checkPrerequisites();
  mkdirSync(installDir, { recursive: true });
  return withLock(installDir, async () => {
    if (isInstalled(installDir)) return { installDir, entry, installSeconds: 0, alreadyInstalled: true };
    const started = Date.now();
    log(`code-server ${CODE_SERVER_VERSION} is not in ${installDir}: installing it`);
    await install(installDir, log);
    const installSeconds = Math.round((Date.now() - started) / 100) / 10;
    writeFileSync(join(installDir, MARKER), JSON.stringify({ version: CODE_SERVER_VERSION, installedAt: new Date().toISOString(), installSeconds }, null, 2));
    log(`code-server ${CODE_SERVER_VERSION} installed in ${installSeconds} s`);
    return { installDir, entry, installSeconds, alreadyInstalled: false };
  });
}

if (process.argv[1] && import.meta.filename === process.argv[1]) {
  try {
    const result = await ensureCodeServer();
    console.log(result.alreadyInstalled ? `code-server ${CODE_SERVER_VERSION} already installed in ${result.installDir}` : `installed in ${result.installSeconds} s`);
  } catch (error) {
    console.error(error instanceof Error ? `${error.name}: ${error.message}` : error);
    process.exitCode = 1;
  }
}

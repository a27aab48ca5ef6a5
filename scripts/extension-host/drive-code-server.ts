/*
 * Stands in for a desktop VS Code executable: takes the command line `@vscode/test-electron`'s
 * `runTests` gives VS Code (`--extensionDevelopmentPath=`, `--extensionTestsPath=`,
 * `--user-data-dir=`, `--extensions-dir=`, the folder to open), runs the tests in code-server's
 * real extension host through headless Chromium, prints the host's log and exits with the
 * tests' exit code. So one harness (runTests) serves a desktop VS Code and code-server alike.
 *
 * How (docs/extension-host.md): the web workbench runs extension tests when its URL carries a `payload` with
 * extensionDevelopmentPath/extensionTestsPath as vscode-remote URIs, and reports through
 * `window.codeAutomationLog(type, args)` and `window.codeAutomationExit(code)`, which we expose.
 * Everything started here (code-server's process group, Chromium) is killed on exit or timeout.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { format } from 'node:util';
import { chromium, type Browser } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS, CODE_SERVER_VERSION, checkChromium } from './config';
import { ensureCodeServer } from './install-code-server';

/** What the tests may take before we give up (seconds); a normal run takes 10-20 s. */
const TEST_TIMEOUT_MS = Number(process.env.FLYWHEEL_EXTENSION_HOST_TIMEOUT ?? 240) * 1000;
const VERBOSE = process.env.FLYWHEEL_EXTENSION_HOST_VERBOSE === '1';
/** The workbench's own chatter that reaches codeAutomationLog on every start; shown only when verbose. */
const WORKBENCH_NOISE = /^(Resolving connection token|Resolved connection token|Creating a socket|Ignoring fetching additional builtin|\[Service Worker\]|ChatSessionStore)/;

interface HostArguments {
  readonly developmentPaths: string[];
  readonly testsPath: string;
  readonly folder: string;
  readonly userDataDir?: string;
  readonly extensionsDir?: string;
}

function parseArguments(argv: readonly string[]): HostArguments {
  const developmentPaths: string[] = [];
  let testsPath: string | undefined;
  let folder: string | undefined;
  let userDataDir: string | undefined;
  let extensionsDir: string | undefined;
  for (const arg of argv) {
    const equals = arg.indexOf('=');
    const flag = equals === -1 ? arg : arg.slice(0, equals);
    const value = arg.slice(equals + 1);
    if (flag === '--extensionDevelopmentPath') developmentPaths.push(value);
    else if (flag === '--extensionTestsPath') testsPath = value;
    else if (flag === '--user-data-dir') userDataDir = value;
    else if (flag === '--extensions-dir') extensionsDir = value;
    else if (!arg.startsWith('-')) folder = arg;
    // Desktop-only flags runTests adds (--no-sandbox, --disable-updates, ...) mean nothing here.
  }
  if (!testsPath || developmentPaths.length === 0 || !folder) {
    throw new Error('usage: code-server-as-vscode <folder> --extensionDevelopmentPath=<dir> --extensionTestsPath=<file> [--user-data-dir=<dir>] [--extensions-dir=<dir>]');
  }
  return { developmentPaths, testsPath, folder, userDataDir, extensionsDir };
}

function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

async function waitForHealth(url: string, server: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`code-server exited with code ${server.exitCode} before it answered:\n${output()}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`code-server did not answer ${url} within 60 s:\n${output()}`);
}

function killGroup(child: ChildProcess | undefined): void {
  if (!child?.pid || child.exitCode !== null) return;
  try {
    // Detached, so the group holds code-server and everything it forked (extension host, pty host, watcher).
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}

async function main(): Promise<number> {
  const args = parseArguments(process.argv.slice(2));
  checkChromium();
  const started = Date.now();
  const { entry } = await ensureCodeServer((line) => console.log(`[code-server install] ${line}`));
  const scratch = mkdtempSync(join(tmpdir(), 'flywheel-code-server-'));
  const userDataDir = args.userDataDir ?? join(scratch, 'user-data');
  const extensionsDir = args.extensionsDir ?? join(scratch, 'extensions');
  for (const dir of [userDataDir, extensionsDir, join(scratch, 'xdg-config'), join(scratch, 'xdg-data'), join(scratch, 'xdg-cache'), join(scratch, 'xdg-state')]) {
    mkdirSync(dir, { recursive: true });
  }

  let server: ChildProcess | undefined;
  let browser: Browser | undefined;
  const cleanUp = (): void => {
    killGroup(server);
    if (!VERBOSE) rmSync(scratch, { recursive: true, force: true });
  };
  const onSignal = (signal: NodeJS.Signals): void => {
    void browser?.close().catch(() => undefined);
    cleanUp();
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  try {
    const port = await findFreePort();
    const authority = `127.0.0.1:${port}`;
    let serverOutput = '';
    server = spawn(
      process.execPath,
      [
        entry, '--bind-addr', authority, '--auth', 'none', '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust',
        '--disable-getting-started-override', '--ignore-last-opened', '--config', join(scratch, 'config.yaml'),
        '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir,
      ],
      {
        detached: true,
        stdio: ['ignore', 'pipe', 'pipe'],
        env: {
          ...process.env,
          // No marketplace on this network: an empty gallery stops every lookup.
          EXTENSIONS_GALLERY: '{"serviceUrl":""}',
          XDG_CONFIG_HOME: join(scratch, 'xdg-config'),
          XDG_DATA_HOME: join(scratch, 'xdg-data'),
          XDG_CACHE_HOME: join(scratch, 'xdg-cache'),
          XDG_STATE_HOME: join(scratch, 'xdg-state'),
        },
      },
    );
    const collect = (chunk: Buffer): void => {
      serverOutput = (serverOutput + chunk.toString()).slice(-20_000);
      if (VERBOSE) process.stderr.write(`[code-server] ${chunk.toString()}`);
    };
    server.stdout?.on('data', collect);
    server.stderr?.on('data', collect);
    await waitForHealth(`http://${authority}/healthz`, server, () => serverOutput);
    const serverReadyMs = Date.now() - started;

    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
    const page = await browser.newPage();
    const pageErrors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') pageErrors.push(message.text());
      if (VERBOSE) process.stderr.write(`[page ${message.type()}] ${message.text()}\n`);
    });
    page.on('pageerror', (error) => pageErrors.push(error.message));

    let reportExit: (code: number) => void = () => undefined;
    const exit = new Promise<number>((resolve) => (reportExit = resolve));
    await page.exposeFunction('codeAutomationExit', (code: number) => reportExit(code));
    await page.exposeFunction('codeAutomationLog', (type: string, logArgs: unknown[]) => {
      // The host forwards console arguments unformatted (mocha's reporter logs '%s' templates).
      const line = format(...logArgs);
      if (!VERBOSE && WORKBENCH_NOISE.test(line)) return;
      (type === 'error' ? process.stderr : process.stdout).write(`${line}\n`);
    });

    const remote = (path: string): string => `vscode-remote://${authority}${path}`;
    const payload = [
      ...args.developmentPaths.map((path) => ['extensionDevelopmentPath', remote(path)]),
      ['extensionTestsPath', remote(args.testsPath)],
    ];
    const url = `http://${authority}/?folder=${encodeURIComponent(args.folder)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
    await page.goto(url);

    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`the extension tests did not finish within ${TEST_TIMEOUT_MS / 1000} s (FLYWHEEL_EXTENSION_HOST_TIMEOUT).\n` +
          `Workbench errors:\n${pageErrors.slice(-20).join('\n') || '(none)'}\ncode-server output:\n${serverOutput.slice(-4000)}`)),
        TEST_TIMEOUT_MS,
      );
    });
    const code = await Promise.race([exit, timeout]).finally(() => clearTimeout(timer));
    console.log(
      `[code-server ${CODE_SERVER_VERSION}] server ready in ${(serverReadyMs / 1000).toFixed(1)} s; tests finished with exit code ${code} ` +
        `after ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
    if (code !== 0 && pageErrors.length > 0) console.error(`Workbench errors:\n${pageErrors.slice(-20).join('\n')}`);
    return code;
  } finally {
    await browser?.close().catch(() => undefined);
    cleanUp();
  }
}

// Exit explicitly: a stray handle (a pipe of a killed child) must not keep the stand-in alive.
try {
  process.exit(await main());
} catch (error) {
  console.error(error instanceof Error ? `${error.name}: ${error.message}` : error);
  process.exit(1);
}

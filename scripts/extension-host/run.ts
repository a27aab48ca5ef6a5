/*
 * `npm run test:extension`: runs the extension's tests (extension/test/suite) inside a real VS Code
 * extension host, opening a temp copy of the sample workspace playbooks/.
 *
 * Which VS Code: a desktop build through @vscode/test-electron where one can be found or
 * downloaded and shown (a display exists); otherwise code-server from npm (cached outside the
 * repository), driven through headless Chromium by a stand-in executable that runTests launches
 * like a desktop VS Code. It prints which one it used and why.
 * FLYWHEEL_EXTENSION_HOST=code-server skips the desktop attempt; FLYWHEEL_VSCODE_EXECUTABLE names one.
 */
import { downloadAndUnzipVSCode, runTests } from '@vscode/test-electron';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { buildExtensionTests } from './build-tests';
import { CODE_SERVER_VERSION, EXTENSION_DIR, REPO, SAMPLE_WORKSPACE, VSCODE_VERSION, checkChromium, codeServerCacheRoot } from './config';
import { CodeServerInstallError, ensureCodeServer } from './install-code-server';

const CODE_SERVER_STAND_IN = join(REPO, 'scripts', 'extension-host', 'code-server-as-vscode');
const VERBOSE = process.env.FLYWHEEL_EXTENSION_HOST_VERBOSE === '1';

/** Settings for a quiet, reproducible workbench: nothing opens by itself, nothing phones home. */
const USER_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'security.workspace.trust.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'git.enabled': false,
};

interface SuiteReport {
  readonly passed: number;
  readonly failed: number;
  readonly durationMs: number;
  readonly tests: { title: string; state: string; durationMs: number; error?: string }[];
}

/** Fails with the fix when the extension is not built: the host runs the bundles, not the sources. */
function checkExtensionBuilt(): void {
  const manifestPath = join(EXTENSION_DIR, 'package.json');
  if (!existsSync(manifestPath)) throw new Error(`${manifestPath} is missing: the extension has no manifest yet, so there is nothing to load.`);
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { main?: string };
  const bundles = [manifest.main ? resolve(EXTENSION_DIR, manifest.main) : undefined, join(EXTENSION_DIR, 'dist', 'server.js')];
  const newestSource = newestMtime([join(EXTENSION_DIR, 'client'), join(EXTENSION_DIR, 'server'), join(REPO, 'core')]);
  for (const bundle of bundles) {
    const file = bundle && (existsSync(bundle) ? bundle : existsSync(`${bundle}.js`) ? `${bundle}.js` : undefined);
    if (!file) throw new Error(`${bundle ?? 'the manifest\'s "main"'} is missing: run \`npm run build\` first.`);
    if (newestSource > statSync(file).mtimeMs) console.warn(`warning: ${file} is older than its sources: run \`npm run build\` to test the current code.`);
  }
}

function newestMtime(dirs: string[]): number {
  let newest = 0;
  for (const dir of dirs) {
    if (!existsSync(dir)) continue;
    for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
      if (entry.isFile() && entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')) newest = Math.max(newest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
    }
  }
  return newest;
}

/** A desktop VS Code runTests can launch, or why there is none. */
async function findDesktopVSCode(cacheRoot: string): Promise<{ executable: string } | { reason: string }> {
  if (process.env.FLYWHEEL_VSCODE_EXECUTABLE) return { executable: process.env.FLYWHEEL_VSCODE_EXECUTABLE };
  if (process.env.FLYWHEEL_EXTENSION_HOST === 'code-server') return { reason: 'FLYWHEEL_EXTENSION_HOST=code-server' };
  if (process.platform === 'linux' && !process.env.DISPLAY) {
    return { reason: 'a desktop VS Code needs a display and DISPLAY is unset (run under xvfb-run to use one)' };
  }
  try {
    const executable = await downloadAndUnzipVSCode({ version: VSCODE_VERSION, cachePath: join(cacheRoot, 'vscode-test'), timeout: 15_000 });
    return { executable };
  } catch (error) {
    return { reason: `VS Code ${VSCODE_VERSION} could not be downloaded (${error instanceof Error ? error.message.split('\n')[0] : String(error)})` };
  }
}

async function main(): Promise<number> {
  const started = Date.now();
  checkExtensionBuilt();
  const testsEntry = await buildExtensionTests();

  // Prepare: a temp copy of the sample workspace (the tests write into it) and an isolated profile.
  const scratch = mkdtempSync(join(tmpdir(), 'flywheel-extension-host-'));
  const workspace = join(scratch, 'playbooks');
  cpSync(SAMPLE_WORKSPACE, workspace, { recursive: true });
  const userDataDir = join(scratch, 'user-data');
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  writeFileSync(join(userDataDir, 'User', 'settings.json'), JSON.stringify(USER_SETTINGS, null, 2));
  const reportPath = join(scratch, 'report.json');

  try {
    const cacheRoot = codeServerCacheRoot();
    const desktop = await findDesktopVSCode(cacheRoot);
    let executable: string;
    let host: string;
    let installSeconds = 0;
    if ('executable' in desktop) {
      executable = desktop.executable;
      host = `desktop VS Code (${executable}) through @vscode/test-electron`;
    } else {
      console.log(`No desktop VS Code: ${desktop.reason}. Using code-server ${CODE_SERVER_VERSION}.`);
      checkChromium();
      const install = await ensureCodeServer((line) => console.log(`[code-server install] ${line}`));
      installSeconds = install.installSeconds;
      chmodSync(CODE_SERVER_STAND_IN, 0o755);
      executable = CODE_SERVER_STAND_IN;
      host = `code-server ${CODE_SERVER_VERSION} (VS Code ${VSCODE_VERSION}; remote extension host, workbench in headless Chromium) through @vscode/test-electron with a stand-in executable`;
    }
    console.log(`Extension host: ${host}`);

    const runStarted = Date.now();
    let runError: unknown;
    try {
      await runTests({
        vscodeExecutablePath: executable,
        extensionDevelopmentPath: EXTENSION_DIR,
        extensionTestsPath: testsEntry,
        launchArgs: [workspace, `--user-data-dir=${userDataDir}`, `--extensions-dir=${join(scratch, 'extensions')}`],
        extensionTestsEnv: { FLYWHEEL_EXTENSION_TEST_REPORT: reportPath },
      });
    } catch (error) {
      runError = error;
    }
    const runSeconds = (Date.now() - runStarted) / 1000;

    // Assess: the suite's own report, so a host that never ran the tests cannot pass.
    if (!existsSync(reportPath)) {
      console.error(`The extension host wrote no test report${runError ? ` (${String(runError)})` : ''}: the suite did not run.`);
      return 1;
    }
    const report = JSON.parse(readFileSync(reportPath, 'utf8')) as SuiteReport;
    console.log(`\nExtension-host tests in ${host}:`);
    for (const test of report.tests) console.log(`  ${test.state === 'passed' ? 'ok  ' : 'FAIL'} ${test.title} (${test.durationMs} ms)`);
    for (const test of report.tests.filter((item) => item.error)) console.log(`\n${test.title}:\n${test.error}`);
    console.log(
      `Timing: code-server install ${installSeconds ? `${installSeconds} s` : '0 s (cached)'}, host run ${runSeconds.toFixed(1)} s, ` +
        `suite ${(report.durationMs / 1000).toFixed(1)} s, total ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
    console.log(`${report.passed} passed, ${report.failed} failed`);
    return report.failed === 0 && report.passed > 0 && !runError ? 0 : 1;
  } finally {
    if (VERBOSE) console.log(`kept ${scratch}`);
    else rmSync(scratch, { recursive: true, force: true });
  }
}

try {
  process.exit(await main());
} catch (error) {
  const reason = error instanceof Error ? error.message : String(error);
  console.error(
    error instanceof CodeServerInstallError
      ? `No VS Code extension host is available here: code-server could not be installed. ${reason}\n` +
          'Fix that, or set FLYWHEEL_SKIP_EXTENSION_HOST=1 to skip the extension-host test in `npm test`.'
      : `Extension-host tests could not run: ${reason}`,
  );
  process.exit(1);
}

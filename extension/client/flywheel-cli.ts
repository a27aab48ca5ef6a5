/*
 * Finds and runs the `flywheel` CLI: the one way the extension and its language server find it.
 * A workspace with a CLI of its own (an installed package, the Flywheel repository) uses it; else
 * the CLI the .vsix carries (extension/dist/cli.js), so a plain playbooks folder works with nothing
 * installed. The `flywheel.cliPath` setting overrides both.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import * as l10n from '@vscode/l10n';

/** What a CLI run printed and returned. */
export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Where to look for the CLI. */
export interface CliLocation {
  /** The folder to start from (the workspace or the playbooks folder); its parents are searched too. */
  readonly workspaceRoot: string | undefined;
  /** The extension's folder (holding dist/cli.js). */
  readonly extensionPath: string;
  /** The `flywheel.cliPath` setting: a CLI entry file, relative to the workspace or absolute. */
  readonly cliPath?: string | undefined;
}

const SEARCH_DEPTH = 5;

/**
 * The CLI entry to run, first found: the `flywheel.cliPath` setting (only that one when set); the
 * workspace's installed package or the workspace itself when it is the Flywheel repository, in the
 * folder or up to five folders above it; the repository around the extension (development); the
 * CLI bundled in the extension.
 */
export function findFlywheelCli(where: CliLocation): string | undefined {
  const configured = where.cliPath?.trim();
  if (configured) {
    const file = isAbsolute(configured) || !where.workspaceRoot ? resolve(configured) : resolve(where.workspaceRoot, configured);
    return existsSync(file) ? file : undefined;
  }
  const candidates: string[] = [];
  let folder = where.workspaceRoot;
  for (let depth = 0; folder !== undefined && depth < SEARCH_DEPTH; depth += 1) {
    candidates.push(join(folder, 'node_modules', 'flywheel', 'bin', 'flywheel.js'), join(folder, 'bin', 'flywheel.js'));
    const parent = dirname(folder);
    folder = parent === folder ? undefined : parent;
  }
  candidates.push(join(where.extensionPath, '..', 'bin', 'flywheel.js'), join(where.extensionPath, 'dist', 'cli.js'));
  return candidates.find((candidate) => existsSync(candidate));
}

/** What to tell the user when findFlywheelCli found nothing. */
export function cliNotFoundMessage(where: CliLocation): string {
  if (where.cliPath?.trim()) return l10n.t('The flywheel CLI set in flywheel.cliPath was not found: {0}. Fix or clear the setting.', where.cliPath.trim());
  return l10n.t('The flywheel CLI was not found, not even the one inside the extension. Reinstall the Flywheel extension, or set flywheel.cliPath.');
}

/**
 * Runs the CLI with the extension host's own Node.js. In desktop VS Code that binary is Electron,
 * which acts as Node only with ELECTRON_RUN_AS_NODE; plain Node ignores the variable.
 */
export function runFlywheelCli(cli: string, args: readonly string[], cwd: string, timeoutMs = 120_000): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [cli, ...args], {
      cwd, timeout: timeoutMs, maxBuffer: 32 * 1024 * 1024, encoding: 'utf8',
      env: { ...process.env, ELECTRON_RUN_AS_NODE: '1', NO_COLOR: '1', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    }, (error, stdout, stderr) => {
      if (error && typeof error.code !== 'number') {
        reject(new Error(`Could not run ${cli}: ${error.message}`, { cause: error }));
        return;
      }
      resolve({ code: typeof error?.code === 'number' ? error.code : 0, stdout, stderr });
    });
  });
}

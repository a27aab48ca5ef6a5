/*
 * Finds and runs the `flywheel` CLI. The extension does not bundle the CLI's local store: it
 * needs LevelDB's native addon, so the extension runs the CLI the workspace already has.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** What a CLI run printed and returned. */
export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * The CLI entry to run, first found: the workspace's installed package, the workspace itself when
 * it is the Flywheel repository, the repository around the extension (development).
 */
export function findFlywheelCli(workspaceRoot: string | undefined, extensionPath: string): string | undefined {
  const candidates = [
    ...(workspaceRoot ? [join(workspaceRoot, 'node_modules', 'flywheel', 'bin', 'flywheel.js'), join(workspaceRoot, 'bin', 'flywheel.js')] : []),
    join(extensionPath, '..', 'bin', 'flywheel.js'),
  ];
  return candidates.find((candidate) => existsSync(candidate));
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

import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { REPO } from './run-cli';

/** A `flywheel` process started through bin/flywheel.js (the built CLI), with what it printed so far. */
export interface FlywheelProcess {
  readonly child: ChildProcessWithoutNullStreams;
  readonly output: { stdout: string; stderr: string };
  /** Resolves with the exit code (null when killed by a signal) once it has exited. */
  readonly exited: Promise<number | null>;
  /** Resolves once stdout matches `pattern`; rejects if the process exits first or `timeoutMs` passes. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<void>;
}

/** Starts `flywheel <argv>` in `cwd` as a separate process, as a user's terminal would. */
export function startFlywheel(argv: readonly string[], cwd: string): FlywheelProcess {
  const child = spawn(process.execPath, [join(REPO, 'bin', 'flywheel.js'), ...argv], { cwd, env: { ...process.env, NO_COLOR: '1' } });
  const output = { stdout: '', stderr: '' };
  child.stdout.on('data', (chunk: Buffer) => { output.stdout += chunk.toString(); });
  child.stderr.on('data', (chunk: Buffer) => { output.stderr += chunk.toString(); });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const waitFor = (pattern: RegExp, timeoutMs = 60_000) => new Promise<void>((resolve, reject) => {
    const started = Date.now();
    const poll = setInterval(() => {
      if (pattern.test(output.stdout)) {
        clearInterval(poll);
        resolve();
      } else if (child.exitCode !== null || child.signalCode !== null || Date.now() - started > timeoutMs) {
        clearInterval(poll);
        reject(new Error(`flywheel ${argv.join(' ')} did not print ${pattern}:\n${output.stdout}\n${output.stderr}`));
      }
    }, 50);
  });
  return { child, output, exited, waitFor };
}

/** Runs `flywheel <argv>` to its end. */
export async function runFlywheel(argv: readonly string[], cwd: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const started = startFlywheel(argv, cwd);
  const code = await started.exited;
  return { code, ...started.output };
}

/** A temporary folder holding `files` (paths relative to it). */
export function writeFolder(files: Record<string, string>, prefix = 'flywheel-'): string {
  const root = mkdtempSync(join(tmpdir(), prefix));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}

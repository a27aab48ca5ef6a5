import { join } from 'node:path';
import { main } from '../../cli/index';
import type { CliIo } from '../../cli/output';

/** The repository root, where `flywheel <command> playbooks` finds the sample workspace. */
export const REPO = join(import.meta.dirname, '..', '..');

/** What a CLI run printed and returned. */
export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the CLI in process with captured output (no colour unless asked), as a user in `cwd` would. */
export async function runCli(argv: string[], cwd: string = REPO, options: { color?: boolean } = {}): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = { out: (chunk) => { stdout += chunk; }, err: (chunk) => { stderr += chunk; }, color: options.color ?? false, cwd };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}

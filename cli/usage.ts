import type { CliIo } from './output';

/** Prints a usage error with the command's help and returns exit status 2. */
export function usageError(io: CliIo, message: string, help: string): number {
  io.err(`flywheel: ${message}\n\n${help}`);
  return 2;
}

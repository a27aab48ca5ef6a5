/** Where the CLI writes, and whether it may use colour: injected so tests capture output. */
export interface CliIo {
  out(chunk: string): void;
  err(chunk: string): void;
  readonly color: boolean;
  readonly cwd: string;
}

/** The real terminal: colour only on a TTY, honouring NO_COLOR and FORCE_COLOR. */
export function processIo(): CliIo {
  const forced = process.env.FORCE_COLOR;
  const color = process.env.NO_COLOR ? false : forced !== undefined ? forced !== '0' : Boolean(process.stdout.isTTY);
  // A reader that goes away (`flywheel simulate | head`) is not an error: stop quietly.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
      throw error;
    });
  }
  return {
    out: (chunk) => process.stdout.write(chunk),
    err: (chunk) => process.stderr.write(chunk),
    color,
    cwd: process.cwd(),
  };
}

const CODES = { red: 31, yellow: 33, cyan: 36, green: 32, gray: 90, bold: 1 } as const;

/** Wraps text in an ANSI colour when colour is on. */
export function paint(io: CliIo, colour: keyof typeof CODES, value: string): string {
  return io.color ? `\u001b[${CODES[colour]}m${value}\u001b[0m` : value;
}

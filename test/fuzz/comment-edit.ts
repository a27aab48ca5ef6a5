import type { Diagnostic } from '../../core/index';

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const NEWLINE = 0x0a;
const HASH = 0x23;

/**
 * A copy of a file with `extra` appended to its first comment line (a line starting with `#`
 * that is not a suppression comment); undefined when it has none. No line or column of the
 * YAML moves, so every diagnostic should stay exactly where it was.
 */
export function appendToFirstComment(bytes: Uint8Array, extra: string): Uint8Array | undefined {
  for (let start = 0; start < bytes.length;) {
    const newline = bytes.indexOf(NEWLINE, start);
    const end = newline === -1 ? bytes.length : newline;
    if (bytes[start] === HASH && !decoder.decode(bytes.subarray(start, end)).includes('flywheel-disable')) {
      const insert = encoder.encode(extra);
      const out = new Uint8Array(bytes.length + insert.length);
      out.set(bytes.subarray(0, end), 0);
      out.set(insert, end);
      out.set(bytes.subarray(end), end + insert.length);
      return out;
    }
    start = end + 1;
  }
  return undefined;
}

/**
 * Diagnostics as comparable lines. A stack overflow inside the YAML parser is reported where the
 * JavaScript stack ran out, which varies from run to run, so those are left out.
 */
export function comparableDiagnostics(diagnostics: readonly Diagnostic[]): string[] {
  return diagnostics
    .filter((diagnostic) => !diagnostic.message.en.includes('Maximum call stack'))
    .map((d) => `${d.file}:${d.line}:${d.column}-${d.endLine}:${d.endColumn} ${d.severity} ${d.code} ${d.message.en}`);
}

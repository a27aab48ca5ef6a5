import type { Diagnostic, SourceSpan } from '../../core/index';

const SEVERITIES = new Set(['error', 'warning', 'info']);
const CODE = /^flywheel\/[a-z0-9-]+$/;
const HAN = /\p{Script=Han}/u;

/** The lines of a file as the user's editor (and LSP) shows them: UTF-8, BOM dropped, split at LF, CRLF or a lone CR. */
function linesOf(bytes: Uint8Array): string[] {
  return new TextDecoder('utf-8').decode(bytes).split(/\r\n|\r|\n/);
}

function isPositiveInteger(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1;
}

/** What is wrong with a span in a file of `lines` lines; an empty list when it is fine. */
function spanProblems(span: SourceSpan, lines: readonly string[]): string[] {
  const problems: string[] = [];
  const { line, column, endLine, endColumn } = span;
  for (const [name, value] of Object.entries({ line, column, endLine, endColumn })) {
    if (!isPositiveInteger(value)) problems.push(`${name} ${String(value)} is not an integer >= 1`);
  }
  if (problems.length > 0) return problems;
  if (line > endLine || (line === endLine && column > endColumn)) problems.push(`start ${line}:${column} is after end ${endLine}:${endColumn}`);
  // One line past the last is allowed: an end-of-file position.
  const lastLine = lines.length + 1;
  if (line > lastLine) problems.push(`line ${line} is beyond the file's ${lines.length} lines`);
  if (endLine > lastLine) problems.push(`endLine ${endLine} is beyond the file's ${lines.length} lines`);
  // Columns are UTF-16 units; one past the last character is the end of the line.
  const widthOf = (at: number) => (lines[at - 1] ?? '').length + 1;
  if (line <= lastLine && column > widthOf(line)) problems.push(`column ${column} is beyond the ${widthOf(line) - 1} characters of line ${line}`);
  if (endLine <= lastLine && endColumn > widthOf(endLine)) problems.push(`endColumn ${endColumn} is beyond the ${widthOf(endLine) - 1} characters of line ${endLine}`);
  return problems;
}

/**
 * Everything that makes a diagnostic unusable by an editor or the CLI: a file that is not part
 * of the workspace, a span outside the file, an unknown severity, a malformed code, a message
 * missing a language. Also a rule crash (flywheel/internal), which validateWorkspace swallows.
 * `files` holds every file a diagnostic may point at: the inputs and what rules read.
 */
export function findDiagnosticProblems(diagnostics: readonly Diagnostic[], files: ReadonlyMap<string, Uint8Array>): string[] {
  const lineCache = new Map<string, string[]>();
  const lines = (file: string) => {
    let cached = lineCache.get(file);
    if (!cached) {
      cached = linesOf(files.get(file) as Uint8Array);
      lineCache.set(file, cached);
    }
    return cached;
  };
  const problems: string[] = [];
  for (const diagnostic of diagnostics) {
    const label = `${diagnostic.code} at ${JSON.stringify(diagnostic.file)}:${diagnostic.line}:${diagnostic.column}-${diagnostic.endLine}:${diagnostic.endColumn} (${diagnostic.message?.en})`;
    const own: string[] = [];
    if (!files.has(diagnostic.file)) own.push(`file ${JSON.stringify(diagnostic.file)} is not a workspace file`);
    else own.push(...spanProblems(diagnostic, lines(diagnostic.file)));
    if (!SEVERITIES.has(diagnostic.severity)) own.push(`severity ${String(diagnostic.severity)}`);
    if (typeof diagnostic.code !== 'string' || !CODE.test(diagnostic.code)) own.push(`code ${String(diagnostic.code)} does not match ${CODE}`);
    if (diagnostic.code === 'flywheel/internal') own.push('a rule crashed');
    if (typeof diagnostic.message?.en !== 'string' || diagnostic.message.en.trim() === '') own.push('message.en is empty');
    if (typeof diagnostic.message?.zh !== 'string' || !HAN.test(diagnostic.message.zh)) own.push('message.zh has no Chinese text');
    for (const related of diagnostic.related ?? []) {
      if (!files.has(related.file)) own.push(`related file ${JSON.stringify(related.file)} is not a workspace file`);
      else own.push(...spanProblems(related.span, lines(related.file)).map((problem) => `related: ${problem}`));
    }
    if (files.has(diagnostic.file)) for (const fix of diagnostic.fixes ?? []) own.push(...spanProblems(fix.span, lines(diagnostic.file)).map((problem) => `fix: ${problem}`));
    if (own.length > 0) {
      const lineText = files.has(diagnostic.file) ? lines(diagnostic.file)[diagnostic.line - 1] : undefined;
      problems.push(`${label}: ${own.join('; ')}${lineText === undefined ? '' : `\n    line ${diagnostic.line}: ${JSON.stringify(lineText.slice(0, 200))}`}`);
    }
  }
  return problems;
}

import type { Diagnostic } from '../diagnostics';
import type { SourceFile } from '../load/index';

const DIRECTIVE = /#\s*flywheel-disable-next-line\b([^\n]*)/;

/**
 * Drops diagnostics silenced by `# flywheel-disable-next-line <code>[, <code>]` on the line
 * above (a comment with no codes silences every code on that line).
 */
export function applySuppressions(diagnostics: readonly Diagnostic[], files: ReadonlyMap<string, SourceFile>): Diagnostic[] {
  const cache = new Map<string, Set<string> | null>();
  const silenced = (diagnostic: Diagnostic): boolean => {
    const file = files.get(diagnostic.file);
    if (!file || diagnostic.line < 2) return false;
    const key = `${diagnostic.file}:${diagnostic.line}`;
    let codes = cache.get(key);
    if (codes === undefined) {
      const match = DIRECTIVE.exec(file.lineText(diagnostic.line - 1));
      codes = match ? new Set((match[1] ?? '').split(/[\s,]+/).filter((code) => code !== '')) : null;
      cache.set(key, codes);
    }
    if (codes === null) return false;
    return codes.size === 0 || codes.has(diagnostic.code) || codes.has(diagnostic.code.replace(/^flywheel\//, ''));
  };
  return diagnostics.filter((diagnostic) => !silenced(diagnostic));
}

/*
 * `{ message: 发布失败, 请检查 }`: inside a flow mapping a comma ends an unquoted value, so the
 * value is cut there and its tail reads as a field without a value. The schema then reports an
 * unknown field "请检查"; the mistake is the unquoted text. These helpers find such tails (by the
 * data and the source between the two keys) so the loader reports the value, with the fix.
 */
import { text, type Diagnostic } from '../diagnostics';
import type { SchemaProblem } from './schema-issues';
import type { PathSegment, SourceDocument } from './source-document';

/** A value cut at a comma, with the unknown-field problems its tail caused. */
export interface CommaCut {
  readonly valuePath: PathSegment[];
  readonly tails: readonly SchemaProblem[];
  readonly start: number;
  readonly end: number;
  /** The separator the value was cut at: `, ` or `,`. */
  readonly separator: string;
}

function holderAt(data: unknown, path: readonly PathSegment[]): Record<string, unknown> | undefined {
  let current = data;
  for (const segment of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string | number, unknown>)[segment];
  }
  return current !== null && typeof current === 'object' && !Array.isArray(current) ? current as Record<string, unknown> : undefined;
}

/** Groups the unknown fields that are tails of a comma-cut value (source-verified: only a comma lies between). */
export function findCommaCuts(document: SourceDocument, data: unknown, problems: readonly SchemaProblem[]): CommaCut[] {
  const source = document.file.text;
  const cuts = new Map<string, { valuePath: PathSegment[]; tails: SchemaProblem[]; start: number; end: number; separator: string }>();
  const tailOf = new Map<string, string>();
  for (const problem of problems) {
    if (problem.code !== 'flywheel/unknown-field') continue;
    const parent = problem.path.slice(0, -1);
    const key = String(problem.path[problem.path.length - 1]);
    const holder = holderAt(data, parent);
    if (!holder || holder[key] !== null) continue;
    const keys = Object.keys(holder);
    const previous = keys[keys.indexOf(key) - 1];
    if (previous === undefined) continue;
    const previousValue = holder[previous];
    const previousPath = [...parent, previous];
    const previousId = JSON.stringify(previousPath);
    const cutId = previousValue === null ? tailOf.get(previousId) : typeof previousValue === 'string' ? previousId : undefined;
    if (cutId === undefined) continue;
    const before = previousValue === null ? document.offsets(previousPath, 'key') : document.offsets(previousPath, 'value');
    const tail = document.offsets(problem.path, 'key');
    const between = source.slice(before.end, tail.start);
    const after = source.slice(tail.end).match(/^[ ]*([,}]|$)/m);
    if (!/^[ ]*,[ ]*$/.test(between) || !after) continue;
    tailOf.set(JSON.stringify(problem.path), cutId);
    const cut = cuts.get(cutId) ?? { valuePath: JSON.parse(cutId) as PathSegment[], tails: [], start: document.offsets(JSON.parse(cutId) as PathSegment[], 'value').start, end: 0, separator: between.trim() === ',' && between.endsWith(' ') ? ', ' : ',' };
    cut.tails.push(problem);
    cut.end = tail.end;
    cuts.set(cutId, cut);
  }
  return [...cuts.values()];
}

/** The diagnostic of a comma-cut value: quote the whole text. */
export function commaCutDiagnostic(document: SourceDocument, cut: CommaCut): Diagnostic {
  const whole = document.file.text.slice(cut.start, cut.end);
  const key = String(cut.valuePath[cut.valuePath.length - 1]);
  const quoted = JSON.stringify(whole);
  const span = document.file.span(cut.start, cut.end);
  return {
    file: document.file.path, ...span, severity: 'error', code: 'flywheel/yaml-syntax',
    message: text(
      `Quote text that contains \`${cut.separator}\`: write ${key}: ${quoted}. Inside { } a comma ends an unquoted value, so the text after it was read as another field.`,
      `请给含有 \`${cut.separator}\` 的文本加引号：写成 ${key}: ${quoted}。在 { } 中，逗号会结束未加引号的值，逗号后的文字被当成了另一个字段。`,
    ),
    fixes: [{ title: text('Quote the text', '给文本加引号'), span, newText: quoted }],
  };
}

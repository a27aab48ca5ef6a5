import { parseAllDocuments } from 'yaml';
import { text, type Diagnostic, type LocalizedText, type SourceSpan } from '../diagnostics';
import { loadDocumentsFast } from './fast-yaml';
import { applyEdits, indentEdit, originalOffset, type KeyboardSlip, type TextEdit } from './keyboard-slips';
import type { SourceFile } from './source-file';
import { fileDiagnostic, yamlErrorDiagnostic } from './yaml-errors';

/** What the slips of a file explain. */
export interface SlipReport {
  /** One diagnostic per slip (one per kind for indentation), then the problems the repair leaves. */
  readonly diagnostics: Diagnostic[];
  /** Each document's data after the repair when the repaired text parses clean, for the ids it declares. */
  readonly repairedData?: unknown[];
}

/** Widths tried for a tab and a full-width space in indentation, most likely first. */
const TAB_WIDTHS = [2, 4, 8, 1];
const IDEOGRAPHIC_WIDTHS = [2, 1];
/** Problems the repair leaves are reported up to this many lines, as the parser's own are. */
const MAX_OTHER_LINES = 5;

/** A span between two offsets that stays empty for an insertion. */
function editSpan(source: SourceFile, edit: TextEdit): SourceSpan {
  const from = source.position(edit.start);
  const to = source.position(edit.end);
  return { line: from.line, column: from.column, endLine: to.line, endColumn: to.column };
}

/** The edit that undoes each slip, given the widths chosen for indentation. */
function editsFor(slips: readonly KeyboardSlip[], tabWidth: number, ideographicWidth: number): Map<KeyboardSlip, TextEdit> {
  return new Map(slips.map((slip) => [slip, slip.edit ?? indentEdit(slip, tabWidth, ideographicWidth)]));
}

function inOrder(edits: ReadonlyMap<KeyboardSlip, TextEdit>): TextEdit[] {
  return [...edits.values()].sort((a, b) => a.start - b.start);
}

/**
 * Reports the slips of a file where each starts, with its fix, and parses the text with the
 * slips undone: what still fails there is a problem of its own and is reported too (at its place
 * in the original text); the parser's errors that the slips caused are not.
 */
export function reportSlips(source: SourceFile, slips: readonly KeyboardSlip[], maxDepth: number): SlipReport {
  const content = source.text;
  const hasTabs = slips.some((slip) => slip.kind === 'tab-indent');
  const hasIdeographic = slips.some((slip) => slip.kind === 'ideographic-indent');
  let chosen: { edits: Map<KeyboardSlip, TextEdit>; data: unknown[] } | undefined;
  for (const tabWidth of hasTabs ? TAB_WIDTHS : [2]) {
    for (const ideographicWidth of hasIdeographic ? IDEOGRAPHIC_WIDTHS : [2]) {
      const edits = editsFor(slips, tabWidth, ideographicWidth);
      const data = loadDocumentsFast(applyEdits(content, inOrder(edits)), maxDepth);
      if (data) {
        chosen = { edits, data };
        break;
      }
    }
    if (chosen) break;
  }
  const editOf = chosen?.edits ?? editsFor(slips, 2, 2);
  const edits = inOrder(editOf);
  const diagnostics: Diagnostic[] = [];
  const slipLines = new Set<number>();

  for (const slip of slips) {
    if (slip.indent !== undefined) continue;
    const edit = editOf.get(slip) as TextEdit;
    const diagnostic = fileDiagnostic(source, slip.start, slip.end, 'flywheel/yaml-syntax', slipMessage(slip, 1, 0));
    // Closing an empty `[` gives an empty list, which is rarely what the line needs: no quick fix then.
    const empty = slip.kind === 'unclosed-bracket' && content.slice(slip.end, edit.start).trim() === '';
    diagnostics.push(empty ? diagnostic : { ...diagnostic, fixes: [{ title: slipFixTitle(slip), span: editSpan(source, edit), newText: edit.newText }] });
    slipLines.add(diagnostic.line);
  }
  for (const kind of ['tab-indent', 'ideographic-indent'] as const) {
    const group = slips.filter((slip) => slip.kind === kind);
    const first = group[0];
    const last = group[group.length - 1];
    if (!first || !last) continue;
    const regionEdits = group.map((slip) => editOf.get(slip) as TextEdit).map((edit) => ({ ...edit, start: edit.start - first.start, end: edit.end - first.start }));
    const newText = applyEdits(content.slice(first.start, last.end), regionEdits);
    const firstLine = source.position(first.start).line;
    const diagnostic = fileDiagnostic(source, first.start, first.end, 'flywheel/yaml-syntax', slipMessage(first, group.length, firstLine));
    diagnostics.push({ ...diagnostic, fixes: [{ title: slipFixTitle(first), span: editSpan(source, { start: first.start, end: last.end, newText }), newText }] });
    for (const slip of group) slipLines.add(source.position(slip.start).line);
  }

  if (!chosen) {
    // The repair leaves something broken: report it where it is in the original text.
    const repaired = parseAllDocuments(applyEdits(content, edits), { prettyErrors: false, uniqueKeys: true });
    const errors = (Array.isArray(repaired) ? repaired : [repaired]).flatMap((doc) => doc.errors);
    const otherLines = new Set<number>();
    for (const error of errors) {
      const pos: [number, number] = [originalOffset(edits, error.pos[0]), originalOffset(edits, error.pos[1])];
      const diagnostic = yamlErrorDiagnostic(source, { code: error.code, message: error.message, pos });
      if (slipLines.has(diagnostic.line) || otherLines.has(diagnostic.line) || otherLines.size >= MAX_OTHER_LINES) continue;
      otherLines.add(diagnostic.line);
      diagnostics.push(diagnostic);
    }
  }
  return chosen ? { diagnostics, repairedData: chosen.data } : { diagnostics };
}

/** What a slip says, fix first. `lines` counts the lines an indentation slip covers. */
function slipMessage(slip: KeyboardSlip, lineCount: number, firstLine: number): LocalizedText {
  const more = lineCount > 1;
  switch (slip.kind) {
    case 'fullwidth-colon':
      return text(
        `Replace the full-width colon \`：\` with \`:\` and a space (\`${slip.key}: …\`): YAML sees no key before a full-width colon.`,
        `请将全角冒号 \`：\` 改为半角冒号 \`:\` 加一个空格（\`${slip.key}: …\`）：全角冒号前的内容不会被 YAML 当作键。`);
    case 'ideographic-separator':
      return text(
        'Replace the full-width space (U+3000) with an ordinary space: YAML separates a key or a `-` from its value with a half-width space.',
        '请将全角空格（U+3000）改为半角空格：YAML 只认半角空格作为键或 `-` 与值之间的分隔。');
    case 'fullwidth-comma':
      return text(
        'Replace the full-width comma `，` with `,`: inside `{ }` and `[ ]` only a half-width comma separates items.',
        '请将全角逗号 `，` 改为半角逗号 `,`：在 `{ }` 和 `[ ]` 中只有半角逗号才能分隔各项。');
    case 'unclosed-quote':
      return text(
        `Close this quote with \`${slipQuote(slip)}\` on the same line: it is never closed, so YAML reads everything after it as one text.`,
        `请在本行补上结束引号 \`${slipQuote(slip)}\`：此引号没有闭合，YAML 会把后面的内容都读成同一段文本。`);
    case 'unclosed-bracket':
      return text(
        `Close this bracket with \`${slip.edit?.newText ?? ']'}\` on the same line: it is never closed, so YAML reads the lines below into it.`,
        `请在本行补上右括号 \`${slip.edit?.newText ?? ']'}\`：此括号没有闭合，YAML 会把下面的行也读进括号里。`);
    case 'tab-indent':
      return text(
        `Indent with spaces, not tabs: YAML does not allow tabs for indentation${more ? ` (line ${firstLine} and ${lineCount - 1} more line${lineCount > 2 ? 's' : ''})` : ''}.`,
        `请用空格缩进，不要用 Tab：YAML 不允许用 Tab 缩进${more ? `（第 ${firstLine} 行及另外 ${lineCount - 1} 行）` : ''}。`);
    case 'ideographic-indent':
      return text(
        `Indent with half-width spaces: a full-width space (U+3000) is not indentation in YAML${more ? ` (line ${firstLine} and ${lineCount - 1} more line${lineCount > 2 ? 's' : ''})` : ''}.`,
        `请用半角空格缩进：YAML 不把全角空格（U+3000）当作缩进${more ? `（第 ${firstLine} 行及另外 ${lineCount - 1} 行）` : ''}。`);
    default:
      return text('YAML syntax error.', 'YAML 语法错误。');
  }
}

function slipQuote(slip: KeyboardSlip): string {
  return slip.edit?.newText ?? '"';
}

/** The title of a slip's quick fix. */
function slipFixTitle(slip: KeyboardSlip): LocalizedText {
  switch (slip.kind) {
    case 'fullwidth-colon': return text('Replace `：` with `: `', '将 `：` 改为 `: `');
    case 'ideographic-separator': return text('Replace the full-width space with a space', '将全角空格改为半角空格');
    case 'fullwidth-comma': return text('Replace `，` with `,`', '将 `，` 改为 `,`');
    case 'unclosed-quote': return text('Close the quote at the end of the line', '在行尾补上引号');
    case 'unclosed-bracket': return text('Close the bracket at the end of the line', '在行尾补上括号');
    case 'tab-indent': return text('Indent with spaces', '改用空格缩进');
    default: return text('Indent with half-width spaces', '改用半角空格缩进');
  }
}

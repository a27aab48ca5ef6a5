/*
 * Quick fixes for published diagnostics: the fixes core attached (a banned term's suggested
 * wording, a did-you-mean for a reference, a schedule AWS accepts), plus one worked out here
 * from the text: a post that lacks the approval its campaign requires.
 */
import type { Lang, WorkspaceModel } from '../../../core/index';
import { CodeActionKind, type CodeAction, type Diagnostic, type Range, type TextEdit } from 'vscode-languageserver-types';
import { shapeOf, splitLines } from './cursor-context';
import { knownIds } from './ids';
import { siblingValue } from './schedule-text';

/** A fix as it travels in a published diagnostic's `data`. */
export interface FixData {
  readonly title: string;
  readonly range: Range;
  readonly newText: string;
}

const MAX_APPROVERS = 5;

function action(title: string, uri: string, diagnostic: Diagnostic, edit: TextEdit, preferred: boolean): CodeAction {
  return { title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], isPreferred: preferred, edit: { changes: { [uri]: [edit] } } };
}

function fixesOf(diagnostic: Diagnostic): FixData[] {
  const data = diagnostic.data as { fixes?: FixData[] } | undefined;
  return Array.isArray(data?.fixes) ? data.fixes : [];
}

/** Adds `approvedBy: [person]` to the post whose id the diagnostic points at. */
function approvalActions(lines: readonly string[], uri: string, diagnostic: Diagnostic, model: WorkspaceModel | undefined, lang: Lang): CodeAction[] {
  if (!model) return [];
  const line = diagnostic.range.start.line;
  const lineText = lines[line] ?? '';
  if (siblingValue(lines, line, 'approvedBy') !== undefined) return [];
  const people = knownIds(model, 'person', lang).slice(0, MAX_APPROVERS);
  // In a flow mapping the entry goes right after the last value, before the closing brace.
  let flowEnd = lineText.lastIndexOf('}');
  while (flowEnd > 0 && lineText[flowEnd - 1] === ' ') flowEnd -= 1;
  return people.map(({ id }, index) => {
    const entry = `approvedBy: [${id}]`;
    const edit: TextEdit = /^\s*-?\s*\{/.test(lineText) && flowEnd !== -1
      ? { range: { start: { line, character: flowEnd }, end: { line, character: flowEnd } }, newText: `, ${entry}` }
      : { range: { start: { line, character: lineText.length }, end: { line, character: lineText.length } }, newText: `\n${' '.repeat(shapeOf(lineText).contentColumn)}${entry}` };
    return action(lang === 'zh-CN' ? `添加审批人 ${id} (approvedBy)` : `Add approvedBy: [${id}]`, uri, diagnostic, edit, index === 0);
  });
}

/** Quick fixes for the diagnostics the editor passes in (those under the cursor or selection). */
export function codeActions(text: string, uri: string, diagnostics: readonly Diagnostic[], options: { readonly lang: Lang; readonly model?: WorkspaceModel }): CodeAction[] {
  const lines = splitLines(text);
  const actions: CodeAction[] = [];
  for (const diagnostic of diagnostics) {
    if (diagnostic.source !== 'flywheel') continue;
    fixesOf(diagnostic).forEach((fix, index) => actions.push(action(fix.title, uri, diagnostic, { range: fix.range, newText: fix.newText }, index === 0)));
    if (diagnostic.code === 'flywheel/unapproved-post') actions.push(...approvalActions(lines, uri, diagnostic, options.model, options.lang));
  }
  return actions;
}

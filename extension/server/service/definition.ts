/** Go to definition and find references for every id: channels, notify targets, people, metrics, checks, SOPs, campaigns. */
import type { SourceSpan, WorkspaceModel } from '../../../core/index';
import type { Position, Range } from 'vscode-languageserver-types';
import { readCursorContext, splitLines, wordAt } from './cursor-context';
import { declarationTarget, declarationsOf, listReferences, referenceTarget, type Target } from './ids';

/** A place in the workspace: a workspace-relative path (the server turns it into a URI) and a range. */
export interface WorkspaceLocation {
  readonly path: string;
  readonly range: Range;
}

/** Converts a core span (1-based, end exclusive) into an LSP range. */
export function toRange(span: SourceSpan): Range {
  return { start: { line: span.line - 1, character: span.column - 1 }, end: { line: span.endLine - 1, character: span.endColumn - 1 } };
}

/** The id under the cursor and what kind of id it is, when it names or declares one. */
export function idAt(text: string, position: Position): { id: string; target: Target } | undefined {
  const lines = splitLines(text);
  const word = wordAt(lines[position.line] ?? '', position.character);
  if (word.text === '') return undefined;
  const context = readCursorContext(lines, { line: position.line, character: word.end });
  if (context.at === 'key' || context.key === undefined) return undefined;
  const target = referenceTarget(context.kind, context.path, context.key) ?? declarationTarget(context.kind, context.path, context.key);
  return target ? { id: word.text, target } : undefined;
}

/** Where the id under the cursor is declared. */
export function findDefinition(text: string, position: Position, model: WorkspaceModel): WorkspaceLocation[] {
  const found = idAt(text, position);
  if (!found) return [];
  return declarationsOf(model, found.target)
    .filter((declaration) => declaration.id === found.id)
    .map((declaration) => ({ path: declaration.document.file.path, range: toRange(declaration.document.span(declaration.path)) }));
}

/** Every place that names the id under the cursor, and its declarations when asked. */
export function findReferences(text: string, position: Position, model: WorkspaceModel, includeDeclaration: boolean): WorkspaceLocation[] {
  const found = idAt(text, position);
  if (!found) return [];
  const locations: WorkspaceLocation[] = [];
  if (includeDeclaration) locations.push(...findDefinition(text, position, model));
  for (const reference of listReferences(model)) {
    if (reference.target !== found.target || reference.id !== found.id) continue;
    locations.push({ path: reference.document.file.path, range: toRange(reference.document.span(reference.path)) });
  }
  return locations;
}

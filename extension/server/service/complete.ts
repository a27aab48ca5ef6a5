import type { WorkspaceModel } from '../../../core/index';
import { CompletionItemKind, type CompletionItem, type Position } from 'vscode-languageserver-types';

type IdKind = 'channels' | 'notify' | 'people';

/** Which workspace ids each referencing key takes. */
const KEY_IDS: Record<string, IdKind> = {
  channels: 'channels',
  channel: 'channels',
  notify: 'notify',
  approvedBy: 'people',
  owner: 'people',
};

function offsetAt(text: string, position: Position): number {
  let offset = 0;
  for (let line = 0; line < position.line; line += 1) {
    const next = text.indexOf('\n', offset);
    if (next === -1) return text.length;
    offset = next + 1;
  }
  return Math.min(offset + position.character, text.length);
}

/** The key of the flow sequence `key: [ ...` that is still open at the end of `before`, if any. */
function openFlowSequenceKey(before: string): string | undefined {
  let depth = 0;
  for (let index = before.length - 1; index >= 0; index -= 1) {
    const char = before[index];
    if (char === ']') depth += 1;
    else if (char === '[') {
      if (depth === 0) return /([A-Za-z]+)\s*:\s*$/.exec(before.slice(0, index))?.[1];
      depth -= 1;
    } else if (char === '{' || char === '}') return undefined;
  }
  return undefined;
}

/** The key of the block sequence whose `- ` item the cursor is typing. */
function blockSequenceKey(lines: readonly string[], lineIndex: number, linePrefix: string): string | undefined {
  const item = /^(\s*)-\s*[\w-]*$/.exec(linePrefix);
  if (!item) return undefined;
  const indent = (item[1] ?? '').length;
  for (let index = lineIndex - 1; index >= 0; index -= 1) {
    const line = lines[index] ?? '';
    if (line.trim() === '' || line.trimStart().startsWith('#')) continue;
    if (/^\s*-\s/.test(line) && line.length - line.trimStart().length === indent) continue;
    const parent = /^(\s*)(?:-\s+)?([A-Za-z]+)\s*:\s*(?:#.*)?$/.exec(line);
    return parent && (parent[1] ?? '').length <= indent ? parent[2] : undefined;
  }
  return undefined;
}

/** Which key's value the cursor is in: a flow list, a block list item or a plain scalar. */
function findReferenceKey(text: string, position: Position): string | undefined {
  const before = text.slice(0, offsetAt(text, position));
  const lines = before.split(/\r\n|\r|\n/);
  const linePrefix = lines[lines.length - 1] ?? '';
  return (
    openFlowSequenceKey(before) ??
    blockSequenceKey(lines, lines.length - 1, linePrefix) ??
    /(?:^|[\s{,])([A-Za-z]+)\s*:\s*[\w-]*$/.exec(linePrefix)?.[1]
  );
}

/** Offers the workspace ids (channels, notify targets, people) that fit the key under the cursor. */
export function complete(text: string, position: Position, model: WorkspaceModel): CompletionItem[] {
  const key = findReferenceKey(text, position);
  const kind = key === undefined ? undefined : KEY_IDS[key];
  if (!kind) return [];
  const seen = new Set<string>();
  const items: CompletionItem[] = [];
  for (const declaration of model.workspaceIds.get(kind) ?? []) {
    if (seen.has(declaration.id)) continue;
    seen.add(declaration.id);
    items.push({ label: declaration.id, kind: CompletionItemKind.Value, detail: `${kind} · ${declaration.document.file.path}` });
  }
  return items;
}

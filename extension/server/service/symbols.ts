/** The document outline: each playbook document, its keys, and list items named by their id. */
import { isMap, isScalar, isSeq, parseAllDocuments, type Node } from 'yaml';
import { SourceFile } from '../../../core/index';
import { SymbolKind, type DocumentSymbol, type Range } from 'vscode-languageserver-types';

function rangeOf(file: SourceFile, node: { range?: readonly number[] | null } | null | undefined, fallback: number): Range {
  const start = node?.range?.[0] ?? fallback;
  const end = node?.range?.[1] ?? start;
  const from = file.position(start);
  const to = file.position(Math.max(start, end));
  return { start: { line: from.line - 1, character: from.column - 1 }, end: { line: to.line - 1, character: to.column - 1 } };
}

function kindOf(node: unknown): SymbolKind {
  if (isMap(node)) return SymbolKind.Object;
  if (isSeq(node)) return SymbolKind.Array;
  if (isScalar(node)) return typeof node.value === 'number' ? SymbolKind.Number : typeof node.value === 'boolean' ? SymbolKind.Boolean : SymbolKind.String;
  return SymbolKind.Field;
}

/** A list item's name: its id (or term, name), else its position. */
function itemName(node: unknown, index: number): string {
  if (isMap(node)) {
    for (const key of ['id', 'term', 'name']) {
      const value = node.get(key);
      if (typeof value === 'string' || typeof value === 'number') return String(value);
    }
  }
  return `#${index + 1}`;
}

function childrenOf(file: SourceFile, node: unknown): DocumentSymbol[] {
  if (isMap(node)) {
    return node.items.flatMap((pair) => {
      const key = pair.key as Node | null;
      if (!isScalar(key)) return [];
      const value = pair.value as Node | null;
      const keyRange = rangeOf(file, key, 0);
      const range = value?.range ? { start: keyRange.start, end: rangeOf(file, value, 0).end } : keyRange;
      const detail = isScalar(value) ? String(value.value ?? '') : undefined;
      return [{ name: String(key.value), kind: kindOf(value), range, selectionRange: keyRange, ...(detail ? { detail } : {}), children: childrenOf(file, value) }];
    });
  }
  if (isSeq(node)) {
    // A list of plain values (channels: [a, b]) adds nothing to an outline.
    if (!node.items.some((item) => isMap(item))) return [];
    return node.items.map((item, index) => {
      const range = rangeOf(file, item as Node, 0);
      return { name: itemName(item, index), kind: SymbolKind.Object, range, selectionRange: range, children: childrenOf(file, item) };
    });
  }
  return [];
}

/** Outline symbols of a playbook file: one per YAML document, named "Kind name". */
export function documentSymbols(text: string): DocumentSymbol[] {
  const file = new SourceFile('', text);
  const documents = parseAllDocuments(text, { prettyErrors: false });
  const list = Array.isArray(documents) ? documents : [];
  return list.flatMap((document) => {
    const contents = document.contents;
    if (!isMap(contents)) return [];
    const kind = contents.get('kind');
    const metadata = contents.get('metadata');
    const name = isMap(metadata) ? metadata.get('name') : undefined;
    const range = rangeOf(file, contents, 0);
    return [{
      name: [kind, name].filter((part) => typeof part === 'string').join(' ') || 'document',
      kind: SymbolKind.Module,
      range,
      selectionRange: range,
      children: childrenOf(file, contents),
    }];
  });
}

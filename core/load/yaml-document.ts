import {
  Document, isAlias, isMap, isScalar, isSeq, parseAllDocuments, type Node, type Pair,
} from 'yaml';
import type { SourceSpan } from '../diagnostics';
import { fastLocatorOf } from './fast-locate';
import type { PathSegment, SourceDocument, SpanPart } from './source-document';
import type { SourceFile } from './source-file';

export type { PathSegment, SpanPart } from './source-document';

interface Located {
  node: Node | null;
  pair?: Pair;
  /** How many path segments were resolved; fewer than asked means the nearest ancestor. */
  depth: number;
}

/** Offset of the end of the line holding `offset` (before its CR or LF). */
function lineEndAt(text: string, offset: number): number {
  for (let index = offset; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if (code === 10 || code === 13) return index;
  }
  return text.length;
}

/** Reads a scalar key as a string (keys are scalars in playbooks; anything else never matches). */
function keyString(key: unknown): string | undefined {
  if (isScalar(key)) return String(key.value);
  return undefined;
}

// Parsed `yaml` documents per file, built on first need; weakly held so nothing must be cleared.
const parsedFiles = new WeakMap<SourceFile, Document.Parsed[]>();

/** The non-empty documents of a file, parsed with source ranges. */
function nonEmptyDocuments(file: SourceFile): Document.Parsed[] {
  let documents = parsedFiles.get(file);
  if (!documents) {
    documents = parseAllDocuments(file.text, { merge: true, uniqueKeys: false, prettyErrors: false }) as Document.Parsed[];
    if (!Array.isArray(documents)) documents = [];
    // Documents that hold nothing (empty, or only ~ / null) are skipped, as the loader skips them.
    documents = documents.filter((document) => document.contents !== null && !(isScalar(document.contents) && document.contents.value === null));
    parsedFiles.set(file, documents);
  }
  return documents;
}


/**
 * One YAML document of a file, with what it needs to turn a data path (as zod reports it) back
 * into a source range. The `yaml` Document is built only when a position is first asked for.
 */
export class YamlDocument implements SourceDocument {
  readonly file: SourceFile;
  /** 0-based index among the file's non-empty documents (documents separated by `---`). */
  readonly index: number;
  private parsed: Document.Parsed | undefined;

  constructor(file: SourceFile, index: number, parsed?: Document.Parsed) {
    this.file = file;
    this.index = index;
    this.parsed = parsed;
  }

  /** The `yaml` Document with source ranges. */
  get doc(): Document.Parsed {
    // An index past the end (the two parsers split a file differently) degrades to positions at the file start.
    this.parsed ??= nonEmptyDocuments(this.file)[this.index] ?? (new Document() as unknown as Document.Parsed);
    return this.parsed;
  }

  /** Walks a path through maps and sequences, following aliases; stops at the nearest ancestor. */
  private locate(path: readonly PathSegment[]): Located {
    let node: Node | null = this.doc.contents as Node | null;
    let pair: Pair | undefined;
    let depth = 0;
    for (const segment of path) {
      if (isAlias(node)) node = (node.resolve(this.doc) as Node | undefined) ?? null;
      if (isMap(node)) {
        const found = node.items.find((item) => keyString(item.key) === String(segment));
        if (!found) break;
        pair = found as Pair;
        node = (found.value as Node | null) ?? null;
      } else if (isSeq(node) && typeof segment === 'number') {
        const item = node.items[segment] as Node | undefined;
        if (item === undefined) break;
        pair = undefined;
        node = item;
      } else {
        break;
      }
      depth += 1;
    }
    return pair === undefined ? { node, depth } : { node, pair, depth };
  }

  /** Offsets of a path: `key` underlines the key, `value` the value, `entry` both. */
  offsets(path: readonly PathSegment[], part: SpanPart = 'value'): { start: number; end: number } {
    // Until a `yaml` Document exists, try the line index (same offsets, without the 40 ms parse of a large file).
    if (this.parsed === undefined) {
      const fast = fastLocatorOf(this.file, this.index)?.offsets(path, part);
      if (fast) return fast;
    }
    const located = this.locate(path);
    const exact = located.depth === path.length;
    const keyNode = located.pair?.key as Node | undefined;
    const valueNode = located.node;
    if (exact && part === 'key' && keyNode?.range) {
      return { start: keyNode.range[0], end: keyNode.range[1] };
    }
    if (exact && part === 'entry' && keyNode?.range) {
      const end = valueNode?.range ? valueNode.range[1] : keyNode.range[1];
      return { start: keyNode.range[0], end };
    }
    if (!exact && keyNode?.range) {
      // The path goes deeper than the source (a missing field): point at the parent's key.
      return { start: keyNode.range[0], end: keyNode.range[1] };
    }
    if (valueNode?.range) {
      // A collection's value range runs to its last item; underline its first line only.
      const [start, valueEnd] = valueNode.range;
      const end = isMap(valueNode) || isSeq(valueNode) ? Math.min(valueEnd, lineEndAt(this.file.text, start)) : valueEnd;
      return { start, end: Math.max(end, start + 1) };
    }
    if (keyNode?.range) return { start: keyNode.range[0], end: keyNode.range[1] };
    const docStart = this.doc.range?.[0] ?? 0;
    return { start: docStart, end: docStart + 1 };
  }

  /** The source span of a path. */
  span(path: readonly PathSegment[], part: SpanPart = 'value'): SourceSpan {
    const { start, end } = this.offsets(path, part);
    return this.file.span(start, end);
  }

  /**
   * Source offsets of the text `value.slice(start, end)` inside the scalar at `path`: finds the
   * same occurrence in the source (plain, quoted or block scalar alike). Undefined when the
   * source spells it differently (escapes, folding).
   */
  locateInScalar(path: readonly PathSegment[], value: string, start: number, end: number): { start: number; end: number } | undefined {
    const located = this.locate(path);
    if (located.depth !== path.length || !isScalar(located.node) || !located.node.range) return undefined;
    const needle = value.slice(start, end);
    if (needle === '') return undefined;
    let occurrence = 0;
    for (let index = value.indexOf(needle); index !== -1 && index < start; index = value.indexOf(needle, index + 1)) occurrence += 1;
    const [nodeStart, nodeEnd] = located.node.range;
    const source = this.file.text.slice(nodeStart, nodeEnd);
    let found = source.indexOf(needle);
    for (let skipped = 0; found !== -1 && skipped < occurrence; skipped += 1) found = source.indexOf(needle, found + 1);
    return found === -1 ? undefined : { start: nodeStart + found, end: nodeStart + found + needle.length };
  }
}

/*
 * Source positions without the `yaml` parser, for the plain block YAML playbooks are written in.
 * Building a `yaml` Document costs about 40 ms on a 5,000-line file, and the language server needs
 * positions on every edit that leaves a problem. This index reads the lines once (a few ms) and
 * answers a path with the same offsets YamlDocument.offsets computes from the `yaml` Document.
 * Whatever it is not sure of (anchors, aliases, tags, block and multi-line scalars, quoted or odd
 * keys, flow collections over several lines, tabs) it marks unknown, and a path
 * through it gets no answer: the caller then asks the `yaml` Document, as before.
 */
import type { PathSegment, SpanPart } from './source-document';
import type { SourceFile } from './source-file';

type FastNode =
  | { readonly kind: 'scalar'; readonly start: number; readonly end: number }
  | { readonly kind: 'map'; readonly start: number; readonly flowEnd?: number; readonly entries: Map<string, FastEntry>; odd: boolean }
  | { readonly kind: 'seq'; readonly start: number; readonly flowEnd?: number; readonly items: FastNode[] }
  | { readonly kind: 'unknown' };

interface FastEntry {
  readonly keyStart: number;
  readonly keyEnd: number;
  readonly value: FastNode;
}

const UNKNOWN: FastNode = { kind: 'unknown' };
/** Keys the `yaml` parser would read as something other than the text (numbers, booleans, null). */
const ODD_KEY = /^(?:[-+.\d~]|(?:null|Null|NULL|true|True|TRUE|false|False|FALSE|y|Y|n|N|yes|Yes|no|No|on|On|off|Off)$)/;
const PLAIN_KEY = /^([^\s#,[\]{}&*!|>'"%@`?:-](?:[^#:]|:(?!\s|$))*?|-(?!\s)(?:[^#:]|:(?!\s|$))*?)[ ]*:(?=\s|$)/;
const UNSAFE_START = /^[&*!|>%@`?]/;
const PLAIN_KEY_AT = new RegExp(PLAIN_KEY.source.slice(1), 'y');

/** PLAIN_KEY matched at a column of a line, without copying the line. */
function keyAt(lineText: string, column: number): RegExpExecArray | null {
  PLAIN_KEY_AT.lastIndex = column;
  return PLAIN_KEY_AT.exec(lineText);
}

class Reader {
  readonly lines: string[];
  readonly starts: number[] = [];
  private readonly indents: Int32Array;
  /** 1 for a line holding nothing (blank or only a comment). */
  private readonly empty: Uint8Array;

  constructor(readonly text: string) {
    this.lines = text.split('\n');
    this.indents = new Int32Array(this.lines.length);
    this.empty = new Uint8Array(this.lines.length);
    let offset = 0;
    this.lines.forEach((line, index) => {
      this.starts.push(offset);
      offset += line.length + 1;
      let indent = 0;
      while (line.charCodeAt(indent) === 32) indent += 1;
      this.indents[index] = indent;
      this.empty[index] = indent === line.length || line.charCodeAt(indent) === 35 ? 1 : 0;
    });
  }

  indentOf(line: number): number {
    return this.indents[line] ?? 0;
  }

  /** Blank or comment-only lines hold nothing. */
  isEmpty(line: number): boolean {
    return this.empty[line] === 1;
  }

  nextContent(line: number): number {
    let index = line;
    while (index < this.lines.length && this.empty[index] === 1) index += 1;
    return index;
  }

  lineEnd(offset: number): number {
    const end = this.text.indexOf('\n', offset);
    return end === -1 ? this.text.length : end;
  }
}

/** A scalar or flow collection starting at `at` on one line; in `flow` context `,` `]` `}` end a plain scalar. */
function readInline(lineText: string, lineStart: number, at: number, flow: boolean): { node: FastNode; next: number } {
  const char = lineText[at];
  if (char === '[' || char === '{') return readFlow(lineText, lineStart, at);
  if (char === '"' || char === "'") {
    let index = at + 1;
    while (index < lineText.length) {
      if (char === "'" && lineText[index] === "'" && lineText[index + 1] === "'") index += 2;
      else if (char === '"' && lineText[index] === '\\') index += 2;
      else if (lineText[index] === char) break;
      else index += 1;
    }
    if (index >= lineText.length) return { node: UNKNOWN, next: lineText.length };
    return { node: { kind: 'scalar', start: lineStart + at, end: lineStart + index + 1 }, next: index + 1 };
  }
  if (char === undefined || UNSAFE_START.test(char) || (char === '-' && /\s/.test(lineText[at + 1] ?? ' '))) return { node: UNKNOWN, next: lineText.length };
  let end = at;
  while (end < lineText.length) {
    const current = lineText[end] as string;
    if (flow && (current === ',' || current === ']' || current === '}')) break;
    if (current === '#' && /\s/.test(lineText[end - 1] ?? '')) break;
    if (flow && current === ':' && /[\s,\]}]/.test(lineText[end + 1] ?? ' ')) return { node: UNKNOWN, next: lineText.length };
    end += 1;
  }
  let valueEnd = end;
  while (valueEnd > at && /\s/.test(lineText[valueEnd - 1] as string)) valueEnd -= 1;
  return { node: { kind: 'scalar', start: lineStart + at, end: lineStart + valueEnd }, next: end };
}

/** A flow collection that opens and closes on this line. */
function readFlow(lineText: string, lineStart: number, at: number): { node: FastNode; next: number } {
  const isMap = lineText[at] === '{';
  const close = isMap ? '}' : ']';
  const entries = new Map<string, FastEntry>();
  const items: FastNode[] = [];
  let odd = false;
  let index = at + 1;
  const skipSpaces = () => {
    while (lineText[index] === ' ') index += 1;
  };
  for (;;) {
    skipSpaces();
    if (index >= lineText.length) return { node: UNKNOWN, next: lineText.length };
    if (lineText[index] === close) break;
    if (isMap) {
      const key = PLAIN_KEY.exec(lineText.slice(index).replace(/[,}].*$/, ''));
      if (!key?.[1]) return { node: UNKNOWN, next: lineText.length };
      const keyText = key[1].trimEnd();
      const keyStart = index;
      index += key[0].length;
      skipSpaces();
      const value = lineText[index] === ',' || lineText[index] === '}' ? { node: UNKNOWN, next: index } : readInline(lineText, lineStart, index, true);
      if (ODD_KEY.test(keyText)) odd = true;
      if (!entries.has(keyText)) entries.set(keyText, { keyStart: lineStart + keyStart, keyEnd: lineStart + keyStart + keyText.length, value: value.node });
      index = value.next;
    } else {
      const item = readInline(lineText, lineStart, index, true);
      if (item.node.kind === 'unknown') return { node: UNKNOWN, next: lineText.length };
      items.push(item.node);
      index = item.next;
    }
    skipSpaces();
    if (lineText[index] === ',') index += 1;
    else if (lineText[index] !== close) return { node: UNKNOWN, next: lineText.length };
  }
  const flowEnd = lineStart + index + 1;
  const node: FastNode = isMap ? { kind: 'map', start: lineStart + at, flowEnd, entries, odd } : { kind: 'seq', start: lineStart + at, flowEnd, items };
  return { node, next: index + 1 };
}

/** The value after `key:` or `- ` at column `at` of `line`, which may continue on deeper lines. Returns the line after it. */
function readValue(reader: Reader, line: number, at: number, parentColumn: number): { node: FastNode; nextLine: number } {
  const lineText = reader.lines[line] as string;
  const rest = lineText.slice(at);
  const skipDeeper = (from: number) => {
    let index = from;
    while (index < reader.lines.length && (reader.isEmpty(index) || reader.indentOf(index) > parentColumn)) index += 1;
    return index;
  };
  if (rest.trim() === '' || rest.trimStart().startsWith('#')) {
    const next = reader.nextContent(line + 1);
    if (next >= reader.lines.length) return { node: UNKNOWN, nextLine: next };
    const indent = reader.indentOf(next);
    const sequenceHere = indent === parentColumn && /^-(\s|$)/.test((reader.lines[next] as string).slice(indent));
    if (indent <= parentColumn && !sequenceHere) return { node: UNKNOWN, nextLine: next };
    return readBlock(reader, next, indent);
  }
  const start = at + (rest.length - rest.trimStart().length);
  const inline = readInline(lineText, reader.starts[line] as number, start, false);
  const after = lineText.slice(inline.next).trim();
  const next = reader.nextContent(line + 1);
  const continues = next < reader.lines.length && reader.indentOf(next) > parentColumn;
  if (inline.node.kind === 'unknown' || (after !== '' && !after.startsWith('#')) || continues) return { node: UNKNOWN, nextLine: skipDeeper(line + 1) };
  return { node: inline.node, nextLine: line + 1 };
}

/** A block mapping or sequence whose first entry starts at `column` of `line` (possibly after `- `). */
function readBlock(reader: Reader, line: number, column: number): { node: FastNode; nextLine: number } {
  const lineStart = reader.starts[line] as number;
  const firstLine = reader.lines[line] as string;
  if (firstLine[column] === '-' && /\s/.test(firstLine[column + 1] ?? ' ')) {
    const items: FastNode[] = [];
    let index = line;
    while (index < reader.lines.length) {
      index = reader.nextContent(index);
      if (index >= reader.lines.length) break;
      const text = reader.lines[index] as string;
      const lineColumn = index === line ? column : reader.indentOf(index);
      if (lineColumn !== column || text[column] !== '-' || !/\s/.test(text[column + 1] ?? ' ')) break;
      const after = text.slice(column + 1);
      const content = column + 1 + (after.length - after.trimStart().length);
      const item = content < text.length && keyAt(text, content) ? readBlock(reader, index, content) : readValue(reader, index, column + 1, column);
      items.push(item.node);
      index = item.nextLine;
    }
    return { node: { kind: 'seq', start: lineStart + column, items }, nextLine: index };
  }
  if (!keyAt(firstLine, column)) return { node: UNKNOWN, nextLine: line + 1 };
  const entries = new Map<string, FastEntry>();
  let odd = false;
  let index = line;
  while (index < reader.lines.length) {
    index = reader.nextContent(index);
    if (index >= reader.lines.length) break;
    const text = reader.lines[index] as string;
    if (index !== line && reader.indentOf(index) !== column) break;
    const key = keyAt(text, column);
    if (!key?.[1]) break;
    const keyText = key[1].trimEnd();
    const keyStart = (reader.starts[index] as number) + column;
    const value = readValue(reader, index, column + key[0].length, column);
    if (ODD_KEY.test(keyText)) odd = true;
    if (!entries.has(keyText)) entries.set(keyText, { keyStart, keyEnd: keyStart + keyText.length, value: value.node });
    index = value.nextLine;
  }
  return { node: { kind: 'map', start: lineStart + column, entries, odd }, nextLine: index };
}

/** A line index of one file's only YAML document, or undefined when the file is not plain block YAML. */
export class FastLocator {
  private constructor(private readonly reader: Reader, private readonly root: FastNode, private readonly base = 0) {}

  /**
   * Indexes each document of a file separated by `---` lines: one entry per non-empty document
   * (the documents the loader reads, in order), undefined for a document it does not handle.
   * Undefined for the whole file when the documents themselves cannot be told apart (`...`,
   * directives, content on a `---` line, tabs, CR line breaks).
   */
  static buildDocuments(text: string): Array<FastLocator | undefined> | undefined {
    if (text.includes('\r') || text.includes('\t')) return undefined;
    if (!/^(?:---|\.\.\.|%)/m.test(text)) return [FastLocator.build(text)];
    const locators: Array<FastLocator | undefined> = [];
    let start = 0;
    const addDocument = (end: number): void => {
      const part = text.slice(start, end);
      // A document holding nothing (only comments, or only ~ / null) is skipped, as the loader skips it.
      const content = part.split('\n').filter((line) => !/^\s*(?:#.*)?$/.test(line));
      if (content.length === 0 || (content.length === 1 && /^(?:~|null|Null|NULL)\s*(?:#.*)?$/.test(content[0] as string))) return;
      locators.push(FastLocator.build(part, start));
    };
    let lineStart = 0;
    while (lineStart <= text.length) {
      const newline = text.indexOf('\n', lineStart);
      const lineEnd = newline === -1 ? text.length : newline;
      const line = text.slice(lineStart, lineEnd);
      if (/^(?:\.\.\.|%)/.test(line) || /^---[^ ]/.test(line) || /^--- +[^ #]/.test(line)) return undefined;
      if (/^---(?: +(?:#.*)?)?$/.test(line)) {
        addDocument(lineStart);
        start = lineEnd + 1;
      }
      if (newline === -1) break;
      lineStart = newline + 1;
    }
    if (start <= text.length) addDocument(text.length);
    return locators;
  }

  /** Indexes a one-document text (offsets count from `base`); undefined for text it does not handle at all (several documents, tabs, CR line breaks). */
  static build(text: string, base = 0): FastLocator | undefined {
    if (text.includes('\r') || text.includes('\t')) return undefined;
    const reader = new Reader(text);
    let first = reader.nextContent(0);
    if (/^---\s*$/.test(reader.lines[first] ?? '')) first = reader.nextContent(first + 1);
    for (let index = first; index < reader.lines.length; index += 1) {
      if (/^(---|\.\.\.)(\s|$)/.test(reader.lines[index] as string) || /^%/.test(reader.lines[index] as string)) return undefined;
    }
    if (first >= reader.lines.length || reader.indentOf(first) !== 0) return undefined;
    const { node, nextLine } = readBlock(reader, first, 0);
    // Content left after the root collection means the file is not what this index understands.
    if (reader.nextContent(nextLine) < reader.lines.length) return undefined;
    return new FastLocator(reader, node, base);
  }

  /** The offsets YamlDocument.offsets would give, or undefined when the path crosses something unknown. */
  offsets(path: readonly PathSegment[], part: SpanPart): { start: number; end: number } | undefined {
    const found = this.localOffsets(path, part);
    return found && this.base > 0 ? { start: found.start + this.base, end: found.end + this.base } : found;
  }

  private localOffsets(path: readonly PathSegment[], part: SpanPart): { start: number; end: number } | undefined {
    let node = this.root;
    let pair: FastEntry | undefined;
    let depth = 0;
    for (const segment of path) {
      if (node.kind === 'unknown') return undefined;
      if (node.kind === 'map') {
        if (node.odd) return undefined;
        const found = node.entries.get(String(segment));
        if (!found) break;
        pair = found;
        node = found.value;
      } else if (node.kind === 'seq' && typeof segment === 'number') {
        const item = node.items[segment];
        if (item === undefined) break;
        pair = undefined;
        node = item;
      } else {
        break;
      }
      depth += 1;
    }
    const exact = depth === path.length;
    if (exact && part === 'key' && pair) return { start: pair.keyStart, end: pair.keyEnd };
    if (exact && part === 'entry') return undefined;
    if (!exact && pair) return { start: pair.keyStart, end: pair.keyEnd };
    if (node.kind === 'unknown') return undefined;
    if (node.kind === 'scalar') return { start: node.start, end: Math.max(node.end, node.start + 1) };
    const lineEnd = this.reader.lineEnd(node.start);
    const end = node.flowEnd === undefined ? lineEnd : Math.min(node.flowEnd, lineEnd);
    return { start: node.start, end: Math.max(end, node.start + 1) };
  }
}

// Line indexes of the documents of each file (null: not plain block YAML), built on first need.
const fileLocators = new WeakMap<SourceFile, Array<FastLocator | undefined> | null>();

/** The line index of a file's `index`-th non-empty document, when it has one. */
export function fastLocatorOf(file: SourceFile, index: number): FastLocator | undefined {
  let locators = fileLocators.get(file);
  if (locators === undefined) {
    locators = FastLocator.buildDocuments(file.text) ?? null;
    fileLocators.set(file, locators);
  }
  return locators?.[index];
}

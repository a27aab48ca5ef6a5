/*
 * Where the cursor sits in a YAML playbook, read from the lines alone: while someone types, the
 * document is rarely valid YAML (`channels: [` is still open), so a parser's tree cannot answer.
 * Indentation and `- ` markers give the key path; an open `[` or `{` before the cursor gives the
 * flow collection it is in.
 */
import type { Position } from 'vscode-languageserver-types';

/** A list item in a key path. */
export const ITEM = '[]';

/** A line split into its structure: indentation, `- ` markers, key and the rest. */
interface LineShape {
  /** Columns of the `- ` sequence markers at the start of the line. */
  readonly dashes: readonly number[];
  /** Column where the content after the markers starts. */
  readonly contentColumn: number;
  readonly key?: string;
  /** Text after `key:` (the value, possibly a comment), trimmed. */
  readonly rest: string;
  readonly blank: boolean;
}

const LINE = /^(\s*)((?:-(?:\s+|$))*)(?:([A-Za-z_][\w.-]*)\s*:(?=\s|$))?(.*)$/;

/** Splits one line into indentation, sequence markers, key and rest. */
export function shapeOf(line: string): LineShape {
  const match = LINE.exec(line) as RegExpExecArray;
  const indent = (match[1] ?? '').length;
  const markers = match[2] ?? '';
  const dashes: number[] = [];
  for (let index = 0; index < markers.length; index += 1) if (markers[index] === '-') dashes.push(indent + index);
  const contentColumn = indent + markers.length;
  const rest = (match[4] ?? '').trim();
  const blank = match[3] === undefined && (rest === '' || rest.startsWith('#')) && dashes.length === 0;
  return { dashes, contentColumn, ...(match[3] !== undefined ? { key: match[3] } : {}), rest, blank };
}

/** True when a key's value continues on the next lines (nothing after the colon but maybe an anchor or a comment). */
function opensBlock(rest: string): boolean {
  return rest === '' || rest.startsWith('#') || /^&\S+\s*(#.*)?$/.test(rest);
}

/** The key path of the mapping whose keys start at `column` on line `lineIndex` (or, with `dash`, of a list item there). */
function ancestorPath(lines: readonly string[], lineIndex: number, column: number, dash: number | undefined, siblings?: Set<string>): string[] {
  const path: string[] = [];
  let mode: 'map' | 'seq' = dash === undefined ? 'map' : 'seq';
  let limit = dash ?? column;
  if (dash !== undefined) path.unshift(ITEM);
  for (let index = lineIndex - 1; index >= 0; index -= 1) {
    const text = lines[index] ?? '';
    if (/^(---|\.\.\.)\s*(#.*)?$/.test(text)) break;
    const shape = shapeOf(text);
    if (shape.blank) continue;
    const lastDash = shape.dashes[shape.dashes.length - 1];
    if (mode === 'map') {
      if (shape.contentColumn > limit) continue;
      if (shape.contentColumn === limit) {
        if (shape.key !== undefined) siblings?.add(shape.key);
        if (lastDash !== undefined) {
          // This line opens the list item the cursor's mapping belongs to.
          path.unshift(ITEM);
          mode = 'seq';
          limit = lastDash;
          siblings = undefined;
        }
        continue;
      }
    } else {
      const first = shape.dashes[0] ?? shape.contentColumn;
      if (first > limit || (lastDash === limit && shape.dashes.length > 0)) continue;
      if (first === limit && shape.key === undefined) continue;
    }
    // A line further left: the key whose value holds what we have walked so far.
    if (shape.key === undefined || !opensBlock(shape.rest)) break;
    path.unshift(shape.key);
    siblings = undefined;
    if (lastDash !== undefined) {
      path.unshift(ITEM);
      mode = 'seq';
      limit = lastDash;
    } else {
      mode = 'map';
      limit = shape.contentColumn;
    }
  }
  return path;
}

/** What the cursor is in. */
export interface CursorContext {
  /** Keys from the document root to the mapping (or, for `item`, the list) that holds the cursor; ITEM for list items. */
  readonly path: readonly string[];
  /**
   * `key`: typing a key of the mapping at `path`; `value`: typing the value of `key`;
   * `item`: typing an item of the list `key` (a flow `[...]` or a `- ` line).
   */
  readonly at: 'key' | 'value' | 'item';
  readonly key?: string;
  /** The word being typed, as character offsets of the cursor line. */
  readonly word: { readonly text: string; readonly start: number; readonly end: number };
  /** Keys already present in the mapping (for `key`). */
  readonly siblings: ReadonlySet<string>;
  /** For `item`: the other items already in the list (before and after the cursor), so completion leaves them out. */
  readonly listed?: ReadonlySet<string>;
  /** `kind:` of the YAML document the cursor is in. */
  readonly kind?: string;
  /** True when the cursor's YAML document holds nothing but comments yet. */
  readonly emptyDocument: boolean;
}

/**
 * The innermost `[` or `{` still open at the end of `before`, with its offset. A bracket opens a
 * flow collection only where a value starts (after `key:`, `- `, another opener or a comma); a
 * collection continues on the next line only after a line ending in an opener or a comma.
 */
function openFlow(before: string): { char: '[' | '{'; offset: number } | undefined {
  let depth = 0;
  for (let index = before.length - 1; index >= 0; index -= 1) {
    const char = before[index];
    if (char === ']' || char === '}') depth += 1;
    else if (char === '[' || char === '{') {
      if (depth > 0) {
        depth -= 1;
        continue;
      }
      const lead = before.slice(0, index).replace(/[ ]+$/, '');
      const previous = lead[lead.length - 1];
      return previous === undefined || previous === '\n' || /[:\-[{,]/.test(previous) ? { char, offset: index } : undefined;
    } else if (char === '\n') {
      const above = lineBefore(before, index).replace(/\s+#.*$/, '').trimEnd();
      if (!/[[{,]$/.test(above)) return undefined;
    }
  }
  return undefined;
}

function lineBefore(text: string, newline: number): string {
  const start = text.lastIndexOf('\n', newline - 1) + 1;
  return text.slice(start, newline);
}

const WORD = /[\w.-]/;

/** The word around a character of a line (ids, keys, metric names, `post.failed`). */
export function wordAt(line: string, character: number): { text: string; start: number; end: number } {
  let start = character;
  let end = character;
  while (start > 0 && WORD.test(line[start - 1] ?? '')) start -= 1;
  while (end < line.length && WORD.test(line[end] ?? '')) end += 1;
  return { text: line.slice(start, end), start, end };
}

/** The `kind:` of the document holding `lineIndex`, and whether that document is still empty. */
function documentInfo(lines: readonly string[], lineIndex: number): { kind?: string; empty: boolean } {
  let start = lineIndex;
  while (start > 0 && !/^---/.test(lines[start] ?? '')) start -= 1;
  if (/^---/.test(lines[start] ?? '')) start += 1;
  let kind: string | undefined;
  let empty = true;
  for (let index = start; index < lines.length; index += 1) {
    const text = lines[index] ?? '';
    if (index > start && /^---/.test(text)) break;
    if (index !== lineIndex && !shapeOf(text).blank) empty = false;
    const match = /^kind\s*:\s*([A-Za-z]+)/.exec(text);
    if (match) {
      kind = match[1];
      break;
    }
  }
  if (!empty || kind !== undefined) return kind === undefined ? { empty: false } : { kind, empty: false };
  return { empty: true };
}

/** A scalar list item as written: without a comment, quotes and surrounding spaces. */
function itemText(raw: string): string {
  return raw.replace(/\s+#.*$/, '').trim().replace(/^(["'])(.*)\1$/, '$2');
}

/** The items of a flow list other than the one at the cursor: `inside` is the text from `[` to the cursor, `after` what follows it. */
function flowItems(inside: string, after: string): Set<string> {
  const close = after.indexOf(']');
  const before = inside.split(',').slice(0, -1);
  const behind = (close < 0 ? after.split('\n')[0] ?? '' : after.slice(0, close)).split(',').slice(1);
  return new Set([...before, ...behind].map(itemText).filter((item) => item !== '' && !/[[\]{}:]/.test(item)));
}

/** The scalar items of the block list whose `- ` markers sit at `dash`, other than the one on line `lineIndex`. */
function blockItems(lines: readonly string[], lineIndex: number, dash: number): Set<string> {
  const items = new Set<string>();
  for (const step of [-1, 1]) {
    for (let index = lineIndex + step; index >= 0 && index < lines.length; index += step) {
      const text = lines[index] ?? '';
      if (/^(---|\.\.\.)\s*(#.*)?$/.test(text)) break;
      const shape = shapeOf(text);
      if (shape.blank) continue;
      const first = shape.dashes[0] ?? shape.contentColumn;
      if (first < dash || (first === dash && shape.dashes.length === 0)) break;
      if (first === dash && shape.dashes.length === 1 && shape.key === undefined) {
        const item = itemText(shape.rest);
        if (item !== '') items.add(item);
      }
    }
  }
  return items;
}

/** Splits text into lines (LF, CRLF or CR). */
export function splitLines(text: string): string[] {
  return text.split(/\r\n|\r|\n/);
}

/** Reads where the cursor is: the key path, whether a key or a value is being typed, and the word. */
export function readCursorContext(lines: readonly string[], position: Position): CursorContext {
  const lineText = lines[position.line] ?? '';
  const prefix = lineText.slice(0, position.character);
  const word = wordAt(lineText, position.character);
  const info = documentInfo(lines, position.line);
  const common = { word, ...(info.kind !== undefined ? { kind: info.kind } : {}), emptyDocument: info.empty };

  // Inside a flow collection: find where it opened, possibly on an earlier line.
  const beforeLines = [...lines.slice(Math.max(0, position.line - 20), position.line), prefix];
  const before = beforeLines.join('\n');
  const flow = openFlow(before);
  if (flow) {
    const upTo = before.slice(0, flow.offset);
    const openLineIndex = position.line - (beforeLines.length - 1) + (upTo.split('\n').length - 1);
    const openLine = lines[openLineIndex] ?? '';
    const openShape = shapeOf(openLine);
    const inside = before.slice(flow.offset + 1);
    const lastDash = openShape.dashes[openShape.dashes.length - 1];
    const holder = /([A-Za-z_][\w.-]*)\s*:\s*$/.exec(upTo)?.[1];
    // Path of the mapping holding `holder:` on the opening line (or the list item the flow map is).
    const base = ancestorPath(lines, openLineIndex, openShape.contentColumn, lastDash);
    if (flow.char === '[') {
      const after = [lineText.slice(position.character), ...lines.slice(position.line + 1, position.line + 20)].join('\n');
      return { ...common, path: base, at: 'item', ...(holder !== undefined ? { key: holder } : {}), siblings: new Set(), listed: flowItems(inside, after) };
    }
    const mapPath = holder !== undefined ? [...base, holder] : base;
    const siblings = new Set([...inside.matchAll(/(?:^|[{,])\s*([A-Za-z_][\w.-]*)\s*:/g)].map((match) => match[1] as string));
    const valueKey = /(?:^|[{,])\s*([A-Za-z_][\w.-]*)\s*:\s*[^,{}[\]]*$/.exec(inside)?.[1];
    if (valueKey !== undefined) return { ...common, path: mapPath, at: 'value', key: valueKey, siblings };
    return { ...common, path: mapPath, at: 'key', siblings };
  }

  const shape = shapeOf(prefix);
  const lastDash = shape.dashes[shape.dashes.length - 1];
  if (shape.key !== undefined) {
    const siblings = new Set<string>();
    const path = ancestorPath(lines, position.line, shape.contentColumn, lastDash, lastDash === undefined ? siblings : undefined);
    return { ...common, path, at: 'value', key: shape.key, siblings };
  }
  if (lastDash !== undefined) {
    // `- word`: an item of the list above, which is either scalars or mappings (the caller knows which).
    const path = ancestorPath(lines, position.line, shape.contentColumn, lastDash);
    const listPath = path.slice(0, -1);
    const key = listPath[listPath.length - 1];
    return { ...common, path: listPath.slice(0, -1), at: 'item', ...(key !== undefined ? { key } : {}), siblings: new Set(), listed: blockItems(lines, position.line, lastDash) };
  }
  const siblings = new Set<string>();
  const column = prefix.length - prefix.trimStart().length;
  const path = ancestorPath(lines, position.line, column, undefined, siblings);
  // Keys below the cursor belong to the same mapping too.
  for (let index = position.line + 1; index < lines.length; index += 1) {
    const next = shapeOf(lines[index] ?? '');
    if (next.blank) continue;
    if (next.contentColumn < column || (next.contentColumn === column && next.dashes.length > 0)) break;
    if (next.contentColumn === column && next.key !== undefined) siblings.add(next.key);
  }
  return { ...common, path, at: 'key', siblings };
}

/*
 * Slips a Chinese keyboard makes in YAML: a full-width colon `：` after a key, a full-width space
 * (U+3000) as indentation or after `:`, a full-width comma `，` between flow items, tabs for
 * indentation, and a quote or bracket left open. The `yaml` parser reports each where it gives up, often
 * several lines later and with follow-on errors; this scanner finds where the slip is, so the
 * loader can report that place with its fix, and knows the edits that undo it, so the loader can
 * parse the repaired text to tell the follow-ons from real problems.
 *
 * It reads lines as playbooks are written (block mappings and one-line flow collections) and
 * skips what it cannot judge: block scalar content, comments and quoted text.
 */

/** Replaces `end - start` characters of the original text at `start` with `newText`. */
export interface TextEdit {
  readonly start: number;
  readonly end: number;
  readonly newText: string;
}

export type SlipKind = 'tab-indent' | 'ideographic-indent' | 'fullwidth-colon' | 'ideographic-separator' | 'fullwidth-comma' | 'unclosed-quote' | 'unclosed-bracket';

/** One slip: where it starts (offsets in the original text) and how to undo it. */
export interface KeyboardSlip {
  readonly kind: SlipKind;
  readonly start: number;
  readonly end: number;
  /** The key before a colon or separator slip, for the message. */
  readonly key?: string;
  /** For indentation slips: the line's leading whitespace, replaced once the widths are chosen. */
  readonly indent?: string;
  /** The edit that undoes it; indentation slips get theirs from `indentEdit`. */
  readonly edit?: TextEdit;
}

const KEY_AT = /[A-Za-z_][\w.-]*/y;
/** A block scalar's header (`|`, `>-`, `|2`…) where a value starts: the lines below are its text. */
const BLOCK_HEADER = /^\s*[|>][+-]?[1-9]?[+-]?\s*(?:#.*)?$/;

function isBlank(code: number): boolean {
  return code === 32 || code === 9 || code === 0x3000;
}

/** Offset just past the closing quote of a quoted scalar opened at `open` on one line, or -1. */
function closingQuote(line: string, open: number): number {
  const quote = line.charCodeAt(open);
  for (let index = open + 1; index < line.length; index += 1) {
    const code = line.charCodeAt(index);
    if (quote === 34 && code === 92) index += 1;
    else if (code === quote) {
      if (quote === 39 && line.charCodeAt(index + 1) === 39) index += 1;
      else return index + 1;
    }
  }
  return -1;
}

export interface FindSlipsOptions {
  /**
   * The parser failed: also look for a quote or a bracket left open on its line (YAML would read
   * the lines below into it). Legitimate multi-line quoted text and flow collections go on with
   * lines indented deeper; a line at the same or a smaller indentation marks the opener as the slip.
   */
  readonly parseFailed: boolean;
}

const CLOSER: Record<string, string> = { '[': ']', '{': '}' };

/** Where text inserted at the end of a line's content goes: before a trailing comment and blanks. */
function contentEnd(line: string, from: number, until: number): number {
  let end = until;
  while (end > from && isBlank(line.charCodeAt(end - 1))) end -= 1;
  return end;
}

/** Finds the keyboard slips of a playbook file, in text order. */
export function findKeyboardSlips(content: string, options: FindSlipsOptions): KeyboardSlip[] {
  const slips: KeyboardSlip[] = [];
  const lines = content.split('\n');
  let lineStart = 0;
  let flowDepth = 0;
  let blockParentIndent = -1;
  /** A quote or bracket left open on the last content line, judged by the next one. */
  let pending: { slip: KeyboardSlip; indent: number; quote?: string } | undefined;
  /** Inside legitimate multi-line quoted text: the quote that ends it. */
  let openQuote: string | undefined;
  for (const rawLine of lines) {
    const offset = lineStart;
    lineStart += rawLine.length + 1;
    const line = rawLine.endsWith('\r') ? rawLine.slice(0, -1) : rawLine;
    if (openQuote !== undefined) {
      if (line.includes(openQuote)) openQuote = undefined;
      continue;
    }
    let spaces = 0;
    while (line.charCodeAt(spaces) === 32) spaces += 1;
    if (blockParentIndent >= 0) {
      if (spaces === line.length || spaces > blockParentIndent) continue;
      blockParentIndent = -1;
    }
    let position = 0;
    while (position < line.length && isBlank(line.charCodeAt(position))) position += 1;
    if (position === line.length || line.charCodeAt(position) === 35) continue;
    if (pending) {
      const continues = position > pending.indent;
      if (!continues) {
        slips.push(pending.slip);
        if (pending.quote === undefined) flowDepth = 0;
      }
      const quote = pending.quote;
      pending = undefined;
      if (continues && quote !== undefined) {
        if (!line.includes(quote)) openQuote = quote;
        continue;
      }
    }
    const indent = line.slice(0, position);
    if (flowDepth === 0 && indent.includes('\t')) slips.push({ kind: 'tab-indent', start: offset, end: offset + position, indent });
    else if (flowDepth === 0 && indent.includes('\u3000')) slips.push({ kind: 'ideographic-indent', start: offset, end: offset + position, indent });

    const at = (index: number) => offset + index;
    /** Checks a key at `index` for a slip after it; returns where its value starts, or -1 when no key is there. */
    const afterKey = (index: number): number => {
      KEY_AT.lastIndex = index;
      const key = KEY_AT.exec(line);
      if (!key) return -1;
      let next = index + key[0].length;
      while (line.charCodeAt(next) === 32) next += 1;
      const code = line.charCodeAt(next);
      if (code === 0xff1a) {
        // `：` becomes `:`, and a space follows it unless one (or the line's end) already does.
        const follow = line.charCodeAt(next + 1);
        const end = follow === 0x3000 ? next + 2 : next + 1;
        const newText = follow === 32 || next + 1 === line.length ? ':' : ': ';
        slips.push({ kind: 'fullwidth-colon', start: at(next), end: at(next + 1), key: key[0], edit: { start: at(next), end: at(end), newText } });
        return end;
      }
      if (code === 58 && line.charCodeAt(next + 1) === 0x3000) {
        slips.push({ kind: 'ideographic-separator', start: at(next + 1), end: at(next + 2), key: key[0], edit: { start: at(next + 1), end: at(next + 2), newText: ' ' } });
        return next + 2;
      }
      if (code === 58 && (next + 1 === line.length || isBlank(line.charCodeAt(next + 1)))) return next + 1;
      return -1;
    };

    // Sequence dashes, then a key, then the value: the block structure of one line.
    while (line.charCodeAt(position) === 45 && isBlank(line.charCodeAt(position + 1))) {
      if (line.charCodeAt(position + 1) === 0x3000) {
        slips.push({ kind: 'ideographic-separator', start: at(position + 1), end: at(position + 2), edit: { start: at(position + 1), end: at(position + 2), newText: ' ' } });
      }
      position += 1;
      while (isBlank(line.charCodeAt(position))) position += 1;
    }
    const depthAtStart = flowDepth;
    if (flowDepth === 0) {
      const value = afterKey(position);
      if (value !== -1) position = value;
      if (BLOCK_HEADER.test(line.slice(position))) {
        blockParentIndent = spaces;
        continue;
      }
    }

    // The rest of the line: quotes, comments and flow collections.
    let valueStart = true;
    let contentUntil = line.length;
    const opened: number[] = [];
    for (let index = position; index < line.length; index += 1) {
      const code = line.charCodeAt(index);
      if (isBlank(code)) continue;
      if (code === 35 && (index === 0 || isBlank(line.charCodeAt(index - 1)))) {
        contentUntil = index;
        break;
      }
      if ((code === 34 || code === 39) && valueStart) {
        const close = closingQuote(line, index);
        if (close === -1) {
          if (options.parseFailed) {
            // The closing quote goes before a trailing ` # comment` and any closing brackets.
            const comment = line.indexOf(' #', index);
            let end = contentEnd(line, index + 1, comment === -1 ? line.length : comment);
            while (flowDepth > 0 && end > index + 1 && /[\]}\s]/.test(line[end - 1] as string)) end -= 1;
            const quote = line[index] as string;
            pending = { slip: { kind: 'unclosed-quote', start: at(index), end: at(index + 1), edit: { start: at(end), end: at(end), newText: quote } }, indent: spaces, quote };
          }
          contentUntil = -1;
          break;
        }
        index = close - 1;
        valueStart = false;
        continue;
      }
      if ((code === 91 || code === 123) && (valueStart || flowDepth > 0)) {
        flowDepth += 1;
        opened.push(index);
        valueStart = true;
        if (code === 123) {
          let next = index + 1;
          while (isBlank(line.charCodeAt(next))) next += 1;
          const value = afterKey(next);
          if (value !== -1) index = value - 1;
        }
        continue;
      }
      if ((code === 93 || code === 125) && flowDepth > 0) {
        flowDepth -= 1;
        opened.pop();
        valueStart = false;
        continue;
      }
      if ((code === 44 || code === 0xff0c) && flowDepth > 0) {
        let next = index + 1;
        while (isBlank(line.charCodeAt(next))) next += 1;
        const value = afterKey(next);
        if (code === 0xff0c && value !== -1) {
          slips.push({ kind: 'fullwidth-comma', start: at(index), end: at(index + 1), edit: { start: at(index), end: at(index + 1), newText: ',' } });
        }
        if (code === 0xff0c && value === -1) {
          valueStart = false;
          continue;
        }
        valueStart = true;
        if (value !== -1) index = value - 1;
        continue;
      }
      if (code === 58 && flowDepth > 0 && isBlank(line.charCodeAt(index + 1))) {
        valueStart = true;
        continue;
      }
      valueStart = false;
    }
    // A flow collection that starts on this line and stays open is judged by the next line.
    const first = opened[0];
    if (options.parseFailed && contentUntil !== -1 && depthAtStart === 0 && first !== undefined && flowDepth === opened.length) {
      const end = contentEnd(line, first + 1, contentUntil);
      const closers = opened.map((index) => CLOSER[line[index] as string]).reverse().join('');
      pending = { slip: { kind: 'unclosed-bracket', start: at(first), end: at(first + 1), edit: { start: at(end), end: at(end), newText: closers } }, indent: spaces };
    }
  }
  if (pending) slips.push(pending.slip);
  return slips.sort((a, b) => a.start - b.start);
}

/** The edit that replaces an indentation slip's tabs and full-width spaces with spaces. */
export function indentEdit(slip: KeyboardSlip, tabWidth: number, ideographicWidth: number): TextEdit {
  const newText = (slip.indent ?? '').replace(/\t/g, ' '.repeat(tabWidth)).replace(/\u3000/g, ' '.repeat(ideographicWidth));
  return { start: slip.start, end: slip.end, newText };
}

/** Applies edits (sorted, not overlapping) to a text. */
export function applyEdits(original: string, edits: readonly TextEdit[]): string {
  let out = '';
  let cursor = 0;
  for (const edit of edits) {
    out += original.slice(cursor, edit.start) + edit.newText;
    cursor = edit.end;
  }
  return out + original.slice(cursor);
}

/** Maps an offset of the edited text back to the original text (inside an edit: its start). */
export function originalOffset(edits: readonly TextEdit[], offset: number): number {
  let delta = 0;
  for (const edit of edits) {
    const newStart = edit.start + delta;
    if (offset < newStart) break;
    if (offset < newStart + edit.newText.length) return edit.start;
    delta += edit.newText.length - (edit.end - edit.start);
  }
  return offset - delta;
}

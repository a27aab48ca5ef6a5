import type { SourceSpan } from '../diagnostics';

/**
 * A text file of the workspace with its line index, so any UTF-16 offset becomes a 1-based
 * line and column in O(log n).
 */
export class SourceFile {
  readonly path: string;
  readonly text: string;
  private lineStarts: number[] | undefined;

  constructor(path: string, text: string) {
    this.path = path;
    this.text = text;
  }

  /** Offsets where each line starts, computed on first use. */
  private starts(): number[] {
    if (!this.lineStarts) {
      // YAML breaks lines at LF, CRLF and a lone CR; so do positions here.
      const starts = [0];
      const { text } = this;
      const hasLoneCr = text.includes('\r') && /\r(?!\n)/.test(text);
      if (hasLoneCr) {
        for (let index = 0; index < text.length; index += 1) {
          const code = text.charCodeAt(index);
          if (code === 10 || (code === 13 && text.charCodeAt(index + 1) !== 10)) starts.push(index + 1);
        }
      } else {
        for (let index = text.indexOf('\n'); index !== -1; index = text.indexOf('\n', index + 1)) starts.push(index + 1);
      }
      this.lineStarts = starts;
    }
    return this.lineStarts;
  }

  /** 1-based line and column of an offset. */
  position(offset: number): { line: number; column: number } {
    const starts = this.starts();
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if ((starts[mid] ?? 0) <= clamped) low = mid;
      else high = mid - 1;
    }
    return { line: low + 1, column: clamped - (starts[low] ?? 0) + 1 };
  }

  /** The span between two offsets; an empty range is widened to one character so it shows. */
  span(start: number, end: number): SourceSpan {
    const from = this.position(start);
    // A span never ends on a line break: that would run past the end of its line.
    let last = end;
    while (last > start && (this.text[last - 1] === '\n' || this.text[last - 1] === '\r')) last -= 1;
    const atText = start < this.text.length && this.text[start] !== '\n' && this.text[start] !== '\r';
    const to = this.position(Math.max(last, start + (atText ? 1 : 0)));
    return { line: from.line, column: from.column, endLine: to.line, endColumn: to.column };
  }

  /** The text of a 1-based line, without its line break. */
  lineText(line: number): string {
    const starts = this.starts();
    const start = starts[line - 1];
    if (start === undefined) return '';
    const next = starts[line];
    const end = next === undefined ? this.text.length : next;
    return this.text.slice(start, end).replace(/(\r\n|\r|\n)$/, '');
  }

  /** Number of lines. */
  get lineCount(): number {
    return this.starts().length;
  }
}

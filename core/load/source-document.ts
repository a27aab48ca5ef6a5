/*
 * What the rest of core needs from a playbook document's source: its file, its place in the
 * file, and a way from a data path back to a source range. YamlDocument answers from the `yaml`
 * parser (the loader, the CLI, the language server); a deployment bundle opened in a Lambda
 * answers from a line index (functions/sync/open-bundle.ts), so the handlers carry no YAML parser.
 */
import type { SourceSpan } from '../diagnostics';
import type { SourceFile } from './source-file';

export type PathSegment = string | number;
export type SpanPart = 'key' | 'value' | 'entry';

export interface SourceDocument {
  readonly file: SourceFile;
  /** 0-based index among the file's non-empty documents (documents separated by `---`). */
  readonly index: number;
  /** Offsets of a path: `key` underlines the key, `value` the value, `entry` both. */
  offsets(path: readonly PathSegment[], part?: SpanPart): { start: number; end: number };
  /** The source span of a path. */
  span(path: readonly PathSegment[], part?: SpanPart): SourceSpan;
  /**
   * Source offsets of the text `value.slice(start, end)` inside the scalar at `path`; undefined
   * when the source spells it differently (escapes, folding) or the document cannot tell.
   */
  locateInScalar(path: readonly PathSegment[], value: string, start: number, end: number): { start: number; end: number } | undefined;
}

/** Severity of a diagnostic: errors block a deploy, warnings and info do not. */
export type Severity = 'error' | 'warning' | 'info';

/** Supported output languages for user-facing text. */
export type Lang = 'en' | 'zh-CN';

/** A user-facing message in every supported language. */
export interface LocalizedText {
  readonly en: string;
  readonly zh: string;
}

/** Builds a LocalizedText from an English and a Simplified Chinese string. */
export function text(en: string, zh: string): LocalizedText {
  return { en, zh };
}

/** Picks the string for a language. */
export function localize(message: LocalizedText, lang: Lang): string {
  return lang === 'zh-CN' ? message.zh : message.en;
}

/**
 * A span in a file. Lines and columns are 1-based; columns count UTF-16 code units (as LSP
 * and JavaScript strings do); the end is exclusive (the column just after the last character).
 */
export interface SourceSpan {
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
}

/** A replacement the editor can apply as a quick fix. */
export interface SuggestedFix {
  readonly title: LocalizedText;
  readonly span: SourceSpan;
  readonly newText: string;
}

/** Another place that explains a diagnostic (the first definition of a duplicate id, say). */
export interface RelatedLocation {
  readonly file: string;
  readonly span: SourceSpan;
  readonly message: LocalizedText;
}

/** One problem found in a playbook workspace. `file` is relative to the workspace folder's parent-free root, with `/` separators. */
export interface Diagnostic extends SourceSpan {
  readonly file: string;
  readonly severity: Severity;
  /** Stable code `flywheel/<rule>`: what suppression comments and editors key on. */
  readonly code: string;
  readonly message: LocalizedText;
  readonly related?: readonly RelatedLocation[];
  readonly fixes?: readonly SuggestedFix[];
  /** URL of the page that states the rule (a platform's own docs): an editor links it, the CLI prints it after the message. */
  readonly href?: string;
}

/** Orders diagnostics by file, then position, then code, so output is stable. */
export function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  return a.line - b.line || a.column - b.column || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);
}

/**
 * Shows a user-supplied value inside a message. Never throws, whatever the YAML held (an object
 * whose `toString` is not a function makes String() throw), and keeps long values short.
 */
export function displayValue(value: unknown): string {
  let shown: string;
  if (typeof value === 'string') shown = value;
  else if (value === null || typeof value !== 'object') shown = String(value);
  else {
    try {
      shown = JSON.stringify(value) ?? Object.prototype.toString.call(value);
    } catch {
      shown = Object.prototype.toString.call(value);
    }
  }
  return shown.length > 80 ? `${shown.slice(0, 77)}...` : shown;
}

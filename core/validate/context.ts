import { Buffer } from 'node:buffer';
import { text, type Diagnostic, type LocalizedText, type RelatedLocation, type Severity, type SuggestedFix } from '../diagnostics';
import type { PlaybookEntry, WorkspaceModel } from '../load/index';
import type { PathSegment, SourceDocument, SpanPart } from '../load/source-document';
import { resolveWorkspacePath } from './workspace-paths';

/** Reads a file of the workspace (path relative to the workspace folder, `/` separators); undefined when absent. */
export interface FileProvider {
  readFile(path: string): Uint8Array | undefined;
  /** Whether a file exists, without reading it (videos are large); defaults to reading it. */
  exists?(path: string): boolean;
  /** Whether the path is a link (or goes through one) to somewhere outside the workspace folder; such files are never read. */
  leavesWorkspace?(path: string): boolean;
}


export interface ReportOptions {
  readonly related?: readonly RelatedLocation[];
  readonly fixes?: readonly SuggestedFix[];
  readonly href?: string;
}

/** What a rule sees: the loaded model, the workspace settings, and a way to report. */
export class RuleContext {
  readonly diagnostics: Diagnostic[] = [];
  /** The single Workspace document, when there is exactly one valid one. */
  readonly workspace: PlaybookEntry<'Workspace'> | undefined;
  /** The workspace time zone; UTC until a Workspace says otherwise. */
  readonly timezone: string;

  private readonly fileCache = new Map<string, Uint8Array | undefined>();
  private readonly textCache = new Map<string, string | undefined>();
  private readonly existsCache = new Map<string, boolean>();
  private readonly resolved = new Map<string, Map<string, string | undefined>>();

  /** `workspaces`: the Workspace documents whose settings apply, when the model holds only part of the workspace. */
  constructor(readonly model: WorkspaceModel, readonly files: FileProvider, workspaces: readonly PlaybookEntry<'Workspace'>[] = model.workspaces) {
    this.workspace = workspaces.length === 1 ? workspaces[0] : undefined;
    this.timezone = this.workspace?.value.spec.timezone ?? 'UTC';
  }

  /** Reads a workspace file once per validation (several rules look at the same body file). */
  readFile(path: string): Uint8Array | undefined {
    if (!this.fileCache.has(path)) this.fileCache.set(path, this.files.readFile(path));
    return this.fileCache.get(path);
  }

  /** Reads a workspace file as UTF-8 text once per validation (a BOM is dropped). */
  readText(path: string): string | undefined {
    if (!this.textCache.has(path)) {
      const bytes = this.readFile(path);
      const decoded = bytes === undefined ? undefined : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
      this.textCache.set(path, decoded?.charCodeAt(0) === 0xfeff ? decoded.slice(1) : decoded);
    }
    return this.textCache.get(path);
  }

  /** Whether a workspace file exists, reading it only when the provider cannot tell otherwise. */
  fileExists(path: string): boolean {
    if (this.fileCache.has(path)) return this.fileCache.get(path) !== undefined;
    let exists = this.existsCache.get(path);
    if (exists === undefined) {
      exists = this.files.exists ? this.files.exists(path) : this.readFile(path) !== undefined;
      this.existsCache.set(path, exists);
    }
    return exists;
  }

  /** Resolves a `file:` reference of a playbook to a workspace path (see resolveWorkspacePath), once per validation. */
  resolveFile(playbookFile: string, reference: string): string | undefined {
    let byReference = this.resolved.get(playbookFile);
    if (!byReference) {
      byReference = new Map();
      this.resolved.set(playbookFile, byReference);
    }
    if (!byReference.has(reference)) byReference.set(reference, resolveWorkspacePath(playbookFile, reference));
    return byReference.get(reference);
  }

  /** Reports a problem at `owner` (an object of `entry`) or a field below it. */
  report(entry: PlaybookEntry, owner: object, field: readonly PathSegment[], part: SpanPart, severity: Severity, code: string, message: LocalizedText, options: ReportOptions = {}): void {
    this.reportAt(entry.document, [...entry.pathOf(owner), ...field], part, severity, code, message, options);
  }

  /** Reports a problem at a data path of a document. */
  reportAt(document: SourceDocument, path: readonly PathSegment[], part: SpanPart, severity: Severity, code: string, message: LocalizedText, options: ReportOptions = {}): void {
    this.diagnostics.push({ file: document.file.path, ...document.span(path, part), severity, code, message, ...options });
  }

  /** Reports a problem at explicit offsets of a file (for text inside a value or in a body file). */
  reportOffsets(file: string, span: { line: number; column: number; endLine: number; endColumn: number }, severity: Severity, code: string, message: LocalizedText, options: ReportOptions = {}): void {
    this.diagnostics.push({ file, ...span, severity, code, message, ...options });
  }

  /** A quick fix replacing the value at a path. */
  replaceFix(document: SourceDocument, path: readonly PathSegment[], newText: string, part: SpanPart = 'value'): SuggestedFix {
    return { title: text(`Change to "${newText}"`, `改为 "${newText}"`), span: document.span(path, part), newText };
  }
}

/** One semantic rule: a stable code and a check over the whole model. */
export interface Rule {
  readonly code: string;
  check(context: RuleContext): void;
}

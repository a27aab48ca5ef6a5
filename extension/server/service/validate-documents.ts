import { localize, validateWorkspace, type Diagnostic, type FileProvider, type InputFile, type Lang, type ParseCache, type ValidationResult, type WorkspaceModel } from '../../../core/index';
import { DiagnosticSeverity, type Diagnostic as LspDiagnostic } from 'vscode-languageserver-types';
import type { FixData } from './code-actions';
import { toRange } from './definition';

/** What one validation pass yields: LSP diagnostics per workspace-relative path, and the model for the other features. */
export interface DocumentValidation {
  /** Every playbook file of the workspace, with an empty list when it has no problems (so stale ones get cleared). */
  readonly diagnostics: ReadonlyMap<string, LspDiagnostic[]>;
  readonly model: WorkspaceModel;
}

/** How validation reaches beyond the documents: other files, URIs of workspace paths, files parsed last time. */
export interface ValidateOptions {
  readonly files: FileProvider;
  readonly lang: Lang;
  /** The URI of a workspace path, for related information (the first definition of a duplicate). */
  readonly uriOf?: (path: string) => string;
  /** Parsed files kept between passes, so only changed files are parsed again. */
  readonly parseCache?: ParseCache;
  /** Validates the merged files in place of a full validateWorkspace (the incremental validator; see incremental-documents.ts). */
  readonly validate?: (inputs: readonly InputFile[], files: FileProvider) => ValidationResult;
}

const SEVERITIES: Record<Diagnostic['severity'], DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
};

/**
 * Converts a core diagnostic (1-based, end exclusive) into an LSP one (0-based, end exclusive),
 * with its related places and its quick fixes (in `data`, for code actions).
 */
export function toLspDiagnostic(diagnostic: Diagnostic, lang: Lang, uriOf?: (path: string) => string): LspDiagnostic {
  const fixes: FixData[] = (diagnostic.fixes ?? []).map((fix) => ({ title: localize(fix.title, lang), range: toRange(fix.span), newText: fix.newText }));
  return {
    range: toRange(diagnostic),
    severity: SEVERITIES[diagnostic.severity],
    code: diagnostic.code,
    source: 'flywheel',
    // The rule's source page opens from the code, and stays out of the message (which leads with the fix).
    ...(diagnostic.href ? { codeDescription: { href: diagnostic.href } } : {}),
    message: localize(diagnostic.message, lang),
    ...(uriOf && diagnostic.related && diagnostic.related.length > 0
      ? { relatedInformation: diagnostic.related.map((related) => ({ location: { uri: uriOf(related.file), range: toRange(related.span) }, message: localize(related.message, lang) })) }
      : {}),
    ...(fixes.length > 0 ? { data: { fixes } } : {}),
  };
}

/**
 * Validates the workspace as the editor sees it: files on disk, with the text of open documents
 * taking the place of what is saved. Reading the disk is the caller's job, so this stays pure.
 */
export function validateDocuments(diskFiles: readonly InputFile[], openDocuments: ReadonlyMap<string, string>, options: ValidateOptions): DocumentValidation {
  const encoder = new TextEncoder();
  const inputs = new Map<string, InputFile>(diskFiles.map((file) => [file.path, file]));
  for (const [path, text] of openDocuments) {
    // A playbook that links out of the workspace stays refused unread, even while open in the editor.
    if (inputs.get(path)?.outsideWorkspace) continue;
    inputs.set(path, { path, bytes: encoder.encode(text) });
  }
  const { model, diagnostics } = options.validate
    ? options.validate([...inputs.values()], options.files)
    : validateWorkspace([...inputs.values()], options.files, options.parseCache ? { parseCache: options.parseCache } : {});
  // Open documents first: what the user is editing is published before the rest of the workspace.
  const byFile = new Map<string, LspDiagnostic[]>([...openDocuments.keys(), ...inputs.keys()].filter((path) => inputs.has(path)).map((path) => [path, []]));
  for (const diagnostic of diagnostics) {
    const list = byFile.get(diagnostic.file) ?? [];
    list.push(toLspDiagnostic(diagnostic, options.lang, options.uriOf));
    byFile.set(diagnostic.file, list);
  }
  return { diagnostics: byFile, model };
}

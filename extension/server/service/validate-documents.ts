import { localize, validateWorkspace, type Diagnostic, type FileProvider, type InputFile, type Lang, type WorkspaceModel } from '../../../core/index';
import { DiagnosticSeverity, type Diagnostic as LspDiagnostic } from 'vscode-languageserver-types';

/** What one validation pass yields: LSP diagnostics per workspace-relative path, and the model for hover and completion. */
export interface DocumentValidation {
  /** Every playbook file of the workspace, with an empty list when it has no problems (so stale ones get cleared). */
  readonly diagnostics: ReadonlyMap<string, LspDiagnostic[]>;
  readonly model: WorkspaceModel;
}

const SEVERITIES: Record<Diagnostic['severity'], DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
};

/** Converts a core diagnostic (1-based, end exclusive) into an LSP one (0-based, end exclusive). */
export function toLspDiagnostic(diagnostic: Diagnostic, lang: Lang): LspDiagnostic {
  return {
    range: {
      start: { line: diagnostic.line - 1, character: diagnostic.column - 1 },
      end: { line: diagnostic.endLine - 1, character: diagnostic.endColumn - 1 },
    },
    severity: SEVERITIES[diagnostic.severity],
    code: diagnostic.code,
    source: 'flywheel',
    message: localize(diagnostic.message, lang),
  };
}

/**
 * Validates the workspace as the editor sees it: files on disk, with the text of open documents
 * taking the place of what is saved. Reading the disk is the caller's job, so this stays pure.
 */
export function validateDocuments(
  diskFiles: readonly InputFile[],
  openDocuments: ReadonlyMap<string, string>,
  files: FileProvider,
  lang: Lang,
): DocumentValidation {
  const encoder = new TextEncoder();
  const inputs = new Map<string, InputFile>(diskFiles.map((file) => [file.path, file]));
  for (const [path, text] of openDocuments) inputs.set(path, { path, bytes: encoder.encode(text) });
  const { model, diagnostics } = validateWorkspace([...inputs.values()], files);
  const byFile = new Map<string, LspDiagnostic[]>([...inputs.keys()].map((path) => [path, []]));
  for (const diagnostic of diagnostics) {
    const list = byFile.get(diagnostic.file) ?? [];
    list.push(toLspDiagnostic(diagnostic, lang));
    byFile.set(diagnostic.file, list);
  }
  return { diagnostics: byFile, model };
}

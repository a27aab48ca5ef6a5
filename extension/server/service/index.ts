export { validateDocuments, toLspDiagnostic, type DocumentValidation, type ValidateOptions } from './validate-documents';
export { hover, type HoverOptions } from './hover';
export { complete, type CompletionOptions } from './completion';
export { findDefinition, findReferences, toRange, type WorkspaceLocation } from './definition';
export { documentSymbols } from './symbols';
export { codeLenses, type CodeLensOptions } from './code-lens';
export { codeActions, type FixData } from './code-actions';
export { readKeyResultStatus, type KeyResultStatusMap } from './status-report';
export { preloadSchema } from './schema-docs';

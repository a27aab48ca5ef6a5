export { validateDocuments, toLspDiagnostic, type DocumentValidation } from './validate-documents';
export { hover, type HoverOptions } from './hover';
export { complete } from './complete';

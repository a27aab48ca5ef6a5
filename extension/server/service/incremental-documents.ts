import { IncrementalValidator, type InputFile } from '../../../core/index';
import { validateDocuments, type DocumentValidation, type ValidateOptions } from './validate-documents';

/** Validates the documents as validateDocuments does, keeping the work of unchanged files between passes. */
export type DocumentValidator = (diskFiles: readonly InputFile[], openDocuments: ReadonlyMap<string, string>, options: ValidateOptions) => DocumentValidation;

/**
 * A validator for one language server: each file's parse and per-file rule results are kept while
 * its bytes stay the same (core/validate/incremental.ts). The caller reads the disk again when it may
 * have changed; a new list of disk files also means bodies and media may have changed, so the
 * per-file rule results (which read them) are computed again.
 */
export function createDocumentValidator(): DocumentValidator {
  const incremental = new IncrementalValidator();
  let lastDisk: readonly InputFile[] | undefined;
  return (diskFiles, openDocuments, options) => {
    if (lastDisk !== undefined && diskFiles !== lastDisk) incremental.filesChanged();
    lastDisk = diskFiles;
    return validateDocuments(diskFiles, openDocuments, { ...options, validate: (inputs, files) => incremental.validate(inputs, files) });
  };
}

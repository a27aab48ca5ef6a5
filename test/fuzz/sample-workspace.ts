import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { readPlaybookFolder, type FileProvider, type InputFile } from '../../core/index';

/** The sample workspace held in memory, so thousands of cases never touch the disk. */
export interface SampleWorkspace {
  /** Playbook files, as the loader is handed them. */
  readonly playbooks: readonly InputFile[];
  /** Every file of the folder (content, media, ...) by workspace-relative path. */
  readonly allFiles: ReadonlyMap<string, Uint8Array>;
}

/** A FileProvider over in-memory files that remembers what it served (rules may report into those files). */
export interface RecordingProvider extends FileProvider {
  readonly served: Map<string, Uint8Array>;
}

function walkFiles(root: string, folder: string, into: Map<string, Uint8Array>): void {
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const full = join(folder, entry.name);
    if (entry.isDirectory()) walkFiles(root, full, into);
    else if (entry.isFile()) into.set(relative(root, full).split(sep).join('/'), readFileSync(full));
  }
}

/** Reads a workspace folder into memory once. */
export function loadSampleWorkspace(root: string): SampleWorkspace {
  const allFiles = new Map<string, Uint8Array>();
  walkFiles(root, root, allFiles);
  return { playbooks: readPlaybookFolder(root), allFiles };
}

/** Serves files from memory; what a rule reads is recorded so its diagnostics can be range-checked too. */
export function recordingProvider(files: ReadonlyMap<string, Uint8Array>): RecordingProvider {
  const served = new Map<string, Uint8Array>();
  const serve = (path: string) => {
    const bytes = files.get(path);
    if (bytes !== undefined) served.set(path, bytes);
    return bytes;
  };
  return { served, readFile: serve, exists: (path) => serve(path) !== undefined };
}

/** Replaces (or adds) files of a workspace by path, keeping the rest. */
export function withFiles(base: readonly InputFile[], replacements: readonly InputFile[]): InputFile[] {
  const byPath = new Map(base.map((file) => [file.path, file]));
  for (const file of replacements) byPath.set(file.path, file);
  return [...byPath.values()];
}

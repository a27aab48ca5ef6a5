import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import type { InputFile } from '../load/index';
import type { FileProvider } from '../validate/index';
import { MAX_FILE_BYTES } from '../load/parse-file';

const PLAYBOOK_FILE = /\.ya?ml$/i;
const SKIPPED_FOLDERS = new Set(['node_modules', '.git', '.flywheel', 'outbox', 'cdk.out']);

/** Lists playbook files under a folder, recursively, skipping dot-folders and tool output. */
export function listPlaybookFiles(root: string): string[] {
  const found: string[] = [];
  const stack = [resolve(root)];
  while (stack.length > 0) {
    const folder = stack.pop() as string;
    let names: import('node:fs').Dirent[];
    try {
      names = readdirSync(folder, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const entry of names) {
      const full = join(folder, entry.name);
      if (entry.isDirectory()) {
        if (!entry.name.startsWith('.') && !SKIPPED_FOLDERS.has(entry.name)) stack.push(full);
      } else if ((entry.isFile() || entry.isSymbolicLink()) && PLAYBOOK_FILE.test(entry.name)) {
        found.push(full);
      }
    }
  }
  return found.sort();
}

/** Converts an absolute path under root into the workspace-relative form with `/`. */
export function toWorkspacePath(root: string, file: string): string {
  return relative(resolve(root), file).split(sep).join('/');
}

/** Reads every playbook file of a folder as loader input. Oversized files are not read whole. */
export function readPlaybookFolder(root: string): InputFile[] {
  return listPlaybookFiles(root).map((file) => {
    const path = toWorkspacePath(root, file);
    try {
      const size = statSync(file).size;
      // Only the size matters for an oversized file; reading 1 byte past the limit is enough to refuse it.
      if (size > MAX_FILE_BYTES) return { path, bytes: new Uint8Array(size) };
      return { path, bytes: readFileSync(file) };
    } catch {
      return { path, bytes: new Uint8Array(0) };
    }
  });
}

/** A FileProvider over a folder on disk: reads only regular files inside it. */
export function folderFileProvider(root: string): FileProvider {
  const base = resolve(root);
  const inside = (path: string): string | undefined => {
    const full = resolve(base, path);
    return full !== base && full.startsWith(base + sep) ? full : undefined;
  };
  return {
    exists(path) {
      const full = inside(path);
      if (full === undefined) return false;
      try {
        return statSync(full).isFile();
      } catch {
        return false;
      }
    },
    readFile(path) {
      const full = resolve(base, path);
      if (full !== base && !full.startsWith(base + sep)) return undefined;
      try {
        if (!statSync(full).isFile()) return undefined;
        return readFileSync(full);
      } catch {
        return undefined;
      }
    },
  };
}

import { readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
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

/**
 * Where a workspace path really is once links are followed: `inside` with the real path when it
 * stays in the workspace folder (itself taken by its real path), `outside` when the path or a link
 * on the way leads out of it, `missing` when nothing is there. Files are read only through this,
 * so a link in the playbooks cannot hand out a file from elsewhere on the machine.
 */
export function locateInWorkspace(root: string, path: string): { readonly inside: string } | 'outside' | 'missing' {
  const base = resolve(root);
  const full = resolve(base, path);
  if (full === base || !full.startsWith(base + sep)) return 'outside';
  let real: string;
  let realBase: string;
  try {
    realBase = realpathSync(base);
    real = realpathSync(full);
  } catch {
    return 'missing';
  }
  return real !== realBase && real.startsWith(realBase + sep) ? { inside: real } : 'outside';
}

/** Reads every playbook file of a folder as loader input. Oversized files are not read whole; a link to a file outside the folder is refused unread. */
export function readPlaybookFolder(root: string): InputFile[] {
  return listPlaybookFiles(root).map((file) => {
    const path = toWorkspacePath(root, file);
    const located = locateInWorkspace(root, path);
    if (located === 'outside') return { path, bytes: new Uint8Array(0), outsideWorkspace: true };
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

/** A FileProvider over a folder on disk: reads only regular files whose real path is inside it. */
export function folderFileProvider(root: string): FileProvider {
  const inside = (path: string): string | undefined => {
    const located = locateInWorkspace(root, path);
    if (typeof located !== 'object') return undefined;
    try {
      return statSync(located.inside).isFile() ? located.inside : undefined;
    } catch {
      return undefined;
    }
  };
  return {
    exists: (path) => inside(path) !== undefined,
    leavesWorkspace: (path) => locateInWorkspace(root, path) === 'outside',
    readFile(path) {
      const full = inside(path);
      if (full === undefined) return undefined;
      try {
        return readFileSync(full);
      } catch {
        return undefined;
      }
    },
  };
}

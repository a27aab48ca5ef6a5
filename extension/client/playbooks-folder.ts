/* Where the playbooks are: pure apart from looking at the disk, so it is tested without VS Code. */
import { existsSync, statSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';

const isFolder = (path: string) => existsSync(path) && statSync(path).isDirectory();

/**
 * The playbooks folder: `flywheel.playbooksPath` (relative to the workspace folder) when set;
 * otherwise `playbooks/` when the workspace has one, else the workspace folder itself.
 */
export function resolvePlaybooksDir(root: string | undefined, configured: string): string | undefined {
  if (configured) return isAbsolute(configured) ? configured : root === undefined ? undefined : join(root, configured);
  if (root === undefined) return undefined;
  return isFolder(join(root, 'playbooks')) ? join(root, 'playbooks') : root;
}

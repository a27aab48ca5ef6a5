import { join } from 'node:path';

/**
 * Where the local mode keeps a workspace's state: `.flywheel/` inside the workspace folder, so two
 * workspaces never share one, wherever their folders are (docs/decisions.md, decision 10).
 */
export function stateFolder(workspaceDir: string): string {
  return join(workspaceDir, '.flywheel');
}

/** Where the local mode writes posts to publish by hand and notifications: `outbox/` inside the workspace folder. */
export function outboxFolder(workspaceDir: string): string {
  return join(workspaceDir, 'outbox');
}

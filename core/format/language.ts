import type { Lang } from '../diagnostics';
import type { WorkspaceModel } from '../load/index';

/** The language notifications are sent in: the workspace's `language` (they go to a team chat, not to one CLI user), zh-CN by default. */
export function workspaceLanguage(model: Pick<WorkspaceModel, 'workspaces'>): Lang {
  return model.workspaces[0]?.value.spec.language ?? 'zh-CN';
}

import { existsSync, mkdirSync, realpathSync } from 'node:fs';
import { dirname, join } from 'node:path';
import * as z from 'zod/mini';
import { text, type Job } from '../core/index';
import { outboxFolder, stateFolder } from '../core/node/workspace-layout';
import { LocalStateError, readJsonState, writeJsonState } from './state-files';

export { outboxFolder, stateFolder };

/**
 * The folder earlier versions kept state in (`.flywheel/` beside the workspace folder, shared by
 * every workspace there), when it still holds state; it is no longer read.
 */
export function legacyStateFolder(workspaceDir: string): string | undefined {
  const folder = join(dirname(workspaceDir), '.flywheel');
  return ['deployed-plan.json', 'runner.json', 'dynamodb'].some((name) => existsSync(join(folder, name))) ? folder : undefined;
}

const DeployedPlanSchema = z.object({ jobs: z.array(z.custom<Job>((value) => typeof value === 'object' && value !== null && typeof (value as { id?: unknown }).id === 'string')) });

/** `.flywheel/deployed-plan.json`: the jobs the local runner last deployed. */
export function deployedPlanFile(workspaceDir: string): string {
  return join(stateFolder(workspaceDir), 'deployed-plan.json');
}

/**
 * The jobs last deployed by the local runner (`.flywheel/deployed-plan.json`), or none when
 * nothing was deployed yet. A damaged file, or state of another workspace than `workspace`, is a
 * LocalStateError that says so.
 */
export async function loadDeployedJobs(workspaceDir: string, workspace?: string): Promise<{ jobs: Job[]; source: string }> {
  if (workspace !== undefined) checkStateOwner(workspaceDir, workspace);
  const file = deployedPlanFile(workspaceDir);
  const deployed = readJsonState(file, (value) => DeployedPlanSchema.parse(value), workspaceDir);
  return deployed ? { jobs: deployed.jobs, source: '.flywheel/deployed-plan.json' } : { jobs: [], source: 'empty' };
}

/** Records the jobs the local runner deployed (atomically). */
export function saveDeployedJobs(workspaceDir: string, jobs: readonly Job[]): void {
  writeJsonState(deployedPlanFile(workspaceDir), { jobs });
}

const OwnerSchema = z.object({ workspace: z.string(), folder: z.string(), createdAt: z.string() });
/** Whose state a `.flywheel/` folder holds. */
export type StateOwner = z.infer<typeof OwnerSchema>;

/** `.flywheel/workspace.json`: which workspace (name and folder) the state belongs to. */
export function ownerFile(workspaceDir: string): string {
  return join(stateFolder(workspaceDir), 'workspace.json');
}

/** The workspace a state folder belongs to, as recorded; undefined when none is recorded. */
export function readStateOwner(workspaceDir: string): StateOwner | undefined {
  return readJsonState(ownerFile(workspaceDir), (value) => OwnerSchema.parse(value), workspaceDir);
}

/** Throws when the state folder of `workspaceDir` belongs to another workspace (see claimStateFolder); changes nothing. */
export function checkStateOwner(workspaceDir: string, workspace: string): void {
  const owner = readStateOwner(workspaceDir);
  if (!owner || (owner.workspace === workspace && (owner.folder === realpathSync(workspaceDir) || !existsSync(owner.folder)))) return;
  throw foreignStateError(workspaceDir, workspace, owner);
}

/**
 * Makes sure the state folder of `workspaceDir` exists and belongs to this workspace (its Workspace
 * name and its folder's real path), recording it the first time. State of another workspace (a
 * copied folder, a renamed Workspace) is refused with a message that says whose it is; a workspace
 * folder that moved keeps its state.
 */
export function claimStateFolder(workspaceDir: string, workspace: string): string {
  const folder = stateFolder(workspaceDir);
  mkdirSync(folder, { recursive: true });
  const realFolder = realpathSync(workspaceDir);
  const owner = readStateOwner(workspaceDir);
  if (owner && owner.workspace === workspace && owner.folder === realFolder) return folder;
  const movedHere = owner !== undefined && owner.workspace === workspace && !existsSync(owner.folder);
  if (owner && !movedHere) throw foreignStateError(workspaceDir, workspace, owner);
  writeJsonState(ownerFile(workspaceDir), { workspace, folder: realFolder, createdAt: owner?.createdAt ?? new Date().toISOString() });
  return folder;
}

function foreignStateError(workspaceDir: string, workspace: string, owner: StateOwner): LocalStateError {
  const folder = stateFolder(workspaceDir);
  const repair = `flywheel doctor ${workspaceDir} --repair`;
  return new LocalStateError(text(
    `${folder} holds the state of workspace "${owner.workspace}" (folder ${owner.folder}), not of workspace "${workspace}" (folder ${realpathSync(workspaceDir)}). `
      + `It is not used, so "${workspace}" cannot see or remove its jobs. Run Flywheel in ${owner.folder} for that workspace; to give "${workspace}" a state of its own here, run \`${repair}\` (it moves the other state aside).`,
    `${folder} 保存的是工作区“${owner.workspace}”（目录 ${owner.folder}）的状态，不属于工作区“${workspace}”（目录 ${realpathSync(workspaceDir)}）。`
      + `该状态不会被使用，“${workspace}”不会看到或删除其中的任务。请在 ${owner.folder} 中运行该工作区；如要让“${workspace}”在此使用自己的状态，请运行 \`${repair}\`（会把另一个工作区的状态移到一旁）。`,
  ));
}

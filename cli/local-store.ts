import { setTimeout as delay } from 'node:timers/promises';
import { existsSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import { ListTablesCommand } from '@aws-sdk/client-dynamodb';
import * as z from 'zod/mini';
import { loadWorkspace, readPlaybookFolder, text } from '../core/index';
import { checkEngineFolder, createLocalClients, createTable, FlywheelStore, startEmbeddedEngine } from '../functions/store/index';
import { claimStateFolder, stateFolder } from './deployed-state';
import { LocalStateError, damagedFileError, readJsonState, writeJsonState } from './state-files';
import { acquireWorkspaceLock, currentHolder } from './workspace-lock';

export const LOCAL_TABLE = 'flywheel';

/** The local store of a workspace, and how to let go of it. */
export interface LocalStore {
  readonly store: FlywheelStore;
  readonly endpoint: string;
  /** True when this process started the engine (and so holds the workspace's lock and .flywheel/engine.json). */
  readonly owner: boolean;
  close(): Promise<void>;
}

/** Which workspace a folder holds and the zone its times are shown in. */
export interface WorkspaceIdentity {
  readonly workspace: string;
  readonly timezone: string;
}

/** How a command opens the local store. */
export interface OpenLocalStoreOptions {
  /** The command, recorded in the lock so a refused one can say who holds the workspace. @default 'status' */
  readonly command?: string;
  /** The workspace's name and zone; read from the folder when absent. */
  readonly identity?: WorkspaceIdentity;
  /** `flywheel run`: never share a running engine, refuse at once when the workspace is held. @default false */
  readonly exclusive?: boolean;
}

const EngineFileSchema = z.object({ endpoint: z.string(), pid: z.int() });
type EngineFile = z.infer<typeof EngineFileSchema>;

/** How long a short command waits for another one (or a runner starting up) to finish with the workspace. */
const WAIT_FOR_HOLDER_MS = 15_000;

/** The Workspace name and zone of a folder, read from its playbooks (the folder's name when it has none). */
export function readWorkspaceIdentity(workspaceDir: string): WorkspaceIdentity {
  const spec = loadWorkspace(readPlaybookFolder(workspaceDir)).model.workspaces[0]?.value;
  return { workspace: spec?.metadata.name ?? basename(workspaceDir), timezone: spec?.spec.timezone ?? 'UTC' };
}

/** The engine a running `flywheel run` serves, if one does: its LevelDB folder can have only one owner. */
export async function findRunningEngine(workspaceDir: string): Promise<EngineFile | undefined> {
  const state = stateFolder(workspaceDir);
  const holder = currentHolder(state, workspaceDir);
  if (!holder || holder.pid === process.pid) return undefined;
  const engine = readJsonState(join(state, 'engine.json'), (value) => EngineFileSchema.parse(value), workspaceDir);
  if (!engine || engine.pid !== holder.pid) return undefined;
  const { client } = createLocalClients(engine.endpoint);
  try {
    await client.send(new ListTablesCommand({}));
    return engine;
  } catch {
    return undefined;
  } finally {
    client.destroy();
  }
}


/**
 * Opens the local store of a workspace (`<workspace>/.flywheel/`): through the engine of a running
 * `flywheel run` when there is one, else by taking the workspace's lock and starting the embedded
 * engine on its data, after checking that data is whole. State of another workspace, a damaged
 * engine folder or a workspace held by someone else is a LocalStateError that says so.
 */
export async function openLocalStore(workspaceDir: string, options: OpenLocalStoreOptions = {}): Promise<LocalStore> {
  const identity = options.identity ?? readWorkspaceIdentity(workspaceDir);
  const state = claimStateFolder(workspaceDir, identity.workspace);
  const command = options.command ?? 'status';
  let lock;
  for (let waited = 0; ; waited += 250) {
    const running = options.exclusive ? undefined : await findRunningEngine(workspaceDir);
    if (running) {
      const { client, documentClient } = createLocalClients(running.endpoint);
      return { store: new FlywheelStore({ client: documentClient, tableName: LOCAL_TABLE }), endpoint: running.endpoint, owner: false, close: async () => client.destroy() };
    }
    try {
      lock = acquireWorkspaceLock(state, command, workspaceDir, identity.timezone);
      break;
    } catch (error) {
      // A runner starting up (its engine not yet serving) or a short command (status, doctor): wait a little.
      // A runner never waits for another runner: it is refused at once.
      const holder = currentHolder(state, workspaceDir);
      const passing = holder !== undefined && !(options.exclusive && holder.command === 'run');
      if (!passing || waited >= WAIT_FOR_HOLDER_MS) throw error;
      await delay(250);
    }
  }
  const engineFile = join(state, 'engine.json');
  try {
    const dataFolder = join(state, 'dynamodb');
    const problem = await checkEngineFolder(dataFolder);
    if (problem?.busy) {
      throw new LocalStateError(text(`${problem.file}: ${problem.problem.en}; stop the other process (an older flywheel run?) and try again.`, `${problem.file}：${problem.problem.zh}；请停止该进程（旧版本的 flywheel run？）后重试。`));
    }
    if (problem) throw damagedFileError(problem.file, problem.problem, workspaceDir);
    const engine = await startEmbeddedEngine({ path: dataFolder });
    const { client, documentClient } = createLocalClients(engine.endpoint);
    try {
      await createTable(client, LOCAL_TABLE);
    } catch (error) {
      client.destroy();
      await engine.stop();
      throw error;
    }
    writeJsonState(engineFile, { endpoint: engine.endpoint, pid: process.pid });
    return {
      store: new FlywheelStore({ client: documentClient, tableName: LOCAL_TABLE }), endpoint: engine.endpoint, owner: true,
      close: async () => {
        client.destroy();
        try {
          await engine.stop();
        } finally {
          if (existsSync(engineFile)) rmSync(engineFile, { force: true });
          lock.release();
        }
      },
    };
  } catch (error) {
    lock.release();
    throw error;
  }
}

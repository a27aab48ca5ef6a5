import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { createLocalClients, createTable, FlywheelStore, startEmbeddedEngine } from '../functions/store/index';
import { stateFolder } from './deployed-state';

export const LOCAL_TABLE = 'flywheel';

/** The local store of a playbooks folder, and how to let go of it. */
export interface LocalStore {
  readonly store: FlywheelStore;
  readonly endpoint: string;
  /** True when this process started the engine (and so owns .flywheel/engine.json). */
  readonly owner: boolean;
  close(): Promise<void>;
}

interface EngineFile {
  readonly endpoint: string;
  readonly pid: number;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The engine a running `flywheel run` serves, if one does: its LevelDB folder can have only one owner. */
export async function findRunningEngine(playbooksDir: string): Promise<EngineFile | undefined> {
  const file = join(stateFolder(playbooksDir), 'engine.json');
  if (!existsSync(file)) return undefined;
  try {
    const engine = JSON.parse(readFileSync(file, 'utf8')) as EngineFile;
    if (engine.pid === process.pid || !isAlive(engine.pid)) return undefined;
    const { client } = createLocalClients(engine.endpoint);
    try {
      await client.send(new ListTablesCommand({}));
    } finally {
      client.destroy();
    }
    return engine;
  } catch {
    return undefined;
  }
}

/**
 * Opens the local store of a playbooks folder (`.flywheel/` beside it): through the engine of a
 * running `flywheel run` when there is one, else by starting the embedded engine on its data.
 */
export async function openLocalStore(playbooksDir: string): Promise<LocalStore> {
  const running = await findRunningEngine(playbooksDir);
  if (running) {
    const { client, documentClient } = createLocalClients(running.endpoint);
    return { store: new FlywheelStore({ client: documentClient, tableName: LOCAL_TABLE }), endpoint: running.endpoint, owner: false, close: async () => client.destroy() };
  }
  const state = stateFolder(playbooksDir);
  mkdirSync(join(state, 'dynamodb'), { recursive: true });
  const engine = await startEmbeddedEngine({ path: join(state, 'dynamodb') });
  const { client, documentClient } = createLocalClients(engine.endpoint);
  try {
    await createTable(client, LOCAL_TABLE);
  } catch (error) {
    client.destroy();
    await engine.stop();
    throw error;
  }
  const engineFile = join(state, 'engine.json');
  writeFileSync(engineFile, `${JSON.stringify({ endpoint: engine.endpoint, pid: process.pid })}\n`);
  return {
    store: new FlywheelStore({ client: documentClient, tableName: LOCAL_TABLE }), endpoint: engine.endpoint, owner: true,
    close: async () => {
      client.destroy();
      await engine.stop();
      rmSync(engineFile, { force: true });
    },
  };
}

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseMetricsCsv } from '../../core/index';
import { createLocalClients, createTable, FlywheelStore, startEmbeddedEngine } from '../../functions/store/index';
import { workspaceMetricFiles } from '../commands/shared';
import { LOCAL_TABLE } from '../local-store';
import type { RepairContext } from './check';

/**
 * Runs `work` against the workspace's embedded store while doctor holds the workspace (its checks
 * ran first, so the data is whole or new). `importMetrics` loads `<dir>/metrics/*.csv` into it, as
 * a run would, and returns how many points it stored.
 */
export async function withRepairStore<T>(context: RepairContext, work: (store: FlywheelStore, importMetrics: () => Promise<number>) => Promise<T>): Promise<T> {
  const engine = await startEmbeddedEngine({ path: join(context.stateDir, 'dynamodb') });
  const { client, documentClient } = createLocalClients(engine.endpoint);
  try {
    await createTable(client, LOCAL_TABLE);
    const store = new FlywheelStore({ client: documentClient, tableName: LOCAL_TABLE });
    const importMetrics = async () => {
      let stored = 0;
      // Bad rows are the run's to report, by file and line; here only the good ones matter.
      for (const file of workspaceMetricFiles(context.dir)) stored += await store.putMetricPoints(parseMetricsCsv(readFileSync(file, 'utf8')).points);
      return stored;
    };
    return await work(store, importMetrics);
  } finally {
    client.destroy();
    await engine.stop();
  }
}

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { startDynalite } from '../support/dynamodb-engines';
import { createLocalClients, createTable, FlywheelStore, startEmbeddedEngine } from '../../functions/store/index';
import { describeStoreSuite } from './store-suite';

describeStoreSuite('dynalite', startDynalite);

it('keeps the embedded store on disk across restarts, as flywheel run needs', async () => {
  const folder = await mkdtemp(join(tmpdir(), 'flywheel-store-'));
  try {
    const first = await startEmbeddedEngine({ path: folder });
    const firstClients = createLocalClients(first.endpoint);
    await createTable(firstClients.client, 'flywheel');
    await new FlywheelStore({ client: firstClients.documentClient, tableName: 'flywheel' }).claimPublish('p|c|-|t', { jobId: 'j', expiresAt: Date.now() + 60_000 });
    firstClients.client.destroy();
    await first.stop();

    const second = await startEmbeddedEngine({ path: folder });
    const secondClients = createLocalClients(second.endpoint);
    const result = await createTable(secondClients.client, 'flywheel');
    const record = await new FlywheelStore({ client: secondClients.documentClient, tableName: 'flywheel' }).getPublishRecord('p|c|-|t');
    secondClients.client.destroy();
    await second.stop();

    expect(result.existed).toBe(true);
    expect(record).toMatchObject({ jobId: 'j', status: 'claimed' });
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
});

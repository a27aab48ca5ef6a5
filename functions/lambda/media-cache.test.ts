import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalClients, createTable, FlywheelStore } from '../store/index';
import { startDynalite, type DynamoDbEngine } from '../../test/support/dynamodb-engines';
import { mediaIdsInStore } from './media-cache';

let engine: DynamoDbEngine;
let store: FlywheelStore;

beforeAll(async () => {
  engine = await startDynalite();
  const { client, documentClient } = createLocalClients(engine.endpoint);
  await createTable(client, 'flywheel-media-cache');
  store = new FlywheelStore({ client: documentClient, tableName: 'flywheel-media-cache' });
}, 60_000);

afterAll(async () => {
  await engine.stop();
});

const quiet = () => {
  const warnings: string[] = [];
  return { logger: { warn: (message: string) => warnings.push(message) }, warnings };
};

describe('media ids in the table', () => {
  it('finds after a cold start what an earlier function uploaded', async () => {
    const { logger } = quiet();
    await mediaIdsInStore(store, logger).set('wechat-oa wx-app abc', 'IMAGE-MEDIA-7');
    // A new function instance: an empty memory, the same table.
    const later = mediaIdsInStore(store, logger);
    expect(await later.get('wechat-oa wx-app abc')).toBe('IMAGE-MEDIA-7');
    expect(await later.get('wechat-oa wx-app other')).toBeUndefined();
  });

  it('keeps working from memory when the table cannot be reached, and says so', async () => {
    const { logger, warnings } = quiet();
    const broken = { getMediaId: async () => { throw new Error('throttled'); }, putMediaId: async () => { throw new Error('throttled'); } };
    const cache = mediaIdsInStore(broken, logger);
    expect(await cache.get('k')).toBeUndefined();
    await cache.set('k', 'IMAGE-MEDIA-1');
    expect(await cache.get('k')).toBe('IMAGE-MEDIA-1');
    expect(warnings).toEqual(['Could not read an uploaded media id; the file is uploaded again', 'Could not remember an uploaded media id; a cold start may upload the file again']);
  });
});

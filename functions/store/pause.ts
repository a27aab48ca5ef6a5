import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod/mini';
import { toStoreError } from './errors';
import type { StoreContext } from './store-context';

/** The workspace's one pause item: PK PAUSE, SK STATE, the record as JSON (functions/engine/pause.ts). */
const PAUSE_KEY = { PK: 'PAUSE', SK: 'STATE' } as const;
const PauseItemSchema = z.object({ pauseJson: z.string() });

/** The stored pause record, or undefined when the workspace was never paused. */
export async function getPause(context: StoreContext): Promise<unknown> {
  let item: Record<string, unknown> | undefined;
  try {
    item = (await context.client.send(new GetCommand({ TableName: context.tableName, Key: PAUSE_KEY, ConsistentRead: true }))).Item;
  } catch (error) {
    throw toStoreError('GetItem (pause)', error);
  }
  return item === undefined ? undefined : JSON.parse(PauseItemSchema.parse(item).pauseJson);
}

/** Replaces the pause record. */
export async function putPause(context: StoreContext, pause: unknown): Promise<void> {
  try {
    await context.client.send(new PutCommand({ TableName: context.tableName, Item: { ...PAUSE_KEY, pauseJson: JSON.stringify(pause), storedAt: context.now() } }));
  } catch (error) {
    throw toStoreError('PutItem (pause)', error);
  }
}

import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod/mini';
import { encodeKeyPart } from './keys';
import { toStoreError } from './errors';
import type { StoreContext } from './store-context';

/*
 * Small records of the workspace's state kept as one item each, their value as JSON: the pause
 * (PK `STATE#pause`, functions/engine/pause.ts) and each check's acknowledgement (`STATE#ack/<check>`).
 */
const StateItemSchema = z.object({ valueJson: z.string() });

const stateKey = (name: string) => ({ PK: `STATE#${encodeKeyPart(name)}`, SK: 'STATE' });

/** The stored value of a state record, or undefined when it was never written (or cleared: null). */
export async function getStateItem(context: StoreContext, name: string): Promise<unknown> {
  let item: Record<string, unknown> | undefined;
  try {
    item = (await context.client.send(new GetCommand({ TableName: context.tableName, Key: stateKey(name), ConsistentRead: true }))).Item;
  } catch (error) {
    throw toStoreError(`GetItem (${name})`, error);
  }
  return item === undefined ? undefined : JSON.parse(StateItemSchema.parse(item).valueJson) ?? undefined;
}

/** Replaces a state record; null clears it. */
export async function putStateItem(context: StoreContext, name: string, value: unknown): Promise<void> {
  try {
    await context.client.send(new PutCommand({ TableName: context.tableName, Item: { ...stateKey(name), valueJson: JSON.stringify(value ?? null), storedAt: context.now() } }));
  } catch (error) {
    throw toStoreError(`PutItem (${name})`, error);
  }
}

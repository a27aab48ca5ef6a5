import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod/mini';
import { toStoreError } from './errors';
import { encodeKeyPart } from './keys';
import type { StoreContext } from './store-context';

const MediaIdItemSchema = z.object({ mediaId: z.string().check(z.minLength(1)) });

function mediaKey(key: string): { PK: string; SK: string } {
  return { PK: `MEDIA#${encodeKeyPart(key)}`, SK: 'ID' };
}

/** The platform's id of a file already uploaded (key: connector, account and the file's SHA-256); undefined when it was not. */
export async function getMediaId(context: StoreContext, key: string): Promise<string | undefined> {
  let item: Record<string, unknown> | undefined;
  try {
    item = (await context.client.send(new GetCommand({ TableName: context.tableName, Key: mediaKey(key) }))).Item;
  } catch (error) {
    throw toStoreError('GetItem (media id)', error);
  }
  return item === undefined ? undefined : MediaIdItemSchema.parse(item).mediaId;
}

/** Remembers the platform's id of an uploaded file; the last upload of the same file wins (any of them is valid). */
export async function putMediaId(context: StoreContext, key: string, mediaId: string): Promise<void> {
  const { mediaId: parsed } = MediaIdItemSchema.parse({ mediaId });
  try {
    await context.client.send(new PutCommand({ TableName: context.tableName, Item: { ...mediaKey(key), mediaId: parsed, storedAt: context.now() } }));
  } catch (error) {
    throw toStoreError('PutItem (media id)', error);
  }
}

import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod/mini';
import { StateConflictError, isConditionalCheckFailed, toStoreError } from './errors';
import { encodeKeyPart } from './keys';
import { CheckStateSchema, type CheckState } from './schemas';
import type { StoreContext } from './store-context';

const CheckStateItemSchema = z.object({ checkId: z.string(), stateJson: z.string(), version: z.number() });

function checkKey(checkId: string): { PK: string; SK: string } {
  return { PK: `CHECK#${encodeKeyPart(checkId)}`, SK: 'STATE' };
}

/** A check's stored state and its version (read consistently); undefined before the first run. */
export async function getCheckState(context: StoreContext, checkId: string): Promise<CheckState | undefined> {
  let item: Record<string, unknown> | undefined;
  try {
    item = (await context.client.send(new GetCommand({ TableName: context.tableName, Key: checkKey(checkId), ConsistentRead: true }))).Item;
  } catch (error) {
    throw toStoreError('GetItem (check state)', error);
  }
  if (item === undefined) return undefined;
  const { stateJson, version } = CheckStateItemSchema.parse(item);
  return CheckStateSchema.parse({ checkId, state: JSON.parse(stateJson), version });
}

/**
 * Replaces a check's state if it is still at `expectedVersion` (0: it must not exist yet) and
 * returns the new version. Throws StateConflictError when another run got there first.
 */
export async function putCheckState(context: StoreContext, checkId: string, state: CheckState['state'], expectedVersion: number): Promise<number> {
  const parsedState = CheckStateSchema.shape.state.parse(state);
  const version = expectedVersion + 1;
  try {
    await context.client.send(
      new PutCommand({
        TableName: context.tableName,
        Item: { ...checkKey(checkId), checkId, stateJson: JSON.stringify(parsedState), version, updatedAt: context.now() },
        ...(expectedVersion === 0
          ? { ConditionExpression: 'attribute_not_exists(PK)' }
          : { ConditionExpression: 'version = :expected', ExpressionAttributeValues: { ':expected': expectedVersion } }),
      }),
    );
    return version;
  } catch (error) {
    if (isConditionalCheckFailed(error)) throw new StateConflictError(checkId, expectedVersion, { cause: error });
    throw toStoreError('PutItem (check state)', error);
  }
}

import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { isConditionalCheckFailed, toStoreError } from './errors';
import { GOALS_PARTITION, encodeKeyPart, omitUndefined, padTime } from './keys';
import { queryAllPages } from './query-pages';
import { GoalStatusSchema, type GoalStatus } from './schemas';
import type { StoreContext } from './store-context';

/** What storing a goal status changed. */
export interface PutGoalStatusResult {
  /** The status word differs from the latest one before (or there was none): worth an event. */
  readonly statusChanged: boolean;
  /** The latest status before this one. */
  readonly previous?: GoalStatus;
}

function latestKey(goal: string, keyResult: string): { PK: string; SK: string } {
  return { PK: GOALS_PARTITION, SK: `LATEST#${encodeKeyPart(goal)}#${encodeKeyPart(keyResult)}` };
}

function historyPartition(goal: string, keyResult: string): string {
  return `GOAL#${encodeKeyPart(goal)}#${encodeKeyPart(keyResult)}`;
}

function isSameReading(left: GoalStatus, right: GoalStatus): boolean {
  return left.status === right.status && left.value === right.value && left.expected === right.expected && left.forecast === right.forecast;
}

/**
 * Stores the latest status of a key result and, when the reading changed, a history item.
 * An older reading that arrives late goes to history but never replaces a newer latest.
 * Two writes, not a transaction (dynalite has none): history first, so a crash in between
 * leaves history complete and the next run repairs the latest.
 */
export async function putGoalStatus(context: StoreContext, status: GoalStatus): Promise<PutGoalStatusResult> {
  const reading = GoalStatusSchema.parse(status);
  const key = latestKey(reading.goal, reading.keyResult);
  let previousItem: Record<string, unknown> | undefined;
  try {
    previousItem = (await context.client.send(new GetCommand({ TableName: context.tableName, Key: key, ConsistentRead: true }))).Item;
  } catch (error) {
    throw toStoreError('GetItem (goal status)', error);
  }
  const previous = previousItem === undefined ? undefined : GoalStatusSchema.parse(previousItem);
  if (previous !== undefined && isSameReading(previous, reading)) return { statusChanged: false, previous };
  try {
    await context.client.send(
      new PutCommand({ TableName: context.tableName, Item: { ...omitUndefined(reading), PK: historyPartition(reading.goal, reading.keyResult), SK: `HIST#${padTime(reading.at)}` } }),
    );
    await context.client.send(
      new PutCommand({
        TableName: context.tableName,
        Item: { ...omitUndefined(reading), ...key },
        ConditionExpression: 'attribute_not_exists(PK) OR #at <= :at',
        ExpressionAttributeNames: { '#at': 'at' },
        ExpressionAttributeValues: { ':at': reading.at },
      }),
    );
  } catch (error) {
    if (isConditionalCheckFailed(error)) return { statusChanged: false, previous };
    throw toStoreError('PutItem (goal status)', error);
  }
  return { statusChanged: previous?.status !== reading.status, previous };
}

/** The latest status of every key result of every goal (one paged Query). */
export async function listGoalStatuses(context: StoreContext): Promise<GoalStatus[]> {
  const items = await queryAllPages(context, {
    KeyConditionExpression: 'PK = :partition AND begins_with(SK, :prefix)',
    ExpressionAttributeValues: { ':partition': GOALS_PARTITION, ':prefix': 'LATEST#' },
    ConsistentRead: true,
  });
  return items.map((item) => GoalStatusSchema.parse(item));
}

/** Every stored reading of one key result, oldest first. */
export async function listGoalHistory(context: StoreContext, goal: string, keyResult: string): Promise<GoalStatus[]> {
  const items = await queryAllPages(context, {
    KeyConditionExpression: 'PK = :partition AND begins_with(SK, :prefix)',
    ExpressionAttributeValues: { ':partition': historyPartition(goal, keyResult), ':prefix': 'HIST#' },
  });
  return items.map((item) => GoalStatusSchema.parse(item));
}

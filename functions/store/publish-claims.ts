import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { PublishNotClaimedError, isConditionalCheckFailed, toStoreError } from './errors';
import { encodeKeyPart } from './keys';
import { PublishClaimSchema, PublishOutcomeSchema, PublishRecordSchema, type PublishClaim, type PublishOutcome, type PublishRecord } from './schemas';
import type { StoreContext } from './store-context';

/** What a claim attempt found: the right to publish, or someone else's earlier claim. */
export type ClaimResult = 'claimed' | 'already-claimed';

function publishKey(key: string): { PK: string; SK: string } {
  return { PK: `PUBLISH#${encodeKeyPart(key)}`, SK: 'CLAIM' };
}

/** DynamoDB TTL reads epoch seconds. */
function toEpochSeconds(epochMs: number): number {
  return Math.ceil(epochMs / 1000);
}

/**
 * Claims the right to publish once for `key` (post + channel + variant + scheduled instant).
 * A conditional put: exactly one of any number of concurrent callers gets 'claimed'. A claim
 * past its expiry counts as absent, as it would once TTL deleted it (TTL deletes lazily, and
 * dynalite has no TTL at all).
 */
export async function claimPublish(context: StoreContext, key: string, claim: PublishClaim): Promise<ClaimResult> {
  const { jobId, expiresAt, holder } = PublishClaimSchema.parse(claim);
  const now = context.now();
  try {
    await context.client.send(
      new PutCommand({
        TableName: context.tableName,
        Item: { ...publishKey(key), key, jobId, status: 'claimed', claimedAt: now, expiresAt: toEpochSeconds(expiresAt), expiresAtMs: expiresAt, ...(holder === undefined ? {} : { holder }) },
        ConditionExpression: 'attribute_not_exists(PK) OR expiresAtMs <= :now',
        ExpressionAttributeValues: { ':now': now },
      }),
    );
    return 'claimed';
  } catch (error) {
    if (isConditionalCheckFailed(error)) return 'already-claimed';
    throw toStoreError('PutItem (claim publish)', error);
  }
}

/**
 * Records what happened to a claimed publish, even past the claim's expiry (a late outcome is
 * still the truth). Throws PublishNotClaimedError when there is no claim at all.
 */
export async function recordPublishOutcome(context: StoreContext, key: string, outcome: PublishOutcome): Promise<void> {
  const { status, detail, platformId } = PublishOutcomeSchema.parse(outcome);
  const assignments = ['#status = :status', 'outcomeAt = :now'];
  const values: Record<string, unknown> = { ':status': status, ':now': context.now() };
  const removals: string[] = [];
  for (const [name, value] of [['detail', detail], ['platformId', platformId]] as const) {
    if (value === undefined) removals.push(name);
    else {
      assignments.push(`${name} = :${name}`);
      values[`:${name}`] = value;
    }
  }
  try {
    await context.client.send(
      new UpdateCommand({
        TableName: context.tableName,
        Key: publishKey(key),
        UpdateExpression: `SET ${assignments.join(', ')}${removals.length > 0 ? ` REMOVE ${removals.join(', ')}` : ''}`,
        ConditionExpression: 'attribute_exists(PK)',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: values,
      }),
    );
  } catch (error) {
    if (isConditionalCheckFailed(error)) throw new PublishNotClaimedError(key, { cause: error });
    throw toStoreError('UpdateItem (publish outcome)', error);
  }
}

/** The claim and outcome stored for `key`, read consistently; undefined when never claimed. */
export async function getPublishRecord(context: StoreContext, key: string): Promise<PublishRecord | undefined> {
  let item: Record<string, unknown> | undefined;
  try {
    item = (await context.client.send(new GetCommand({ TableName: context.tableName, Key: publishKey(key), ConsistentRead: true }))).Item;
  } catch (error) {
    throw toStoreError('GetItem (publish record)', error);
  }
  if (item === undefined) return undefined;
  return PublishRecordSchema.parse({ ...item, expiresAt: item.expiresAtMs });
}

import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod/mini';
import { runWithConcurrency, writeInBatches } from './batch-write';
import { isConditionalCheckFailed, toStoreError } from './errors';
import { DUE_SHARD, JOBS_PARTITION, encodeKeyPart, padTime, stringifyStable } from './keys';
import { queryAllPages } from './query-pages';
import { JobSchema, StoredJobSchema, type Job, type StoredJob } from './schemas';
import type { StoreContext } from './store-context';

/** Name of the sparse GSI that holds pending jobs only, ordered by due time. */
export const DUE_INDEX = 'GSI1';

/** Conditional puts in flight at once while syncing a plan. */
const CONCURRENT_PUTS = 8;

/** What a plan sync changed. */
export interface PutJobsResult {
  /** Jobs that were new or differed (kind, due time or payload): now pending. */
  readonly written: number;
  /** Jobs identical to the stored ones: left as they were, done or not. */
  readonly unchanged: number;
}

function jobKey(id: string): { PK: string; SK: string } {
  return { PK: JOBS_PARTITION, SK: `JOB#${encodeKeyPart(id)}` };
}

/** Payload travels as stable JSON text: exact round trip, and cheap to compare in a condition. */
const JobItemSchema = z.object({ id: z.string(), kind: z.string(), dueAt: z.number(), payloadJson: z.string(), status: z.string(), doneAt: z.optional(z.number()) });

function parseJobItem(item: Record<string, unknown>): StoredJob {
  const { payloadJson, ...rest } = JobItemSchema.parse(item);
  return StoredJobSchema.parse({ ...rest, payload: JSON.parse(payloadJson) });
}

/**
 * Writes jobs as pending. A job identical to the stored one (same kind, due time and payload)
 * is left alone, so re-syncing an unchanged plan never revives a job that already ran.
 */
export async function putJobs(context: StoreContext, jobs: readonly Job[]): Promise<PutJobsResult> {
  const parsed = z.array(JobSchema).parse(jobs);
  let written = 0;
  await runWithConcurrency(parsed, CONCURRENT_PUTS, async (job) => {
    const payloadJson = stringifyStable(job.payload);
    try {
      await context.client.send(
        new PutCommand({
          TableName: context.tableName,
          Item: {
            ...jobKey(job.id),
            id: job.id,
            kind: job.kind,
            dueAt: job.dueAt,
            payloadJson,
            status: 'pending',
            GSI1PK: DUE_SHARD,
            GSI1SK: `${padTime(job.dueAt)}#${encodeKeyPart(job.id)}`,
          },
          ConditionExpression: 'attribute_not_exists(PK) OR dueAt <> :dueAt OR kind <> :kind OR payloadJson <> :payloadJson',
          ExpressionAttributeValues: { ':dueAt': job.dueAt, ':kind': job.kind, ':payloadJson': payloadJson },
        }),
      );
      written += 1;
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw toStoreError('PutItem (job)', error);
    }
  });
  return { written, unchanged: parsed.length - written };
}

/** Pending jobs due at or before `now`, earliest first, at most `limit` (one GSI Query). */
export async function listDueJobs(context: StoreContext, now: number, limit: number): Promise<StoredJob[]> {
  if (limit <= 0) return [];
  const items = await queryAllPages(
    context,
    {
      IndexName: DUE_INDEX,
      KeyConditionExpression: 'GSI1PK = :shard AND GSI1SK < :upper',
      ExpressionAttributeValues: { ':shard': DUE_SHARD, ':upper': padTime(Math.floor(now) + 1) },
      ScanIndexForward: true,
      Limit: limit,
    },
    limit,
  );
  return items.map(parseJobItem);
}

/**
 * Marks the occurrence of job `id` due at `dueAt` as done and drops it from the due index.
 * False when it was already done, was re-planned to another time, or no longer exists.
 */
export async function markJobDone(context: StoreContext, id: string, dueAt: number): Promise<boolean> {
  try {
    await context.client.send(
      new UpdateCommand({
        TableName: context.tableName,
        Key: jobKey(id),
        UpdateExpression: 'SET #status = :done, doneAt = :now REMOVE GSI1PK, GSI1SK',
        ConditionExpression: '#status = :pending AND dueAt = :dueAt',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':done': 'done', ':pending': 'pending', ':dueAt': dueAt, ':now': context.now() },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionalCheckFailed(error)) return false;
    throw toStoreError('UpdateItem (job done)', error);
  }
}

/** Deletes jobs by id (batched); ids that do not exist are ignored. */
export async function deleteJobs(context: StoreContext, ids: readonly string[]): Promise<void> {
  await writeInBatches(context, ids.map((id) => ({ delete: jobKey(id) })));
}

/** Every stored job, pending or done, ordered by id bytes (paged Query of the job partition). */
export async function listJobs(context: StoreContext): Promise<StoredJob[]> {
  const items = await queryAllPages(context, {
    KeyConditionExpression: 'PK = :partition AND begins_with(SK, :prefix)',
    ExpressionAttributeValues: { ':partition': JOBS_PARTITION, ':prefix': 'JOB#' },
    ConsistentRead: true,
  });
  return items.map(parseJobItem);
}

import { setTimeout as delay } from 'node:timers/promises';
import { BatchWriteCommand, type BatchWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { fullJitterDelay } from '../backoff';
import { UnprocessedItemsError, toStoreError } from './errors';
import type { StoreContext, StoredItem } from './store-context';

/** BatchWriteItem takes at most 25 requests. */
const BATCH_SIZE = 25;
const MAX_ATTEMPTS = 8;
const BASE_DELAY_MS = 50;
const MAX_DELAY_MS = 5_000;
/** Batches in flight at once: enough to hide latency, few enough not to trip throttling. */
const CONCURRENT_BATCHES = 4;

type WriteRequest = NonNullable<BatchWriteCommandInput['RequestItems']>[string][number];

/** A put of a whole item or a delete by key. */
export type BatchWrite = { put: StoredItem } | { delete: { PK: string; SK: string } };

/** Options that tests use to make retries fast. */
export interface BatchWriteOptions {
  readonly sleep?: (ms: number) => Promise<void>;
}

/**
 * Writes puts and deletes in batches of 25, retrying unprocessed items with exponential backoff
 * and full jitter. A key that appears twice keeps only its last write (DynamoDB rejects a batch
 * that names one key twice). Returns how many distinct keys were written.
 */
export async function writeInBatches(context: StoreContext, writes: readonly BatchWrite[], options: BatchWriteOptions = {}): Promise<number> {
  const byKey = new Map<string, WriteRequest>();
  for (const write of writes) {
    const key = 'put' in write ? write.put : write.delete;
    byKey.set(`${key.PK}\u0000${key.SK}`, 'put' in write ? { PutRequest: { Item: write.put } } : { DeleteRequest: { Key: write.delete } });
  }
  const requests = [...byKey.values()];
  const batches: WriteRequest[][] = [];
  for (let start = 0; start < requests.length; start += BATCH_SIZE) batches.push(requests.slice(start, start + BATCH_SIZE));
  await runWithConcurrency(batches, CONCURRENT_BATCHES, (batch) => writeOneBatch(context, batch, options.sleep ?? ((ms: number) => delay(ms))));
  return requests.length;
}

async function writeOneBatch(context: StoreContext, batch: WriteRequest[], sleep: (ms: number) => Promise<void>): Promise<void> {
  let pending = batch;
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt += 1) {
    if (attempt > 0) await sleep(fullJitterDelay(attempt + 1, BASE_DELAY_MS, MAX_DELAY_MS));
    let unprocessed: WriteRequest[] | undefined;
    try {
      const output = await context.client.send(new BatchWriteCommand({ RequestItems: { [context.tableName]: pending } }));
      unprocessed = output.UnprocessedItems?.[context.tableName];
    } catch (error) {
      throw toStoreError('BatchWriteItem', error);
    }
    if (unprocessed === undefined || unprocessed.length === 0) return;
    pending = unprocessed;
  }
  throw new UnprocessedItemsError(pending.length, MAX_ATTEMPTS);
}

/** Runs `work` over `items` with at most `limit` in flight; rejects on the first failure. */
export async function runWithConcurrency<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const item = items[next] as T;
      next += 1;
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}


import { writeInBatches } from './batch-write';
import { formatMonth } from './keys';
import { queryAllPages } from './query-pages';
import type { StoreContext } from './store-context';

/**
 * Time series live in one partition per UTC month. A catalogue partition lists the months
 * that hold data, so a wide window (even "since 1970") costs one Query plus one per month
 * with data, never one per calendar month.
 */
export async function recordMonths(context: StoreContext, cataloguePartition: string, instants: readonly number[]): Promise<void> {
  const months = new Set(instants.map(formatMonth));
  await writeInBatches(
    context,
    [...months].map((month) => ({ put: { PK: cataloguePartition, SK: month } })),
  );
}

/** The catalogued months (`YYYY-MM`, in order) that overlap the instants first..last. */
export async function listRecordedMonths(context: StoreContext, cataloguePartition: string, firstMs: number, lastMs: number): Promise<string[]> {
  const items = await queryAllPages(context, {
    KeyConditionExpression: 'PK = :partition AND SK BETWEEN :firstMonth AND :lastMonth',
    ExpressionAttributeValues: { ':partition': cataloguePartition, ':firstMonth': formatMonth(firstMs), ':lastMonth': formatMonth(lastMs) },
  });
  return items.map((item) => String(item.SK));
}

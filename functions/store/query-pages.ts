import { paginateQuery, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { toStoreError } from './errors';
import type { StoreContext } from './store-context';

/** A Query without the table name, which the context supplies. */
export type QueryRequest = Omit<QueryCommandInput, 'TableName' | 'ExclusiveStartKey'>;

/**
 * Runs a Query through the SDK's paginator until the result is complete or `maxItems` items were
 * read (DynamoDB returns at most 1 MB per page, whatever Limit says).
 */
export async function queryAllPages(context: StoreContext, request: QueryRequest, maxItems = Number.POSITIVE_INFINITY): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  // A page never needs more than what is still wanted.
  const pageSize = Number.isFinite(maxItems) ? Math.min(maxItems, request.Limit ?? maxItems) : request.Limit;
  const { Limit: _limit, ...input } = request;
  try {
    const pages = paginateQuery({ client: context.client, ...(pageSize === undefined ? {} : { pageSize }) }, { ...input, TableName: context.tableName });
    for await (const page of pages) {
      for (const item of page.Items ?? []) items.push(item);
      if (items.length >= maxItems) break;
    }
  } catch (error) {
    throw toStoreError('Query', error);
  }
  return items.length > maxItems ? items.slice(0, maxItems) : items;
}

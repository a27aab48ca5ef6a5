import { QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { toStoreError } from './errors';
import type { StoreContext } from './store-context';

/** A Query without the table name, which the context supplies. */
export type QueryRequest = Omit<QueryCommandInput, 'TableName' | 'ExclusiveStartKey'>;

/**
 * Runs a Query and follows LastEvaluatedKey until the result is complete or `maxItems` items
 * were read (DynamoDB returns at most 1 MB per page, whatever Limit says).
 */
export async function queryAllPages(context: StoreContext, request: QueryRequest, maxItems = Number.POSITIVE_INFINITY): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const remaining = maxItems - items.length;
    const limit = Number.isFinite(remaining) ? Math.min(remaining, request.Limit ?? remaining) : request.Limit;
    let output;
    try {
      output = await context.client.send(new QueryCommand({ ...request, TableName: context.tableName, ExclusiveStartKey: startKey, Limit: limit }));
    } catch (error) {
      throw toStoreError('Query', error);
    }
    for (const item of output.Items ?? []) items.push(item);
    startKey = output.LastEvaluatedKey;
  } while (startKey !== undefined && items.length < maxItems);
  return items;
}

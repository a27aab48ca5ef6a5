import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/** What every access-pattern module needs: the client, the table and the injected clock. */
export interface StoreContext {
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
  /** Current instant (epoch ms); injected so the simulator's virtual clock drives expiry too. */
  readonly now: () => number;
}

/** A stored item: its keys plus attributes. */
export type StoredItem = Record<string, unknown> & { PK: string; SK: string };

import { CreateTableCommand, DescribeTableCommand, DescribeTimeToLiveCommand, UpdateTimeToLiveCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { StoreError, toStoreError } from './errors';
import { DUE_INDEX } from './jobs';

/** The attribute DynamoDB TTL reads (epoch seconds). */
export const TTL_ATTRIBUTE = 'expiresAt';

/** How long to wait for a new table to become ACTIVE (dynalite keeps one CREATING for 500 ms by default). */
const ACTIVE_TIMEOUT_MS = 30_000;
const POLL_MS = 50;

/** What createTable found the engine able to do. */
export interface CreateTableResult {
  /** Whether the table existed already (createTable is idempotent). */
  readonly existed: boolean;
  /** 'unsupported' on engines without TTL (dynalite): expired items then stay until deleted. */
  readonly timeToLive: 'enabled' | 'unsupported';
}

/**
 * Creates the single Flywheel table (PK/SK strings, on-demand, GSI1 for due jobs), waits until
 * it is ACTIVE and enables TTL on `expiresAt` where the engine supports it. Safe to call again.
 */
export async function createTable(client: DynamoDBClient, tableName: string): Promise<CreateTableResult> {
  let existed = false;
  try {
    await client.send(
      new CreateTableCommand({
        TableName: tableName,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [
          { AttributeName: 'PK', AttributeType: 'S' },
          { AttributeName: 'SK', AttributeType: 'S' },
          { AttributeName: 'GSI1PK', AttributeType: 'S' },
          { AttributeName: 'GSI1SK', AttributeType: 'S' },
        ],
        KeySchema: [
          { AttributeName: 'PK', KeyType: 'HASH' },
          { AttributeName: 'SK', KeyType: 'RANGE' },
        ],
        GlobalSecondaryIndexes: [
          {
            IndexName: DUE_INDEX,
            KeySchema: [
              { AttributeName: 'GSI1PK', KeyType: 'HASH' },
              { AttributeName: 'GSI1SK', KeyType: 'RANGE' },
            ],
            Projection: { ProjectionType: 'ALL' },
          },
        ],
      }),
    );
  } catch (error) {
    if (!(error instanceof Error && error.name === 'ResourceInUseException')) throw toStoreError('CreateTable', error);
    existed = true;
  }
  await waitUntilActive(client, tableName);
  return { existed, timeToLive: await enableTimeToLive(client, tableName) };
}

async function waitUntilActive(client: DynamoDBClient, tableName: string): Promise<void> {
  const deadline = Date.now() + ACTIVE_TIMEOUT_MS;
  for (;;) {
    let table;
    try {
      table = (await client.send(new DescribeTableCommand({ TableName: tableName }))).Table;
    } catch (error) {
      throw toStoreError('DescribeTable', error);
    }
    const indexesActive = (table?.GlobalSecondaryIndexes ?? []).every((index) => index.IndexStatus === 'ACTIVE');
    if (table?.TableStatus === 'ACTIVE' && indexesActive) return;
    if (Date.now() > deadline) throw new StoreError(`Table "${tableName}" is still ${table?.TableStatus ?? 'missing'} after ${ACTIVE_TIMEOUT_MS} ms.`);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

async function enableTimeToLive(client: DynamoDBClient, tableName: string): Promise<CreateTableResult['timeToLive']> {
  try {
    const current = await client.send(new DescribeTimeToLiveCommand({ TableName: tableName }));
    const description = current.TimeToLiveDescription;
    if (description?.AttributeName === TTL_ATTRIBUTE && (description.TimeToLiveStatus === 'ENABLED' || description.TimeToLiveStatus === 'ENABLING')) return 'enabled';
    await client.send(new UpdateTimeToLiveCommand({ TableName: tableName, TimeToLiveSpecification: { AttributeName: TTL_ATTRIBUTE, Enabled: true } }));
    return 'enabled';
  } catch (error) {
    // dynalite answers UnknownOperationException: it has no TTL, and claims check expiry themselves.
    if (error instanceof Error && error.name === 'UnknownOperationException') return 'unsupported';
    throw toStoreError('UpdateTimeToLive', error);
  }
}

import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { FlywheelStore } from './flywheel-store';

/** A deployed stack's table, read with a person's own AWS profile and region. */
export interface TableAccess {
  readonly table: string;
  readonly region?: string | undefined;
  readonly profile?: string | undefined;
  /** Another DynamoDB endpoint (a local engine). @default AWS's, or AWS_ENDPOINT_URL_DYNAMODB */
  readonly endpoint?: string | undefined;
}

/**
 * Runs `use` on the store of a deployed table and closes the client afterwards: the CLI
 * (`flywheel status --table`) and the VS Code views read the cloud the same way.
 */
export async function withTableStore<T>(access: TableAccess, use: (store: FlywheelStore) => Promise<T>): Promise<T> {
  const client = new DynamoDBClient({
    ...(access.region ? { region: access.region } : {}), ...(access.profile ? { profile: access.profile } : {}), ...(access.endpoint ? { endpoint: access.endpoint } : {}),
  });
  try {
    return await use(new FlywheelStore({ client: DynamoDBDocumentClient.from(client), tableName: access.table }));
  } finally {
    client.destroy();
  }
}

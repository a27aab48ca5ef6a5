import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { FlywheelStore } from '../store/flywheel-store';

/**
 * The table named by FLYWHEEL_TABLE. Region and credentials come from the Lambda environment;
 * `AWS_ENDPOINT_URL_DYNAMODB` points the client at a local engine when a test runs a bundle.
 */
export function storeFromEnv(tableName: string, client: DynamoDBDocumentClient = DynamoDBDocumentClient.from(new DynamoDBClient({}))): FlywheelStore {
  return new FlywheelStore({ client, tableName });
}

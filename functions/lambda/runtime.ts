import type { Context } from 'aws-lambda';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { EventBusPublisher } from '../bus/index';
import { SecretsManagerSource, createSecretResolver, type SecretResolver } from '../secrets/secrets-manager';
import { FlywheelStore } from '../store/index';
import { loadDeploymentBundle, type LoadedBundle } from '../sync/index';

/** The Powertools pair every handler logs and counts with. */
export interface Observability {
  readonly logger: Logger;
  readonly metrics: Metrics;
}

/** Logger and metrics for one handler; service and namespace default to Flywheel's. */
export function createObservability(handler: string): Observability {
  const serviceName = process.env.POWERTOOLS_SERVICE_NAME ?? 'flywheel';
  const logger = new Logger({ serviceName, persistentKeys: { handler } });
  const metrics = new Metrics({ namespace: process.env.POWERTOOLS_METRICS_NAMESPACE ?? 'Flywheel', serviceName, defaultDimensions: { handler } });
  return { logger, metrics };
}

/**
 * The AWS clients, built once per cold start. Region and credentials come from the Lambda
 * environment; `AWS_ENDPOINT_URL_<SERVICE>` points them at local servers when a test runs a
 * synthesized bundle.
 */
export const awsClients = {
  documentClient: (): DynamoDBDocumentClient => DynamoDBDocumentClient.from(new DynamoDBClient({})),
  eventBridge: (): EventBridgeClient => new EventBridgeClient({}),
  sqs: (): SQSClient => new SQSClient({}),
  secretsManager: (): SecretsManagerClient => new SecretsManagerClient({}),
};

/** The table, from FLYWHEEL_TABLE. */
export function storeFromEnv(tableName: string, client: DynamoDBDocumentClient = awsClients.documentClient()): FlywheelStore {
  return new FlywheelStore({ client, tableName });
}

/** The bus publisher for FLYWHEEL_BUS. */
export function busFromEnv(busName: string, client: EventBridgeClient = awsClients.eventBridge()): EventBusPublisher {
  return new EventBusPublisher({ client, busName });
}

/** `secret:` through Secrets Manager (cached for the life of the container), `env:` from the environment. */
export function secretsFromEnv(prefix: string, logger: Logger, client: SecretsManagerClient = awsClients.secretsManager()): SecretResolver {
  return createSecretResolver({ secrets: new SecretsManagerSource({ client, prefix, logger }) });
}

/** The playbooks of this deployment, read once per cold start. */
export function bundleFromEnv(file: string): LoadedBundle {
  return loadDeploymentBundle(file);
}

/** Writes the invocation's metrics (one EMF line); nothing when none were added, instead of Powertools' warning. */
export function flushMetrics(metrics: Metrics): void {
  if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
}

/**
 * The invocation's Lambda context, when there is one, joins every log line of the invocation
 * (request id, function name, cold start), as Powertools' injectLambdaContext does.
 */
export function adoptContext(logger: Logger, context: Context | undefined): void {
  if (context) logger.addContext(context);
}

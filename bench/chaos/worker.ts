// A publish "Lambda container" for the chaos run, in its own process so that the run can kill it
// with SIGKILL mid-batch. It builds the real publish handler (createPublishHandler) with the real
// webhook connector, a store on the parent's DynamoDB engine, the bus and the dead-letter queue on
// the parent's local EventBridge and SQS, then runs the batches the parent's queue poller sends
// over IPC (several at once, like concurrent invocations) and answers each with the handler's
// batchItemFailures. Logs (Powertools JSON) go to stdout, which the parent points at a file.
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { SQSClient } from '@aws-sdk/client-sqs';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import type { Channel } from '../../core/index';
import { EventBusPublisher } from '../../functions/bus/index';
import { createPublishConnector, type PublishConnector, type RateLimiter } from '../../functions/connectors/index';
import { createPublishHandler } from '../../functions/lambda/publish-handler';
import { SqsDeadLetterQueue } from '../../functions/lambda/queues';
import { resolveLocalSecret } from '../../functions/secrets/local-secrets';
import { FlywheelStore, createLocalClients } from '../../functions/store/index';
import { loadDeploymentBundle } from '../../functions/sync/index';
import { LOCAL_AWS } from '../../test/lambda/support/aws-json-server';

/**
 * A defect the harness can inject into the code under test, to prove it catches it:
 * `key-on-retry` retries a publish whose outcome is unknown under a new Idempotency-Key (the
 * at-most-once rule forbids the retry; the new key hides it from a platform that deduplicates).
 */
export type Mutation = 'key-on-retry';

/** What the parent passes in CHAOS_WORKER (JSON). */
export interface WorkerConfig {
  readonly bundleFile: string;
  readonly dynamoEndpoint: string;
  readonly tableName: string;
  readonly eventBridgeEndpoint: string;
  readonly busName: string;
  readonly sqsEndpoint: string;
  readonly deadLetterQueueUrl: string;
  readonly abandonedMs: number;
  readonly timeoutMs: number;
  readonly mutation?: Mutation;
}

/** Parent → worker: run one SQS event. Worker → parent: the answer, or that it is ready. */
export type ToWorker = { readonly type: 'invoke'; readonly id: number; readonly event: { Records: Array<{ messageId: string; body: string }> } };
export type FromWorker =
  | { readonly type: 'ready' }
  | { readonly type: 'result'; readonly id: number; readonly failures: string[] }
  | { readonly type: 'error'; readonly id: number; readonly message: string };

function start(config: WorkerConfig): (event: unknown) => Promise<{ batchItemFailures: Array<{ itemIdentifier: string }> }> {
  const bundle = loadDeploymentBundle(config.bundleFile);
  const { documentClient } = createLocalClients(config.dynamoEndpoint);
  const eventBridge = new EventBridgeClient({ endpoint: config.eventBridgeEndpoint, ...LOCAL_AWS, maxAttempts: 1 });
  const sqs = new SQSClient({ endpoint: config.sqsEndpoint, ...LOCAL_AWS, maxAttempts: 1 });
  const resolveSecret = async (reference: string): Promise<string> => resolveLocalSecret(reference) ?? '';
  const rateLimiters = new Map<string, RateLimiter>();
  // Backoff jitter shrunk tenfold (500 ms base: at most 50 ms before the 2nd attempt) so the run fits in minutes;
  // Retry-After is honoured as the platform sends it. Timing only: which faults happen is seeded on the server.
  const connectorDeps = { resolveSecret, rateLimiters, timeoutMs: config.timeoutMs, random: () => Math.random() * 0.1 };
  const connectors = new Map<string, PublishConnector>();
  const connectorFor = (channel: Channel): PublishConnector => {
    let connector = connectors.get(channel.id);
    if (!connector) {
      const built = createPublishConnector(channel, connectorDeps);
      connectors.set(channel.id, (connector = config.mutation === 'key-on-retry' ? retryUnderNewKey(built) : built));
    }
    return connector;
  };
  return createPublishHandler({
    logger: new Logger({ serviceName: 'flywheel-chaos', logLevel: 'INFO', persistentKeys: { handler: 'publish', pid: process.pid } }),
    metrics: new Metrics({ namespace: 'FlywheelChaos', serviceName: 'flywheel-chaos' }),
    store: new FlywheelStore({ client: documentClient, tableName: config.tableName }),
    bundle,
    bus: new EventBusPublisher({ client: eventBridge, busName: config.busName }),
    now: Date.now,
    connectorFor,
    deadLetters: new SqsDeadLetterQueue(sqs, config.deadLetterQueueUrl),
    abandonedClaimMs: config.abandonedMs,
  });
}

/** The `key-on-retry` mutation: an unknown outcome is sent again, under another key. */
function retryUnderNewKey(connector: PublishConnector): PublishConnector {
  return {
    kind: connector.kind,
    publish: async (post) => {
      const first = await connector.publish(post);
      return first.status === 'unconfirmed' ? connector.publish({ ...post, key: `${post.key}#retry` }) : first;
    },
  };
}

if (process.send) {
  process.env.POWERTOOLS_METRICS_DISABLED = 'true';
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  const handler = start(JSON.parse(process.env.CHAOS_WORKER ?? '{}') as WorkerConfig);
  const reply = (message: FromWorker) => process.send?.(message);
  process.on('message', (message: ToWorker) => {
    if (message.type !== 'invoke') return;
    handler(message.event).then(
      (response) => reply({ type: 'result', id: message.id, failures: response.batchItemFailures.map((failure) => failure.itemIdentifier) }),
      (error: unknown) => reply({ type: 'error', id: message.id, message: error instanceof Error ? error.message : String(error) }),
    );
  });
  process.on('disconnect', () => process.exit(0));
  reply({ type: 'ready' });
}

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SQSClient } from '@aws-sdk/client-sqs';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import type { Channel, NotifyTarget } from '../../../core/index';
import { EventBusPublisher } from '../../../functions/bus/index';
import { createNotifyConnector, createPublishConnector, type RateLimiter } from '../../../functions/connectors/index';
import { createNotifyIdempotencyStore, type NotifyHandlerDeps } from '../../../functions/lambda/notify-handler';
import type { PublishHandlerDeps } from '../../../functions/lambda/publish-handler';
import { SqsDeadLetterQueue, sendInBatches } from '../../../functions/lambda/queues';
import type { TickHandlerDeps, WorkQueue } from '../../../functions/lambda/tick-handler';
import type { WorkDeps } from '../../../functions/lambda/work';
import { SecretsManagerSource, createSecretResolver } from '../../../functions/secrets/secrets-manager';
import { FlywheelStore, createLocalClients, createTable, type LocalEngine } from '../../../functions/store/index';
import { buildDeploymentBundle, openDeploymentBundle, reconcilePlan, type LoadedBundle, type ReconcileResult } from '../../../functions/sync/index';
import { LOCAL_AWS } from './aws-json-server';
import { startLocalEventBridge, startLocalSecretsManager, startLocalSqs, type LocalEventBridge, type LocalSecretsManager, type LocalSqs } from './local-aws';
import { startWebhookReceiver, type ReceiverAnswer, type ReceivedRequest, type WebhookReceiver } from './webhook-receiver';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
// EMF lines on stdout would bury the test output; the metrics test turns them on for itself.
process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';

/** 2026-09-10 12:00 UTC = 20:00 Asia/Shanghai, when the test posts are due. */
export const POST_AT = Date.UTC(2026, 8, 10, 12, 0);
/** The signing secret of the test webhook channel (must never be logged). */
export const SIGNING_SECRET = 'whsec-Q9x7-never-in-logs-4b2e';
/** Each world gets its own table, so tests sharing an engine never see each other's items. */
let tables = 0;

/** The test workspace: a webhook channel, an ops notify target, posts that succeed, fail, hang, and one awaiting review. */
export function workspaceFiles(receiverUrl: (path: string) => string): Record<string, string> {
  return {
    'workspace.yaml': `apiVersion: flywheel/v1
kind: Workspace
metadata: { name: lambda-test, title: Lambda 测试 }
spec:
  timezone: Asia/Shanghai
  channels:
    - { id: site, platform: webhook, instance: "${receiverUrl('/posts')}", credentials: secret:flywheel/site-signing }
  notify:
    - { id: ops, type: webhook, url: secret:flywheel/ops-webhook }
  people:
    - { id: alice, name: 张三, notify: ops }
`,
    'campaigns/mid-autumn.yaml': `apiVersion: flywheel/v1
kind: Campaign
metadata: { name: mid-autumn, title: 中秋 }
spec:
  window: { start: 2026-09-01, end: 2026-09-20 }
  owner: alice
  posts:
    - { id: launch, at: 2026-09-10 20:00, channels: [site], title: 中秋礼盒上线, body: { file: ../content/launch.md } }
    - { id: rejected, at: 2026-09-10 20:00, channels: [site], title: REJECT me, body: 会被平台拒绝 }
    - { id: slow, at: 2026-09-10 20:00, channels: [site], title: HANG please, body: 平台不回答 }
    - { id: later, at: 2026-09-15 20:00, channels: [site], title: 稍后, body: 以后再发 }
`,
    'campaigns/reviewed.yaml': `apiVersion: flywheel/v1
kind: Campaign
metadata: { name: reviewed }
spec:
  window: { start: 2026-09-01, end: 2026-09-20 }
  owner: alice
  review: required
  posts:
    - { id: unapproved, at: 2026-09-10 20:00, channels: [site], title: 待审, body: 未审批 }
`,
    'checks/negative-spike.yaml': `apiVersion: flywheel/v1
kind: Check
metadata: { name: negative-spike, title: 负面舆情 }
spec:
  schedule: rate(15 minutes)
  metric: negative_mentions
  window: 1h
  condition: "> 20"
  notify: [ops]
  message: 1 小时负面提及 {{value}} 条
  sop: crisis-response
`,
    'sops/crisis-response.yaml': `apiVersion: flywheel/v1
kind: SOP
metadata: { name: crisis-response }
spec:
  trigger: { check: negative-spike }
  steps:
    - { id: tier-1, notify: [ops], message: "负面声量异常: {{check.value}}" }
    - { id: tier-2, after: 30m, notify: [ops], message: "30 分钟未解除, 升级处理", unlessResolved: true }
`,
    'goals/growth.yaml': `apiVersion: flywheel/v1
kind: Goal
metadata: { name: growth }
spec:
  window: { start: 2026-09-01, end: 2026-12-31 }
  keyResults:
    - { id: followers, metric: followers, baseline: 1000, target: 5000 }
`,
    'content/launch.md': '今年中秋, 礼盒上线。\n',
  };
}

/** Which answer the receiver gives: posts titled REJECT get 400, HANG never get an answer. */
export function defaultAnswer(request: ReceivedRequest): ReceiverAnswer {
  const title = String(request.json.title ?? '');
  if (title.startsWith('REJECT')) return { status: 400, body: { error: 'content rejected by the platform' } };
  if (title.startsWith('HANG')) return 'hang';
  return { status: 200 };
}

/** Everything a handler test needs, real parts on loopback: a DynamoDB engine, EventBridge, SQS, Secrets Manager, a webhook receiver. */
export interface LambdaWorld {
  readonly folder: string;
  readonly tableName: string;
  readonly bundle: LoadedBundle;
  readonly store: FlywheelStore;
  readonly documentClient: ReturnType<typeof createLocalClients>['documentClient'];
  readonly bus: LocalEventBridge;
  readonly sqs: LocalSqs;
  readonly secrets: LocalSecretsManager;
  readonly receiver: WebhookReceiver;
  /** The test clock; tests move it. */
  clock: number;
  /** Moves the clock to `at` and syncs the plan into the store there, as the sync function would. */
  syncPlanAt(at: number): Promise<ReconcileResult>;
  readonly logger: Logger;
  readonly metrics: Metrics;
  workDeps(): WorkDeps;
  tickDeps(): TickHandlerDeps;
  publishDeps(overrides?: Partial<PublishHandlerDeps>): PublishHandlerDeps;
  notifyDeps(): NotifyHandlerDeps;
  /** The SQS event a queue consumer would receive for the messages sent to `queue` so far (and clears them). */
  takeQueueEvent(queue: WorkQueue | 'dlq'): { Records: Array<{ messageId: string; body: string }> };
  stop(): Promise<void>;
}

/** Starts a world on `engine` (dynalite or DynamoDB Local), with the test workspace compiled into a bundle. */
export interface LambdaWorldOptions {
  readonly answer?: (request: ReceivedRequest) => ReceiverAnswer;
  readonly logger?: Logger;
  /** Playbook files added to (or replacing) the test workspace's, given the receiver's URL maker. */
  readonly files?: (receiverUrl: (path: string) => string) => Record<string, string>;
  /** More secrets in the local Secrets Manager (id → value). */
  readonly secrets?: Record<string, string>;
  /** Platform origins for the connectors (ConnectorDeps.baseUrls), e.g. a local WeChat server. */
  readonly baseUrls?: Record<string, string>;
}

export async function startLambdaWorld(engine: LocalEngine, options: LambdaWorldOptions = {}): Promise<LambdaWorld> {
  const receiver = await startWebhookReceiver(options.answer ?? defaultAnswer);
  const folder = mkdtempSync(join(tmpdir(), 'flywheel-lambda-'));
  for (const [path, text] of Object.entries({ ...workspaceFiles(receiver.url), ...options.files?.(receiver.url) })) {
    mkdirSync(dirname(join(folder, 'playbooks', path)), { recursive: true });
    writeFileSync(join(folder, 'playbooks', path), text);
  }
  const bundle = openDeploymentBundle(buildDeploymentBundle(join(folder, 'playbooks')));
  const TABLE = `flywheel-test-${(tables += 1)}`;
  const { client, documentClient } = createLocalClients(engine.endpoint);
  await createTable(client, TABLE);
  const [bus, sqs, secrets] = await Promise.all([
    startLocalEventBridge(),
    startLocalSqs(),
    startLocalSecretsManager({ 'flywheel/site-signing': SIGNING_SECRET, 'flywheel/ops-webhook': receiver.url('/ops'), ...options.secrets }),
  ]);
  const logger = options.logger ?? new Logger({ serviceName: 'flywheel-test', logLevel: 'SILENT' });
  const metrics = new Metrics({ namespace: 'FlywheelTest', serviceName: 'flywheel-test' });
  const eventBridge = new EventBridgeClient({ endpoint: bus.endpoint, ...LOCAL_AWS, maxAttempts: 1 });
  const sqsClient = new SQSClient({ endpoint: sqs.endpoint, ...LOCAL_AWS, maxAttempts: 1 });
  const secretsClient = new SecretsManagerClient({ endpoint: secrets.endpoint, ...LOCAL_AWS, maxAttempts: 1 });
  const resolveSecret = createSecretResolver({ secrets: new SecretsManagerSource({ client: secretsClient, logger }), env: {} });
  const rateLimiters = new Map<string, RateLimiter>();
  const connectorDeps = { resolveSecret, rateLimiters, manualPublishing: 'hand-off' as const, timeoutMs: 400, sleep: async () => undefined, random: () => 0, ...(options.baseUrls ? { baseUrls: options.baseUrls } : {}) };
  const queueUrls = { publish: sqs.queueUrl('publish'), check: sqs.queueUrl('check'), track: sqs.queueUrl('track'), sop: sqs.queueUrl('sop'), dlq: sqs.queueUrl('dlq') };
  let delivered = 0;
  const world: LambdaWorld = {
    folder, tableName: TABLE, bundle, store: new FlywheelStore({ client: documentClient, tableName: TABLE, now: () => world.clock }), documentClient, bus, sqs, secrets, receiver,
    clock: POST_AT, logger, metrics,
    syncPlanAt: (at) => {
      world.clock = at;
      return reconcilePlan(world.store, bundle.plan, { now: at });
    },
    workDeps: () => ({
      logger, metrics, store: world.store, bundle, now: () => world.clock,
      bus: new EventBusPublisher({ client: eventBridge, busName: 'flywheel-bus', sleep: async () => undefined }),
    }),
    tickDeps: () => ({ logger, metrics, store: world.store, bundle, now: () => world.clock, dispatch: (queue, messages) => sendInBatches(sqsClient, queueUrls[queue], messages) }),
    publishDeps: (overrides = {}) => ({
      ...world.workDeps(),
      connectorFor: (channel: Channel) => createPublishConnector(channel, connectorDeps),
      deadLetters: new SqsDeadLetterQueue(sqsClient, queueUrls.dlq),
      ...overrides,
    }),
    notifyDeps: () => ({
      logger, metrics, bundle,
      connectorFor: (target: NotifyTarget) => createNotifyConnector(target, connectorDeps),
      idempotencyStore: createNotifyIdempotencyStore(TABLE, new DynamoDBClient({ endpoint: engine.endpoint, ...LOCAL_AWS })),
    }),
    takeQueueEvent: (queue) => {
      const messages = sqs.queues.get(queueUrls[queue]) ?? [];
      const records = messages.splice(0).map((message) => ({ messageId: `msg-${(delivered += 1)}`, body: message.body }));
      return { Records: records };
    },
    stop: async () => {
      client.destroy();
      eventBridge.destroy();
      sqsClient.destroy();
      secretsClient.destroy();
      await Promise.all([bus.stop(), sqs.stop(), secrets.stop(), receiver.stop()]);
      rmSync(folder, { recursive: true, force: true });
    },
  };
  return world;
}

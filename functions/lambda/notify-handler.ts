import type { Context } from 'aws-lambda';
import { createHash } from 'node:crypto';
import { IdempotencyConfig, makeIdempotent } from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import type { BasePersistenceLayer } from '@aws-lambda-powertools/idempotency/persistence';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { NotifyTarget } from '../../core/index';
import { parseBusEnvelope, type BusDetail } from '../bus/index';
import type { NotifyConnector } from '../connectors/index';
import type { LoadedBundle } from '../sync/index';
import { adoptContext, flushMetrics, type Observability } from './runtime';

/** Longer than EventBridge's retry horizon (24 h), so a redelivered request is recognised. */
export const NOTIFY_IDEMPOTENCY_SECONDS = 2 * 24 * 3_600;
/** Idempotency records are keyed under this prefix, stable across deployments (function names change). */
export const NOTIFY_KEY_PREFIX = 'flywheel-notify';
/**
 * The partition of those records in the single table. Powertools would default to
 * `idempotency#<function name>`, and CDK function names change between deployments.
 */
export const NOTIFY_IDEMPOTENCY_PARTITION = `idempotency#${NOTIFY_KEY_PREFIX}`;

/** Powertools idempotency in the single table: its own partition, TTL on the table's `expiresAt` (epoch seconds). */
export function createNotifyIdempotencyStore(tableName: string, client: DynamoDBClient): BasePersistenceLayer {
  return new DynamoDBPersistenceLayer({
    tableName, keyAttr: 'PK', sortKeyAttr: 'SK', staticPkValue: NOTIFY_IDEMPOTENCY_PARTITION, expiryAttr: 'expiresAt', awsSdkV3Client: client,
  });
}

export interface NotifyHandlerDeps extends Observability {
  readonly bundle: LoadedBundle;
  /** The connector for a notify target; build each once and reuse it. */
  readonly connectorFor: (target: NotifyTarget) => NotifyConnector;
  /** Where delivered requests are remembered (Powertools idempotency, in the table). */
  readonly idempotencyStore: BasePersistenceLayer;
  /** Reads a file to attach by its workspace path (the media shipped beside the function); undefined when it is not there. */
  readonly readMedia?: (path: string) => Uint8Array | undefined;
}

/** What the notify function did with one request. */
export interface NotifyResult {
  readonly status: 'delivered' | 'failed' | 'unconfirmed' | 'unknown-target';
  readonly target: string;
  readonly reason?: string;
}

/** A notification that failed for a passing reason: thrown so EventBridge delivers the event again. */
export class NotifyRetryError extends Error {
  override readonly name = 'NotifyRetryError';
}

/**
 * The notify function: a bus rule delivers each `flywheel.notify.requested` event; it sends the
 * message through the target's connector once. Delivery is idempotent on (target, at, message)
 * with Powertools idempotency, so the duplicates that at-least-once delivery and publish's
 * replays bring are sent once. A passing failure is thrown (EventBridge retries, and Powertools
 * forgets the attempt); a permanent one or an unknown outcome is logged and not retried.
 */
export function createNotifyHandler(deps: NotifyHandlerDeps): (event: unknown, context?: Context) => Promise<NotifyResult> {
  const targets = new Map((deps.bundle.model.workspaces[0]?.value.spec.notify ?? []).map((target) => [target.id, target]));

  async function deliver(request: BusDetail<'flywheel.notify.requested'>): Promise<NotifyResult> {
    const target = targets.get(request.target);
    if (!target) {
      deps.logger.error('Notify target is not in the workspace', { target: request.target });
      return { status: 'unknown-target', target: request.target, reason: `no notify target "${request.target}" in the workspace` };
    }
    const key = createHash('sha256').update(`${request.target}\n${request.at}\n${request.message}`).digest('hex').slice(0, 32);
    // Files not shipped are left out: the message names them anyway.
    const attachments = (request.attachments ?? []).flatMap((name) => {
      const bytes = deps.readMedia?.(name);
      return bytes === undefined ? [] : [{ name, bytes }];
    });
    const result = await deps.connectorFor(target).notify({ key, target: request.target, at: Date.parse(request.at), text: request.message, ...(request.title === undefined ? {} : { title: request.title }), ...(attachments.length > 0 ? { attachments } : {}) });
    if (result.status === 'published') return { status: 'delivered', target: request.target };
    if (result.status === 'failed' && result.retryable) throw new NotifyRetryError(`Notify target ${request.target} is unavailable for now: ${result.reason}`);
    return { status: result.status, target: request.target, reason: result.reason };
  }

  const config = new IdempotencyConfig({ expiresAfterSeconds: NOTIFY_IDEMPOTENCY_SECONDS, throwOnNoIdempotencyKey: true });
  const deliverOnce = makeIdempotent(deliver, { persistenceStore: deps.idempotencyStore, keyPrefix: NOTIFY_KEY_PREFIX, config });

  return async (event, context) => {
    adoptContext(deps.logger, context);
    // With the context, an attempt cut off by the Lambda timeout stops blocking the retry once its time is up.
    if (context) config.registerLambdaContext(context);
    try {
      const { id, detail } = parseBusEnvelope('flywheel.notify.requested', event);
      const result = await deliverOnce(detail);
      const metric = result.status === 'delivered' ? 'NotificationsSent' : 'NotificationsFailed';
      deps.metrics.addMetric(metric, 'Count', 1);
      const log = result.status === 'delivered' ? deps.logger.info.bind(deps.logger) : deps.logger.error.bind(deps.logger);
      log(result.status === 'delivered' ? 'Notification sent' : 'Notification not delivered', { eventId: id, ...result });
      return result;
    } finally {
      flushMetrics(deps.metrics);
    }
  };
}

import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Channel, NotifyTarget } from '../../core/index';
import { createNotifyConnector, createPublishConnector, type NotifyConnector, type PublishConnector, type RateLimiter } from '../connectors/index';
import { readHandlerEnv } from './env';
import type { IngestHandlerDeps } from './ingest-handler';
import { createNotifyIdempotencyStore, type NotifyHandlerDeps } from './notify-handler';
import type { PublishHandlerDeps } from './publish-handler';
import { SqsDeadLetterQueue, sendInBatches } from './queues';
import { awsClients, bundleFromEnv, busFromEnv, createObservability, secretsFromEnv, storeFromEnv } from './runtime';
import type { SyncHandlerDeps } from './sync-handler';
import type { TickHandlerDeps, WorkQueue } from './tick-handler';
import type { WorkDeps } from './work';

/*
 * What each entry builds at module scope, once per cold start: environment checked first (a
 * missing variable fails here, naming it), then clients, the bundle and the connectors.
 */

/** Builds each value once per key: connectors keep their rate limiters and resolved secrets. */
function memo<K, V>(build: (key: K) => V, keyOf: (key: K) => string): (key: K) => V {
  const built = new Map<string, V>();
  return (key) => {
    const id = keyOf(key);
    let value = built.get(id);
    if (value === undefined) {
      value = build(key);
      built.set(id, value);
    }
    return value;
  };
}

export function tickDepsFromEnv(): TickHandlerDeps {
  const env = readHandlerEnv('tick');
  const sqs = awsClients.sqs();
  const urls: Record<WorkQueue, string> = {
    publish: env.FLYWHEEL_PUBLISH_QUEUE_URL, check: env.FLYWHEEL_CHECK_QUEUE_URL, track: env.FLYWHEEL_TRACK_QUEUE_URL, sop: env.FLYWHEEL_SOP_QUEUE_URL,
  };
  return {
    ...createObservability('tick'), store: storeFromEnv(env.FLYWHEEL_TABLE), bundle: bundleFromEnv(env.FLYWHEEL_BUNDLE_FILE),
    dispatch: (queue, messages) => sendInBatches(sqs, urls[queue], messages), now: Date.now,
  };
}

export function workDepsFromEnv(name: 'check' | 'track' | 'sop'): WorkDeps {
  const env = readHandlerEnv(name);
  return { ...createObservability(name), store: storeFromEnv(env.FLYWHEEL_TABLE), bundle: bundleFromEnv(env.FLYWHEEL_BUNDLE_FILE), bus: busFromEnv(env.FLYWHEEL_BUS), now: Date.now };
}

export function publishDepsFromEnv(): PublishHandlerDeps {
  const env = readHandlerEnv('publish');
  const observability = createObservability('publish');
  const resolveSecret = secretsFromEnv(env.FLYWHEEL_SECRET_PREFIX, observability.logger);
  const rateLimiters = new Map<string, RateLimiter>();
  return {
    ...observability, store: storeFromEnv(env.FLYWHEEL_TABLE), bundle: bundleFromEnv(env.FLYWHEEL_BUNDLE_FILE), bus: busFromEnv(env.FLYWHEEL_BUS), now: Date.now,
    connectorFor: memo((channel: Channel): PublishConnector => createPublishConnector(channel, { resolveSecret, rateLimiters }), (channel) => channel.id),
    deadLetters: new SqsDeadLetterQueue(awsClients.sqs(), env.FLYWHEEL_DLQ_URL),
  };
}

export function notifyDepsFromEnv(): NotifyHandlerDeps {
  const env = readHandlerEnv('notify');
  const observability = createObservability('notify');
  const resolveSecret = secretsFromEnv(env.FLYWHEEL_SECRET_PREFIX, observability.logger);
  const rateLimiters = new Map<string, RateLimiter>();
  return {
    ...observability, bundle: bundleFromEnv(env.FLYWHEEL_BUNDLE_FILE),
    connectorFor: memo((target: NotifyTarget): NotifyConnector => createNotifyConnector(target, { resolveSecret, rateLimiters }), (target) => target.id),
    idempotencyStore: createNotifyIdempotencyStore(env.FLYWHEEL_IDEMPOTENCY_TABLE, new DynamoDBClient({})),
  };
}

export function syncDepsFromEnv(): SyncHandlerDeps {
  const env = readHandlerEnv('sync');
  return { ...createObservability('sync'), store: storeFromEnv(env.FLYWHEEL_TABLE), bundle: bundleFromEnv(env.FLYWHEEL_BUNDLE_FILE), now: Date.now };
}

export function ingestDepsFromEnv(): IngestHandlerDeps {
  const env = readHandlerEnv('ingest');
  return { ...createObservability('ingest'), store: storeFromEnv(env.FLYWHEEL_TABLE) };
}

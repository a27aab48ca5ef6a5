import { SQSClient } from '@aws-sdk/client-sqs';
import type { Channel } from '../../core/index';
import { createPublishConnector, type PublishConnector, type RateLimiter } from '../connectors/index';
import { loadDeploymentBundle } from '../sync/open-bundle';
import { readShippedMedia } from '../sync/shipped-media';
import { busFromEnv } from './bus-client';
import { readHandlerEnv } from './env';
import { mediaIdsInStore } from './media-cache';
import { createPublishHandler } from './publish-handler';
import { SqsDeadLetterQueue } from './queues';
import { createObservability, lambdaEntry, memo } from './runtime';
import { secretsFromEnv } from './secrets-client';
import { storeFromEnv } from './store-client';

/*
 * Entry of the publish function (functions/lambda/README.md): dependencies built once per cold
 * start, environment checked first; connectors are built on first use and kept (rate limiters, secrets).
 */
export const handler = lambdaEntry('publish', () => {
  const env = readHandlerEnv('publish');
  const observability = createObservability('publish');
  const resolveSecret = secretsFromEnv(env, 'the publish function (channel credentials only)', observability.logger);
  const rateLimiters = new Map<string, RateLimiter>();
  const store = storeFromEnv(env.FLYWHEEL_TABLE);
  const mediaIds = mediaIdsInStore(store, observability.logger);
  return createPublishHandler({
    ...observability, store, bundle: loadDeploymentBundle(env.FLYWHEEL_BUNDLE_FILE), bus: busFromEnv(env.FLYWHEEL_BUS), now: Date.now,
    // The cloud has no outbox folder: a channel without an API connector or credentials is handed to its owner.
    // Covers ship beside the bundle (functions/sync/shipped-media.ts); an uploaded one is remembered in the table.
    connectorFor: memo((channel: Channel): PublishConnector => createPublishConnector(channel, {
      resolveSecret, rateLimiters, manualPublishing: 'hand-off', readMedia: (path) => readShippedMedia(env.FLYWHEEL_BUNDLE_FILE, path), mediaIds,
    }), (channel) => channel.id),
    deadLetters: new SqsDeadLetterQueue(new SQSClient({}), env.FLYWHEEL_DLQ_URL),
  });
});

import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { NotifyTarget } from '../../core/index';
import { createNotifyConnector, type NotifyConnector, type RateLimiter } from '../connectors/index';
import { loadDeploymentBundle } from '../sync/open-bundle';
import { readShippedMedia } from '../sync/shipped-media';
import { readHandlerEnv } from './env';
import { createNotifyHandler, createNotifyIdempotencyStore } from './notify-handler';
import { createObservability, lambdaEntry, memo } from './runtime';
import { secretsFromEnv } from './secrets-client';

/*
 * Entry of the notify function (functions/lambda/README.md): dependencies built once per cold
 * start, environment checked first; connectors are built on first use and kept (rate limiters, secrets).
 */
export const handler = lambdaEntry('notify', () => {
  const env = readHandlerEnv('notify');
  const observability = createObservability('notify');
  const resolveSecret = secretsFromEnv(env, 'the notify function (notify targets only)', observability.logger);
  const rateLimiters = new Map<string, RateLimiter>();
  return createNotifyHandler({
    ...observability, bundle: loadDeploymentBundle(env.FLYWHEEL_BUNDLE_FILE),
    connectorFor: memo((target: NotifyTarget): NotifyConnector => createNotifyConnector(target, { resolveSecret, rateLimiters }), (target) => target.id),
    idempotencyStore: createNotifyIdempotencyStore(env.FLYWHEEL_IDEMPOTENCY_TABLE, new DynamoDBClient({})),
    // A hand-off's images ship beside the bundle (functions/sync/shipped-media.ts).
    readMedia: (path) => readShippedMedia(env.FLYWHEEL_BUNDLE_FILE, path),
  });
});

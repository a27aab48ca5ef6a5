import { loadDeploymentPlan } from '../sync/bundle-file';
import { readHandlerEnv } from './env';
import { createObservability, lambdaEntry } from './runtime';
import { storeFromEnv } from './store-client';
import { createSyncHandler } from './sync-handler';

/*
 * Entry of the sync function (functions/lambda/README.md): dependencies built once per cold
 * start, environment checked first. Sync writes the plan's jobs; it needs no workspace model.
 */
export const handler = lambdaEntry('sync', () => {
  const env = readHandlerEnv('sync');
  return createSyncHandler({
    ...createObservability('sync'), store: storeFromEnv(env.FLYWHEEL_TABLE), bundle: loadDeploymentPlan(env.FLYWHEEL_BUNDLE_FILE), now: Date.now,
  });
});

import { syncDepsFromEnv } from './deps-from-env';
import { createSyncHandler } from './sync-handler';

/** Entry of the sync function (functions/lambda/README.md): dependencies built once per cold start. */
export const handler = createSyncHandler(syncDepsFromEnv());

import { readHandlerEnv } from './env';
import { createIngestHandler } from './ingest-handler';
import { createObservability, lambdaEntry } from './runtime';
import { storeFromEnv } from './store-client';

/* Entry of the ingest function (functions/lambda/README.md): dependencies built once per cold start, environment checked first. */
export const handler = lambdaEntry('ingest', () => {
  const env = readHandlerEnv('ingest');
  return createIngestHandler({ ...createObservability('ingest'), store: storeFromEnv(env.FLYWHEEL_TABLE) });
});

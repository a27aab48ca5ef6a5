import { readHandlerEnv } from './env';
import { createIngestHandler } from './ingest-handler';
import { createObservability } from './runtime';
import { storeFromEnv } from './store-client';

/* Entry of the ingest function (functions/lambda/README.md): dependencies built once per cold start, environment checked first. */
const env = readHandlerEnv('ingest');

export const handler = createIngestHandler({ ...createObservability('ingest'), store: storeFromEnv(env.FLYWHEEL_TABLE) });

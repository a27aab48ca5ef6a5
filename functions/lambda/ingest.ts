import { ingestDepsFromEnv } from './deps-from-env';
import { createIngestHandler } from './ingest-handler';

/** Entry of the ingest function (functions/lambda/README.md): dependencies built once per cold start. */
export const handler = createIngestHandler(ingestDepsFromEnv());

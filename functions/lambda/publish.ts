import { publishDepsFromEnv } from './deps-from-env';
import { createPublishHandler } from './publish-handler';

/** Entry of the publish function (functions/lambda/README.md): dependencies built once per cold start. */
export const handler = createPublishHandler(publishDepsFromEnv());

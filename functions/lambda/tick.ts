import { tickDepsFromEnv } from './deps-from-env';
import { createTickHandler } from './tick-handler';

/** Entry of the tick function (functions/lambda/README.md): dependencies built once per cold start. */
export const handler = createTickHandler(tickDepsFromEnv());

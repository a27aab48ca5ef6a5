import { workDepsFromEnv } from './deps-from-env';
import { createWorkHandler } from './work-handler';

/** Entry of the check function (functions/lambda/README.md): dependencies built once per cold start. */
export const handler = createWorkHandler('check', workDepsFromEnv('check'));

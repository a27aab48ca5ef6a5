import { workDepsFromEnv } from './deps-from-env';
import { createWorkHandler } from './work-handler';

/** Entry of the sop function (functions/lambda/README.md): dependencies built once per cold start. */
export const handler = createWorkHandler('sop', workDepsFromEnv('sop'));

import { runCheckWork } from '../engine/handlers';
import { lambdaEntry } from './runtime';
import { createWorkHandler } from './work-handler';
import { workDepsFromEnv } from './work-deps';

/** Entry of the check function (functions/lambda/README.md): dependencies built once per cold start. */
export const handler = lambdaEntry('check', () => createWorkHandler('check', workDepsFromEnv('check'), runCheckWork));

import { runSopWork } from '../engine/handlers';
import { lambdaEntry } from './runtime';
import { createWorkHandler } from './work-handler';
import { workDepsFromEnv } from './work-deps';

/** Entry of the sop function (functions/lambda/README.md): dependencies built once per cold start. */
export const handler = lambdaEntry('sop', () => createWorkHandler('sop', workDepsFromEnv('sop'), runSopWork));

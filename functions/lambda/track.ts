import { runTrackWork } from '../engine/handlers';
import { lambdaEntry } from './runtime';
import { createWorkHandler } from './work-handler';
import { workDepsFromEnv } from './work-deps';

/** Entry of the track function (functions/lambda/README.md): dependencies built once per cold start. */
export const handler = lambdaEntry('track', () => createWorkHandler('track', workDepsFromEnv('track'), runTrackWork));

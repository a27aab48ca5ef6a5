import { SQSClient } from '@aws-sdk/client-sqs';
import { loadDeploymentPlan } from '../sync/bundle-file';
import { readHandlerEnv } from './env';
import { sendInBatches } from './queues';
import { createObservability, lambdaEntry } from './runtime';
import { storeFromEnv } from './store-client';
import { createTickHandler, type WorkQueue } from './tick-handler';

/*
 * Entry of the tick function (functions/lambda/README.md): dependencies built once per cold
 * start, environment checked first. The tick needs the plan's jobs, not the workspace model.
 */
export const handler = lambdaEntry('tick', () => {
  const env = readHandlerEnv('tick');
  const sqs = new SQSClient({});
  const urls: Record<WorkQueue, string> = {
    publish: env.FLYWHEEL_PUBLISH_QUEUE_URL, check: env.FLYWHEEL_CHECK_QUEUE_URL, track: env.FLYWHEEL_TRACK_QUEUE_URL, sop: env.FLYWHEEL_SOP_QUEUE_URL,
  };
  return createTickHandler({
    ...createObservability('tick'), store: storeFromEnv(env.FLYWHEEL_TABLE), bundle: loadDeploymentPlan(env.FLYWHEEL_BUNDLE_FILE),
    dispatch: (queue, messages) => sendInBatches(sqs, urls[queue], messages), now: Date.now,
  });
});

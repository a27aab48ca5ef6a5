import { notifyDepsFromEnv } from './deps-from-env';
import { createNotifyHandler } from './notify-handler';

/** Entry of the notify function (functions/lambda/README.md): dependencies built once per cold start. */
export const handler = createNotifyHandler(notifyDepsFromEnv());

import * as z from 'zod/mini';
import en from 'zod/v4/locales/en.js';

let configured = false;

/**
 * Gives zod its English messages. The handlers' schemas use `zod/mini` (a third of classic zod's
 * code, half its schema-building time at cold start), which carries no locale of its own, and
 * its messages reach people: a malformed environment variable, a bad ingest body. Called before
 * anything is parsed at cold start (readHandlerEnv, createObservability); once is enough.
 */
export function useEnglishMessages(): void {
  if (configured) return;
  z.config(en());
  configured = true;
}

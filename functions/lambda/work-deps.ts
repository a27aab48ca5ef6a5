import { loadDeploymentBundle } from '../sync/open-bundle';
import { busFromEnv } from './bus-client';
import { readHandlerEnv } from './env';
import { createObservability } from './runtime';
import { storeFromEnv } from './store-client';
import type { WorkDeps } from './work';

/**
 * What the check, track and sop entries build at module scope, once per cold start: environment
 * checked first (a missing variable fails here, naming it), then clients and the playbooks.
 */
export function workDepsFromEnv(name: 'check' | 'track' | 'sop'): WorkDeps {
  const env = readHandlerEnv(name);
  return { ...createObservability(name), store: storeFromEnv(env.FLYWHEEL_TABLE), bundle: loadDeploymentBundle(env.FLYWHEEL_BUNDLE_FILE), bus: busFromEnv(env.FLYWHEEL_BUS), now: Date.now };
}

import type { Context } from 'aws-lambda';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { useEnglishMessages } from './zod-messages';

/*
 * What every handler shares, and nothing more: each entry file imports the clients it uses
 * from their own small modules (store-client.ts, bus-client.ts, secrets-client.ts), so a bundle
 * carries and loads only its own AWS clients (cold start: bench/RESULTS.md, Lambda bundles).
 */

/** The Powertools pair every handler logs and counts with. */
export interface Observability {
  readonly logger: Logger;
  readonly metrics: Metrics;
}

/** Logger and metrics for one handler; service and namespace default to Flywheel's (and zod's messages in English). */
export function createObservability(handler: string): Observability {
  useEnglishMessages();
  const serviceName = process.env.POWERTOOLS_SERVICE_NAME ?? 'flywheel';
  const logger = new Logger({ serviceName, persistentKeys: { handler } });
  const metrics = new Metrics({ namespace: process.env.POWERTOOLS_METRICS_NAMESPACE ?? 'Flywheel', serviceName, defaultDimensions: { handler } });
  return { logger, metrics };
}

/** Writes the invocation's metrics (one EMF line); nothing when none were added, instead of Powertools' warning. */
export function flushMetrics(metrics: Metrics): void {
  if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
}

/**
 * The invocation's Lambda context, when there is one, joins every log line of the invocation
 * (request id, function name, cold start), as Powertools' injectLambdaContext does.
 */
export function adoptContext(logger: Logger, context: Context | undefined): void {
  if (context) logger.addContext(context);
}

/** Builds each value once per key: connectors keep their rate limiters and resolved secrets. */
export function memo<K, V>(build: (key: K) => V, keyOf: (key: K) => string): (key: K) => V {
  const built = new Map<string, V>();
  return (key) => {
    const id = keyOf(key);
    let value = built.get(id);
    if (value === undefined) {
      value = build(key);
      built.set(id, value);
    }
    return value;
  };
}

/**
 * Builds an entry's handler once per cold start. When setup fails (a missing or malformed
 * environment variable, an unreadable deployment bundle), the module still loads: the error is
 * logged once, at init, and every invocation fails with it, naming what to fix. Lambda then shows
 * it where people look (each invocation's error, the function's Errors alarm), and the bundle
 * stays loadable by anything that imports it without the function's environment (a cold-load
 * benchmark, a smoke test).
 */
export function lambdaEntry<E, R>(name: string, build: () => (event: E, context?: Context) => Promise<R>): (event: E, context?: Context) => Promise<R> {
  try {
    return build();
  } catch (error) {
    const failure = error instanceof Error ? error : new Error(String(error));
    // Plain JSON on stderr: the logger may be what failed to build.
    console.error(JSON.stringify({ level: 'ERROR', message: `The ${name} function cannot start`, handler: name, error: { name: failure.name, message: failure.message } }));
    return async () => {
      throw failure;
    };
  }
}

import type { Context } from 'aws-lambda';
import type { OccurrenceRunner } from '../engine/index';
import { StoreEngineState } from '../engine/store-state';
import type { SqsBatchResponse } from './schemas';
import { applyWorkResult, processSqsBatch, resolveOccurrence, runWork, type WorkDeps } from './work';
import { adoptContext, flushMetrics } from './runtime';

/** The metric each consumer counts its runs under. */
const RUN_METRIC = { check: 'ChecksRun', track: 'TrackingRuns', sop: 'SopRuns' } as const;

/**
 * The check, track and sop consumers: each SQS record is one due occurrence, run through the
 * engine with the state in DynamoDB; its events go to the store's log and the bus. They never
 * publish a post (that is the publish consumer's, behind its reserved concurrency). `run` is the
 * queue's runner (runCheckWork, runTrackWork, runSopWork), so each bundle carries only its own work.
 */
export function createWorkHandler(name: keyof typeof RUN_METRIC, deps: WorkDeps, run: OccurrenceRunner): (event: unknown, context?: Context) => Promise<SqsBatchResponse> {
  return async (event, context) => {
    adoptContext(deps.logger, context);
    try {
      // A fresh state per invocation: its cached goal statuses must not outlive one batch.
      const state = new StoreEngineState(deps.store, deps.now);
      return await processSqsBatch(deps, event, async (message) => {
        const resolved = resolveOccurrence(deps.bundle, message);
        if ('skip' in resolved) {
          deps.logger.info('Skipped an occurrence', { occurrence: message.id, reason: resolved.skip });
          deps.metrics.addMetric('OccurrencesSkipped', 'Count', 1);
          return;
        }
        const result = await runWork(deps, resolved.occurrence, { state, run });
        await applyWorkResult(deps, result);
        deps.metrics.addMetric(RUN_METRIC[name], 'Count', 1);
        deps.logger.info('Ran an occurrence', { occurrence: message.id, events: result.events.map((item) => item.type), steps: result.steps.length });
      });
    } finally {
      flushMetrics(deps.metrics);
    }
  };
}

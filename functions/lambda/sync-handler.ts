import type { Context } from 'aws-lambda';
import type { FlywheelStore } from '../store/index';
import type { LoadedPlan } from '../sync/bundle-file';
import { reconcilePlan, type ReconcileResult } from '../sync/reconcile-plan';
import { adoptContext, flushMetrics, type Observability } from './runtime';
import { SyncEventSchema } from './schemas';

export interface SyncHandlerDeps extends Observability {
  readonly store: FlywheelStore;
  /** The plan: sync needs no workspace model. */
  readonly bundle: LoadedPlan;
  readonly now: () => number;
}

/**
 * The sync step after deploy: reconciles this deployment's plan into the due-items queue.
 * Idempotent, so the Trigger may run it again (a redeploy with the same plan writes nothing).
 */
export function createSyncHandler(deps: SyncHandlerDeps): (event: unknown, context?: Context) => Promise<ReconcileResult & { readonly dryRun: boolean; readonly jobs: number }> {
  return async (event, context) => {
    adoptContext(deps.logger, context);
    const input = SyncEventSchema.parse(event ?? {});
    try {
      const result = await reconcilePlan(deps.store, deps.bundle.plan, { now: deps.now(), dryRun: input.dryRun === true });
      deps.metrics.addMetric('JobsWritten', 'Count', result.written);
      deps.metrics.addMetric('JobsDeleted', 'Count', result.removed + result.expired);
      deps.logger.info('Plan synced', { workspace: deps.bundle.plan.workspace, jobs: deps.bundle.plan.jobs.length, dryRun: input.dryRun === true, ...result });
      return { ...result, dryRun: input.dryRun === true, jobs: deps.bundle.plan.jobs.length };
    } finally {
      flushMetrics(deps.metrics);
    }
  };
}

import { buildMetricCatalogue, type Job, type MetricCatalogue } from '../../core/index';
import type { EventBusPublisher } from '../bus/index';
import { collectDefinitions, sopStepJobId, type Definitions, type EngineContext, type EngineEvent, type EngineState, type Occurrence, type OccurrenceRunner, type SendOutcome, type SopStepOccurrence } from '../engine/index';
import { listLoggedEvents } from '../engine/build-review';
import { loadOccurrenceMetrics } from '../engine/metric-reads';
import type { FlywheelStore } from '../store/index';
import type { LoadedBundle } from '../sync/index';
import type { Observability } from './runtime';
import type { SqsBatchResponse, WorkMessage } from './schemas';
import { SqsEventSchema, WorkMessageSchema } from './schemas';

/** What every queue consumer works with. */
export interface WorkDeps extends Observability {
  readonly store: FlywheelStore;
  readonly bundle: LoadedBundle;
  readonly bus: EventBusPublisher;
  /** The clock, epoch ms (metric windows are read up to now). */
  readonly now: () => number;
}

/** Kinds whose job runs once, at its own `at`. */
const ONE_TIME_KINDS = new Set<Job['kind']>(['publish', 'reminder', 'ab']);

/** A queued occurrence the current plan no longer asks for, and why. */
export interface Skipped {
  readonly skip: string;
}

/**
 * Turns a queue message into the occurrence to run, against this deployment's plan. An
 * occurrence queued for a job that has since left the plan, changed (another hash) or moved
 * to another minute is skipped: sync has queued the current one.
 */
export function resolveOccurrence(bundle: LoadedBundle, message: WorkMessage): { occurrence: Occurrence; job?: Job } | Skipped {
  if ('step' in message.payload) return { occurrence: message.payload.step as SopStepOccurrence };
  if ('readBack' in message.payload) return { skip: 'a read-back is the publish function\'s own work' };
  const job = bundle.jobsById.get(message.payload.jobId);
  if (!job) return { skip: `job ${message.payload.jobId} is no longer in the plan` };
  if (job.kind !== message.kind) return { skip: `job ${job.id} is a ${job.kind} job, the message says ${message.kind}` };
  const hash = message.id.slice(message.id.lastIndexOf('#') + 1);
  if (hash !== job.hash) return { skip: `job ${job.id} changed since this occurrence was queued` };
  if (ONE_TIME_KINDS.has(job.kind) && 'at' in job && job.at !== message.dueAt) return { skip: `job ${job.id} is now due at another time` };
  return { occurrence: { kind: 'job', job, at: message.dueAt }, job };
}

/** What running one occurrence produced. */
export interface WorkResult {
  readonly events: EngineEvent[];
  readonly steps: SopStepOccurrence[];
}

const definitionsCache = new WeakMap<LoadedBundle, Definitions>();
const cataloguesCache = new WeakMap<LoadedBundle, MetricCatalogue>();

/** Checks and SOPs of a bundle, collected once per bundle (once per cold start). */
export function definitionsOf(bundle: LoadedBundle): Definitions {
  let definitions = definitionsCache.get(bundle);
  if (!definitions) {
    definitions = collectDefinitions(bundle.model);
    definitionsCache.set(bundle, definitions);
  }
  return definitions;
}

/** The metric catalogue of a bundle, built once per bundle. */
function catalogueOf(bundle: LoadedBundle): MetricCatalogue {
  let catalogue = cataloguesCache.get(bundle);
  if (!catalogue) {
    catalogue = buildMetricCatalogue(bundle.model.workspaces[0]?.value.spec.metrics);
    cataloguesCache.set(bundle, catalogue);
  }
  return catalogue;
}

/**
 * Runs one occurrence through the engine's handlers, the same code as `flywheel run` and
 * `simulate`; `run` is the consumer's runner (functions/engine/handlers.ts: runCheckWork…).
 */
export async function runWork(
  deps: WorkDeps,
  occurrence: Occurrence,
  options: { readonly state: EngineState; readonly run: OccurrenceRunner; readonly publish?: EngineContext['publish'] },
): Promise<WorkResult> {
  const { model, plan } = deps.bundle;
  const definitions = definitionsOf(deps.bundle);
  // Only the windows this occurrence evaluates (a check's last hour, a goal's window, an A/B
  // test's campaign), never a metric's whole history; posts, reminders and SOP steps read nothing.
  const scope = { model, definitions, catalogue: catalogueOf(deps.bundle), timezone: plan.timezone };
  const metrics = await loadOccurrenceMetrics(deps.store, scope, [occurrence], deps.now());
  const events: EngineEvent[] = [];
  const steps: SopStepOccurrence[] = [];
  const context: EngineContext = {
    model, definitions, state: options.state, metrics, timezone: plan.timezone,
    publish: options.publish ?? (async (): Promise<SendOutcome> => ({ status: 'failed', reason: 'this function does not publish posts' })),
    emit: (event) => events.push(event),
    schedule: (step) => steps.push(step),
    listEvents: (fromExclusive, toInclusive) => listLoggedEvents(deps.store, fromExclusive, toInclusive),
  };
  await options.run(context, occurrence);
  return { events, steps };
}

/**
 * Makes what a run produced durable and visible: events into the store's log (idempotent by
 * content), SOP steps into the due-items queue (idempotent by id), then onto the bus.
 */
export async function applyWorkResult(deps: WorkDeps, result: WorkResult): Promise<void> {
  for (const event of result.events) {
    await deps.store.appendEvent({ at: event.at, type: event.type, detail: JSON.parse(JSON.stringify(event)) });
  }
  if (result.steps.length > 0) {
    await deps.store.putJobs(result.steps.map((step) => ({
      id: sopStepJobId(step), kind: 'sop-step' as const, dueAt: step.at, payload: { step } as never,
    })));
  }
  if (result.events.length > 0) await deps.bus.publishEngineEvents(result.events);
}

/**
 * Runs each SQS record through `process`; a record that throws is reported back
 * (reportBatchItemFailures) so only it is delivered again. A malformed body is logged and
 * dropped: delivering it again cannot fix it.
 */
export async function processSqsBatch(
  deps: Observability,
  event: unknown,
  process: (message: WorkMessage, messageId: string) => Promise<void>,
): Promise<SqsBatchResponse> {
  const { Records } = SqsEventSchema.parse(event);
  const batchItemFailures: SqsBatchResponse['batchItemFailures'] = [];
  for (const record of Records) {
    let message: WorkMessage;
    try {
      message = WorkMessageSchema.parse(JSON.parse(record.body));
    } catch (error) {
      deps.logger.error('Dropped a malformed queue message', { messageId: record.messageId, error: error as Error });
      deps.metrics.addMetric('MalformedMessages', 'Count', 1);
      continue;
    }
    try {
      await process(message, record.messageId);
    } catch (error) {
      deps.logger.error('Occurrence failed; the queue will deliver it again', { messageId: record.messageId, occurrence: message.id, error: error as Error });
      deps.metrics.addMetric('OccurrenceErrors', 'Count', 1);
      batchItemFailures.push({ itemIdentifier: record.messageId });
    }
  }
  return { batchItemFailures };
}

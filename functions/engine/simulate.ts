import {
  buildMetricCatalogue, indexPoints, nextRuns, parseSchedule, type Job, type MessageSubject, type MetricPoint, type Plan, type PointIndex, type WorkspaceModel,
} from '../../core/index';
import { collectDefinitions } from './definitions';
import type { EngineEvent } from './events';
import { runOccurrence, startSopsFor, type EngineContext } from './handlers';
import { OccurrenceQueue } from './occurrence-queue';
import { MemoryEngineState } from './state';

/**
 * The simulated period and its metrics: every point is loaded before the clock starts, and an
 * evaluation at t sees those with time ≤ t. Points come as a list or already indexed.
 */
export type SimulationOptions = {
  /** First minute simulated (epoch ms, inclusive). */
  readonly from: number;
  /** Last minute simulated (epoch ms, inclusive). */
  readonly to: number;
  /** What sending a post leads to; by default every post goes out (failures belong to real connectors). */
  readonly publish?: EngineContext['publish'];
  /**
   * Events from outside the plan to rehearse, such as a refused credential (raised by a pull):
   * the SOPs they trigger start at their minute.
   */
  readonly raise?: readonly { readonly at: number; readonly about: MessageSubject }[];
} & ({ readonly points: readonly MetricPoint[] } | { readonly index: PointIndex });

/** The minutes a job is due in [from, to]: once for one-time jobs, every run for recurring ones. */
export function expandJob(job: Job, from: number, to: number): number[] {
  if (job.kind === 'publish' || job.kind === 'reminder' || job.kind === 'ab') return job.at >= from && job.at <= to ? [job.at] : [];
  const parsed = parseSchedule(job.schedule);
  if (!parsed.ok) return [];
  const start = Math.max(from, job.from ?? from);
  const end = Math.min(to, (job.until ?? Number.POSITIVE_INFINITY) - 1);
  if (end < start) return [];
  // A rate schedule starts when it is deployed; in a simulation, at the start of the job or of the run.
  return nextRuns(parsed.schedule, { after: start - 1, until: end, zone: job.zone, count: 1_000_000, rateAnchor: job.from ?? from });
}

/**
 * Runs the plan on a virtual clock from `from` to `to` through the same handlers the local
 * runner and the Lambdas use, with state in memory, and returns what happened in time order.
 */
export async function simulate(model: WorkspaceModel, plan: Plan, options: SimulationOptions): Promise<EngineEvent[]> {
  const events: EngineEvent[] = [];
  const queue = new OccurrenceQueue(plan.jobs, options.from, (job) => expandJob(job, options.from, options.to));
  const context: EngineContext = {
    model,
    definitions: collectDefinitions(model),
    state: new MemoryEngineState(),
    metrics: { index: 'index' in options ? options.index : indexPoints(options.points), catalogue: buildMetricCatalogue(model.workspaces[0]?.value.spec.metrics) },
    timezone: plan.timezone,
    // On the virtual clock every post goes out unless the caller says otherwise; failures belong to real connectors.
    publish: options.publish ?? (async () => ({ status: 'published' })),
    emit: (event) => events.push(event),
    listEvents: async (fromExclusive, toInclusive) => events.filter((event) => event.at > fromExclusive && event.at <= toInclusive),
    schedule: (occurrence) => {
      if (occurrence.at <= options.to) queue.push(occurrence);
    },
  };
  for (const raised of options.raise ?? []) startSopsFor(context, raised.about, raised.at);
  for (let next = queue.pop(); next !== undefined; next = queue.pop()) await runOccurrence(context, next);
  return events;
}

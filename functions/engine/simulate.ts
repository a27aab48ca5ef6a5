import {
  buildMetricCatalogue, indexPoints, nextRuns, parseSchedule, type Job, type MetricPoint, type Plan, type PointIndex, type WorkspaceModel,
} from '../../core/index';
import { collectDefinitions } from './definitions';
import type { EngineEvent } from './events';
import { runOccurrence, type EngineContext, type Occurrence } from './handlers';
import { MinHeap } from './min-heap';
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
} & ({ readonly points: readonly MetricPoint[] } | { readonly index: PointIndex });

/** At one minute, publishes go first, then reminders, checks, tracking, SOPs and A/B verdicts; SOP steps last. */
const KIND_ORDER: Record<Job['kind'] | 'sop-step', number> = { publish: 0, reminder: 1, check: 2, track: 3, sop: 4, ab: 5, 'sop-step': 6 };

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

function compareOccurrences(left: Occurrence, right: Occurrence): number {
  if (left.at !== right.at) return left.at - right.at;
  const leftKind = left.kind === 'job' ? left.job.kind : 'sop-step';
  const rightKind = right.kind === 'job' ? right.job.kind : 'sop-step';
  if (leftKind !== rightKind) return KIND_ORDER[leftKind] - KIND_ORDER[rightKind];
  const leftId = left.kind === 'job' ? left.job.id : `${left.sop}/${left.step}`;
  const rightId = right.kind === 'job' ? right.job.id : `${right.sop}/${right.step}`;
  return leftId < rightId ? -1 : leftId > rightId ? 1 : 0;
}

/**
 * Runs the plan on a virtual clock from `from` to `to` through the same handlers the local
 * runner and the Lambdas use, with state in memory, and returns what happened in time order.
 */
export async function simulate(model: WorkspaceModel, plan: Plan, options: SimulationOptions): Promise<EngineEvent[]> {
  const events: EngineEvent[] = [];
  const initial: Occurrence[] = [];
  for (const job of plan.jobs) {
    for (const at of expandJob(job, options.from, options.to)) initial.push({ kind: 'job', job, at });
  }
  const queue = new MinHeap<Occurrence>(compareOccurrences, initial);
  const context: EngineContext = {
    model,
    definitions: collectDefinitions(model),
    state: new MemoryEngineState(),
    metrics: { index: 'index' in options ? options.index : indexPoints(options.points), catalogue: buildMetricCatalogue(model.workspaces[0]?.value.spec.metrics) },
    timezone: plan.timezone,
    // On the virtual clock every post goes out; failures belong to real connectors.
    publish: async () => ({ status: 'published' }),
    emit: (event) => events.push(event),
    schedule: (occurrence) => {
      if (occurrence.at <= options.to) queue.push(occurrence);
    },
  };
  for (let next = queue.pop(); next !== undefined; next = queue.pop()) await runOccurrence(context, next);
  return events;
}

import {
  indexPoints, listRecordedMetricIds, parseDurationMinutes, resolveGoalContext, type MetricCatalogue, type MetricPoint, type WorkspaceModel,
} from '../../core/index';
import type { FlywheelStore } from '../store/index';
import type { Definitions } from './definitions';
import type { EngineContext, Occurrence } from './handlers';

/** The points of one metric an evaluation reads: fromExclusive < time <= toInclusive, as the store queries them. */
export interface MetricRead {
  readonly metric: string;
  readonly fromExclusive: number;
  readonly toInclusive: number;
}

/** What working out an occurrence's reads looks at: the same model, checks, catalogue and zone the handlers use. */
export interface ReadScope {
  readonly model: WorkspaceModel;
  readonly definitions: Definitions;
  readonly catalogue: MetricCatalogue;
  readonly timezone: string;
}

/** The store's one access pattern this needs, so a caller can hand in a store that counts or logs its reads. */
export type MetricPointReader = Pick<FlywheelStore, 'queryMetricPoints'>;

/** Metric points loaded for some occurrences, indexed as the handlers read them. */
export type LoadedMetrics = EngineContext['metrics'] & {
  /** How many points the store returned: what the load cost. */
  readonly pointsRead: number;
};

/**
 * The metrics an A/B verdict compares (trials, successes). They mirror runAbTest in handlers.ts;
 * the equivalence test in metric-reads.test.ts fails if the two drift apart.
 */
const AB_METRICS = ['views', 'engagements'] as const;

/** A metric and, for a derived one, every part it is computed from, over one window. */
function readsOf(catalogue: MetricCatalogue, metric: string, fromExclusive: number, toInclusive: number): MetricRead[] {
  if (toInclusive <= fromExclusive) return [];
  return listRecordedMetricIds(catalogue, metric).map((id) => ({ metric: id, fromExclusive, toInclusive }));
}

/**
 * The metric windows one occurrence's handler reads (functions/engine/handlers.ts), exactly:
 * - a check (or campaign KPI) at t: its metric over (t − window, t] (measureCheck);
 * - goal tracking at t: each key result's metric over (window start − 1, min(t, window end − 1)]:
 *   the value, the baseline's first point, the 14 daily trend samples and per-post periods all
 *   start at the window's start and end at the instant evaluated, never after the window;
 * - an A/B verdict at t: views and engagements over (campaign start − 1, t].
 * A derived metric brings its parts over the same window. Publish, reminder and SOP occurrences
 * read nothing, but a `report` step, which reads the whole workspace. A definition the handler would reject (an unknown duration or time zone) reads
 * nothing here: the handler still raises the error, with its own message.
 */
export function listOccurrenceReads(scope: ReadScope, occurrence: Occurrence): MetricRead[] {
  if (occurrence.kind !== 'job') {
    // A `report` step reviews every goal, check and post: the workspace's reads up to its minute.
    const step = scope.definitions.sops.get(occurrence.sop)?.steps.find((candidate) => candidate.id === occurrence.step);
    return step?.report ? listWorkspaceReads(scope, occurrence.at) : [];
  }
  const { job, at } = occurrence;
  switch (job.kind) {
    case 'check': {
      const check = scope.definitions.checks.get(job.target);
      const minutes = check === undefined ? undefined : parseDurationMinutes(check.window);
      if (check === undefined || minutes === undefined) return [];
      return readsOf(scope.catalogue, check.metric, at - minutes * 60_000, at);
    }
    case 'track': {
      const spec = scope.model.goals.find((goal) => goal.name === job.target)?.value.spec;
      if (spec === undefined) return [];
      let window: { start: number; end: number };
      try {
        window = resolveGoalContext(spec, scope.timezone).window;
      } catch {
        return [];
      }
      // Before the window every key result is not-started and reads nothing.
      if (at < window.start) return [];
      const upTo = Math.min(at, window.end - 1);
      return spec.keyResults.flatMap((keyResult) => readsOf(scope.catalogue, keyResult.metric, window.start - 1, upTo));
    }
    case 'ab':
      return AB_METRICS.flatMap((metric) => readsOf(scope.catalogue, metric, job.from - 1, at));
    default:
      return [];
  }
}

/**
 * What a whole workspace can read up to `upTo`: every metric a check, a goal or an A/B verdict
 * mentions (with the parts of derived ones), from the beginning. `flywheel status` reads this,
 * since it charts every goal's history.
 */
export function listWorkspaceReads(scope: Pick<ReadScope, 'model' | 'definitions' | 'catalogue'>, upTo: number): MetricRead[] {
  const metrics = new Set<string>(AB_METRICS);
  for (const check of scope.definitions.checks.values()) metrics.add(check.metric);
  for (const goal of scope.model.goals) for (const keyResult of goal.value.spec.keyResults) metrics.add(keyResult.metric);
  return [...metrics].flatMap((metric) => readsOf(scope.catalogue, metric, 0, upTo));
}

/**
 * The union of reads as few, ordered, non-overlapping windows per metric: overlapping or touching
 * windows become one, so no point is read twice and each metric's points arrive oldest first.
 */
export function mergeMetricReads(reads: Iterable<MetricRead>): MetricRead[] {
  const byMetric = new Map<string, MetricRead[]>();
  for (const read of reads) {
    if (read.toInclusive <= read.fromExclusive) continue;
    byMetric.set(read.metric, [...(byMetric.get(read.metric) ?? []), read]);
  }
  const merged: MetricRead[] = [];
  for (const [metric, windows] of byMetric) {
    windows.sort((left, right) => left.fromExclusive - right.fromExclusive);
    let current: { fromExclusive: number; toInclusive: number } | undefined;
    for (const window of windows) {
      if (current !== undefined && window.fromExclusive <= current.toInclusive) {
        current.toInclusive = Math.max(current.toInclusive, window.toInclusive);
        continue;
      }
      if (current !== undefined) merged.push({ metric, ...current });
      current = { fromExclusive: window.fromExclusive, toInclusive: window.toInclusive };
    }
    if (current !== undefined) merged.push({ metric, ...current });
  }
  return merged;
}

/**
 * Reads the union of `reads` from the store, each window clipped to (0, upTo] (what was stored by
 * now; the store never held a point at or before the epoch), and indexes the points. No reads:
 * no query, an empty index.
 *
 * Window sums are differences of running totals over the loaded points, so for fractional values
 * they can differ in the last bits from a load of the whole history (this one is the closer, its
 * totals being smaller); whole-number counts come out identical.
 */
export async function loadMetricReads(store: MetricPointReader, reads: Iterable<MetricRead>, catalogue: MetricCatalogue, upTo: number): Promise<LoadedMetrics> {
  const clipped = [...reads].map((read) => ({ metric: read.metric, fromExclusive: Math.max(0, read.fromExclusive), toInclusive: Math.min(upTo, read.toInclusive) }));
  const points: MetricPoint[] = [];
  for (const read of mergeMetricReads(clipped)) {
    for (const point of await store.queryMetricPoints(read.metric, read.fromExclusive, read.toInclusive)) points.push(point);
  }
  return { index: indexPoints(points), catalogue, pointsRead: points.length };
}

/** Loads what a batch of occurrences reads, once for all of them. */
export function loadOccurrenceMetrics(store: MetricPointReader, scope: ReadScope, occurrences: Iterable<Occurrence>, upTo: number): Promise<LoadedMetrics> {
  return loadMetricReads(store, [...occurrences].flatMap((occurrence) => listOccurrenceReads(scope, occurrence)), scope.catalogue, upTo);
}

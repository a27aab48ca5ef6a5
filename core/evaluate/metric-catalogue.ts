import { text } from '../diagnostics';
import { BUILTIN_METRICS, type Aggregate, type MetricInfo, type MetricUnit } from '../metrics/index';
import type { MetricDefinition } from '../schema/index';

/** Every metric the evaluator knows, by id: the built-ins plus the workspace's own. */
export type MetricCatalogue = ReadonlyMap<string, MetricInfo>;

const DEFAULT_AGGREGATE: Aggregate = 'sum';
const DEFAULT_UNIT: MetricUnit = 'count';

/** Builds the catalogue; a workspace definition never replaces a built-in (the validator flags the attempt). */
export function buildMetricCatalogue(workspaceMetrics: readonly MetricDefinition[] = []): MetricCatalogue {
  const catalogue = new Map<string, MetricInfo>(BUILTIN_METRICS);
  for (const definition of workspaceMetrics) {
    if (catalogue.has(definition.id)) continue;
    const title = definition.title ?? definition.id;
    catalogue.set(definition.id, {
      id: definition.id,
      title: text(title, title),
      unit: definition.unit ?? DEFAULT_UNIT,
      aggregate: definition.aggregate ?? DEFAULT_AGGREGATE,
    });
  }
  return catalogue;
}

/**
 * Looks a metric up; an id nobody declared (a CSV column the workspace forgot to define) gets the
 * custom-metric defaults, so imported data is still usable instead of silently reading as no data.
 */
export function lookupMetric(catalogue: MetricCatalogue, metricId: string): MetricInfo {
  return catalogue.get(metricId) ?? { id: metricId, title: text(metricId, metricId), unit: DEFAULT_UNIT, aggregate: DEFAULT_AGGREGATE };
}

/** Whether a metric is a ratio of two others (interaction_rate), which must never be summed. */
export function isRatioMetric(info: MetricInfo): boolean {
  return info.derived !== undefined && 'numerator' in info.derived;
}

/**
 * Whether the latest values of several series should be summed (followers of three channels make
 * one audience) rather than averaged (three completion rates make one typical rate).
 */
export function isAdditiveUnit(unit: MetricUnit): boolean {
  return unit === 'count' || unit === 'currency';
}

import { BUILTIN_METRICS, type MetricUnit } from '../../metrics/index';
import type { RuleContext } from '../context';

/** The unit of a metric id, built-in or declared by the Workspace; undefined when unknown. */
export function metricUnit(context: RuleContext, id: string): MetricUnit | undefined {
  const builtin = BUILTIN_METRICS.get(id);
  if (builtin) return builtin.unit;
  return context.workspace?.value.spec.metrics?.find((metric) => metric.id === id)?.unit;
}

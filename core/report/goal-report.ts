/*
 * The goals part of the status report, evaluated from metric points with the one goal status
 * function (core/evaluate): the CLI's local store, the deployed table and any other reader build
 * it here, so every screen shows the same status, progress and freshness.
 */
import {
  evaluateGoal, listRecordedMetricIds, lookupMetric, resolveGoalContext, resolveTarget,
  type KeyResultEvaluation, type MetricCatalogue, type PointIndex,
} from '../evaluate/index';
import type { WorkspaceModel } from '../load/index';
import type { KeyResult } from '../schema/index';
import { buildKeyResultSeries } from './key-result-series';
import type { GoalReport, KeyResultReport } from './status-report';

/** The built-in metrics a channel source writes (spec v1.1, Metric sources). */
const CHANNEL_SOURCE_METRICS = new Set(['followers', 'follower_gain', 'views', 'likes', 'comments', 'shares', 'saves']);

/** Every goal of the workspace at `now`: status, each key result's numbers, progress, freshness and chart. */
export function buildGoalReports(model: WorkspaceModel, timeZone: string, index: PointIndex, catalogue: MetricCatalogue, now: number): GoalReport[] {
  return model.goals.map((goal) => {
    const { spec } = goal.value;
    const evaluation = evaluateGoal(spec, timeZone, index, catalogue, now);
    const context = resolveGoalContext(spec, timeZone);
    const keyResults = spec.keyResults.flatMap((keyResult): KeyResultReport[] => {
      const item = evaluation.keyResults.get(keyResult.id);
      if (!item) return [];
      const series = buildKeyResultSeries(keyResult, context, item, index, catalogue, now);
      return [{
        id: keyResult.id, ...(keyResult.title ? { title: keyResult.title } : {}), status: item.status,
        ...numbers(item), target: item.target,
        source: { file: goal.file.path, line: goal.span(keyResult).line },
        ...(series ? { series } : {}),
        metric: keyResult.metric, unit: lookupMetric(catalogue, keyResult.metric).unit,
        targetOperator: resolveTarget(keyResult.target, item.baseline).condition.operator,
        ...(item.kind ? { kind: item.kind } : {}), ...(keyResult.per === 'post' ? { period: keyResult.period ?? 'month' } : {}),
        ...(item.latestPointAt === undefined ? {} : { latestPointAt: new Date(item.latestPointAt).toISOString() }),
        ...(item.stale === undefined ? {} : { stale: item.stale }),
        dataSources: listDataSources(model, catalogue, keyResult),
      }];
    });
    return {
      goal: goal.name, title: goal.value.metadata.title ?? goal.name, status: evaluation.status,
      stale: keyResults.some((item) => item.stale === true), ...(context.tolerance === undefined ? {} : { tolerance: context.tolerance }),
      source: { file: goal.file.path, line: goal.span(goal.value.metadata, ['name']).line }, keyResults,
    };
  });
}

/** The evaluation's numbers that are known, raw. */
function numbers(item: KeyResultEvaluation): Partial<KeyResultReport> {
  const known: Partial<Record<'value' | 'expected' | 'forecast' | 'baseline' | 'progress' | 'expectedProgress', number>> = {};
  for (const key of ['value', 'expected', 'forecast', 'baseline', 'progress', 'expectedProgress'] as const) {
    const value = item[key];
    if (value !== undefined && Number.isFinite(value)) known[key] = value;
  }
  return known;
}

/**
 * The workspace's metric sources that write the key result's metric (or a part it is derived
 * from): an http-json source listing it, or a channel source for a built-in channel metric on the
 * key result's channel (any channel when it names none). Imports and the ingest endpoint are not
 * declared, so they are not listed.
 */
export function listDataSources(model: WorkspaceModel, catalogue: MetricCatalogue, keyResult: Pick<KeyResult, 'metric' | 'where'>): string[] {
  const metrics = new Set(listRecordedMetricIds(catalogue, keyResult.metric));
  const sources = model.workspaces[0]?.value.spec.sources ?? [];
  return sources.filter((source) => {
    if (source.type === 'http-json') return (source.metrics ?? []).some((metric) => metrics.has(metric));
    if (source.channel === undefined) return false;
    if (keyResult.where?.channel !== undefined && keyResult.where.channel !== source.channel) return false;
    return [...metrics].some((metric) => CHANNEL_SOURCE_METRICS.has(metric));
  }).map((source) => source.id);
}

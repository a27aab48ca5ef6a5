import type { Aggregate, MetricInfo } from '../metrics/index';
import { isAdditiveUnit, isRatioMetric, lookupMetric, type MetricCatalogue } from './metric-catalogue';
import { DIMENSIONS, findFirstAfter, findWindowRange, matchesWhere, type Dimension, type MetricSeries, type PointIndex, type Series, type Where } from './point-index';

/** A window query: points with from < time <= to, optionally filtered by dimensions. */
export interface MetricWindow {
  readonly from: number;
  readonly to: number;
  readonly where?: Where;
}

/**
 * Aggregates a metric over a window; undefined means no data (no point in the window), never 0.
 *
 * - sum, avg, min, max and count pool every matching point; count is the number of points.
 * - last takes each series' (dimension combination's) latest value in the window and combines
 *   them: summed for count and currency units (followers of three channels = one audience),
 *   averaged for ratio, percent and seconds (three completion rates = one typical rate).
 * - Derived metrics: points recorded for the derived metric itself win when any lies in the
 *   window. Otherwise a sum (engagements) adds its parts that have data, and a ratio
 *   (interaction_rate) is the ratio of sums over the same window and filter: undefined when
 *   either side has no data or the denominator is 0. Recorded ratio points are averaged, whatever
 *   the catalogue's aggregate says, because adding rates gives nonsense.
 */
export function aggregateMetric(index: PointIndex, catalogue: MetricCatalogue, metricId: string, window: MetricWindow): number | undefined {
  return aggregateInfo(index, catalogue, lookupMetric(catalogue, metricId), window);
}

/** The earliest instant in the window at which the metric, or a part it is derived from, has a point. */
export function findFirstPointTime(index: PointIndex, catalogue: MetricCatalogue, metricId: string, window: MetricWindow): number | undefined {
  return findEdgePointTime(index, catalogue, metricId, window, 'first');
}

/** The latest instant in the window at which the metric, or a part it is derived from, has a point: how fresh its data is. */
export function findLatestPointTime(index: PointIndex, catalogue: MetricCatalogue, metricId: string, window: MetricWindow): number | undefined {
  return findEdgePointTime(index, catalogue, metricId, window, 'latest');
}

function findEdgePointTime(index: PointIndex, catalogue: MetricCatalogue, metricId: string, window: MetricWindow, edge: 'first' | 'latest'): number | undefined {
  let found: number | undefined;
  for (const recordedId of listRecordedMetricIds(catalogue, metricId)) {
    const set = index.byMetric.get(recordedId);
    if (!set) continue;
    for (const series of mergedSelection(set, window.where)) {
      const { start, end } = findWindowRange(series, window.from, window.to);
      if (start >= end) continue;
      const time = series.times[edge === 'first' ? start : end - 1] as number;
      if (found === undefined || (edge === 'first' ? time < found : time > found)) found = time;
    }
  }
  return found;
}

/** The distinct values of one dimension (such as every post id) among the metric's points in the window. */
export function listDimensionValues(
  index: PointIndex, catalogue: MetricCatalogue, metricId: string, dimension: Dimension, window: MetricWindow,
): string[] {
  const found = new Set<string>();
  for (const recordedId of listRecordedMetricIds(catalogue, metricId)) {
    const set = index.byMetric.get(recordedId);
    if (!set) continue;
    const { series, starts, longestSpan } = seriesByStart(set, window.where);
    // Only series that start after (from − the longest span) can reach into the window.
    const last = findFirstAfter(starts, window.to);
    for (let position = findFirstAfter(starts, window.from - longestSpan - 1); position < last; position++) {
      const member = series[position] as Series;
      const value = member.dimensions[dimension];
      if (value === undefined || found.has(value)) continue;
      if (hasPointInWindow(member, window.from, window.to)) found.add(value);
    }
  }
  return [...found].sort();
}

/** A filter's series ordered by their first point, to find those a window can reach. */
interface SeriesByStart {
  readonly series: readonly Series[];
  readonly starts: Float64Array;
  /** The longest time from a series' first point to its last. */
  readonly longestSpan: number;
}

function seriesByStart(set: MetricSeries, where: Where | undefined): SeriesByStart {
  const lookup = lookupOf(set);
  const key = filterKey(where);
  let ordered = lookup.byStart.get(key);
  if (!ordered) {
    const series = selectSeries(set, where, true).filter((member) => member.times.length > 0);
    series.sort((left, right) => (left.times[0] as number) - (right.times[0] as number));
    const longestSpan = series.reduce((longest, member) => Math.max(longest, (member.times[member.times.length - 1] as number) - (member.times[0] as number)), 0);
    ordered = { series, starts: Float64Array.from(series, (member) => member.times[0] as number), longestSpan };
    lookup.byStart.set(key, ordered);
  }
  return ordered;
}

/**
 * Whether a series has a point in (from, to]. Per-post series are short and most lie wholly
 * before or after a window, so the ends decide without a search; listing a period's posts checks
 * every post's series.
 */
function hasPointInWindow(series: Series, from: number, to: number): boolean {
  const count = series.times.length;
  if (count === 0 || to <= from) return false;
  if ((series.times[0] as number) > to || (series.times[count - 1] as number) <= from) return false;
  if ((series.times[0] as number) > from || (series.times[count - 1] as number) <= to) return true;
  const { start, end } = findWindowRange(series, from, to);
  return start < end;
}

function aggregateInfo(index: PointIndex, catalogue: MetricCatalogue, info: MetricInfo, window: MetricWindow): number | undefined {
  const set = index.byMetric.get(info.id);
  const aggregate = isRatioMetric(info) ? 'avg' : info.aggregate;
  const direct = set ? aggregateSeries(set, aggregate, isAdditiveUnit(info.unit), window) : undefined;
  if (direct !== undefined || !info.derived) return direct;
  if ('sumOf' in info.derived) {
    let total: number | undefined;
    for (const part of info.derived.sumOf) {
      const value = aggregateMetric(index, catalogue, part, window);
      if (value !== undefined) total = (total ?? 0) + value;
    }
    return total;
  }
  const numerator = aggregateMetric(index, catalogue, info.derived.numerator, window);
  const denominator = aggregateMetric(index, catalogue, info.derived.denominator, window);
  if (numerator === undefined || denominator === undefined || denominator === 0) return undefined;
  return numerator / denominator;
}

/** A metric's id and, for a derived metric, the ids of every metric it is computed from. */
export function listRecordedMetricIds(catalogue: MetricCatalogue, metricId: string): string[] {
  const derived = lookupMetric(catalogue, metricId).derived;
  if (!derived) return [metricId];
  const parts = 'sumOf' in derived ? derived.sumOf : [derived.numerator, derived.denominator];
  return [metricId, ...parts.flatMap((part) => listRecordedMetricIds(catalogue, part))];
}

interface SeriesLookup {
  /** Series by dimension, then by that dimension's value; built on the first filtered query. */
  readonly byDimension: Map<Dimension, Map<string, Series[]>>;
  /** Results of filters already asked for: checks and goals ask the same ones again and again. */
  readonly byFilter: Map<string, readonly Series[]>;
  /** The series a filter selects (by the array selectSeries returns) merged into one, for sums, counts and averages. */
  readonly mergedBySelection: WeakMap<readonly Series[], readonly Series[]>;
  /** Each filter's series ordered by first point, for listing dimension values in a window. */
  readonly byStart: Map<string, SeriesByStart>;
}

// Per metric, beside the index rather than in it, so PointIndex stays plain data.
const lookups = new WeakMap<MetricSeries, SeriesLookup>();

function lookupOf(set: MetricSeries): SeriesLookup {
  let lookup = lookups.get(set);
  if (!lookup) {
    const byDimension = new Map<Dimension, Map<string, Series[]>>();
    for (const series of set.series) {
      for (const dimension of DIMENSIONS) {
        const value = series.dimensions[dimension];
        if (value === undefined) continue;
        let byValue = byDimension.get(dimension);
        if (!byValue) {
          byValue = new Map();
          byDimension.set(dimension, byValue);
        }
        const members = byValue.get(value);
        if (members) members.push(series);
        else byValue.set(value, [series]);
      }
    }
    lookup = { byDimension, byFilter: new Map(), mergedBySelection: new WeakMap(), byStart: new Map() };
    lookups.set(set, lookup);
  }
  return lookup;
}

/**
 * The series a filter selects. Candidates come from the dimension index (the narrowest named
 * dimension), so a filter on one post of ten thousand does not test every series.
 */
function selectSeries(set: MetricSeries, where: Where | undefined, perSeries: boolean): readonly Series[] {
  let named = 0;
  let only: Dimension = 'channel';
  if (where !== undefined) {
    for (const dimension of DIMENSIONS) {
      if (where[dimension] === undefined) continue;
      named += 1;
      only = dimension;
    }
  }
  if (named === 0 || where === undefined) return perSeries ? set.series : [set.all];
  const lookup = lookupOf(set);
  // One named dimension (a post, a channel): the dimension index holds exactly its series.
  if (named === 1) return lookup.byDimension.get(only)?.get(where[only] as string) ?? NO_SERIES;
  const key = filterKey(where);
  let selected = lookup.byFilter.get(key);
  if (!selected) {
    let candidates: readonly Series[] | undefined;
    for (const dimension of DIMENSIONS) {
      const wanted = where[dimension];
      if (wanted === undefined) continue;
      const members = lookup.byDimension.get(dimension)?.get(wanted) ?? [];
      if (candidates === undefined || members.length < candidates.length) candidates = members;
    }
    selected = (candidates ?? []).filter((series) => matchesWhere(series.dimensions, where));
    lookup.byFilter.set(key, selected);
  }
  return selected;
}

const NO_SERIES: readonly Series[] = [];

/** The filter as a map key, '' for no filter. */
function filterKey(where: Where | undefined): string {
  if (where === undefined) return '';
  let key = '';
  if (where.channel !== undefined) key += `channel=${where.channel}\u0000`;
  if (where.campaign !== undefined) key += `campaign=${where.campaign}\u0000`;
  if (where.post !== undefined) key += `post=${where.post}\u0000`;
  if (where.variant !== undefined) key += `variant=${where.variant}\u0000`;
  if (where.content_type !== undefined) key += `content_type=${where.content_type}\u0000`;
  return key;
}

/** How many selected series make merging them into one worth its cost. */
const MERGE_FROM = 16;

/**
 * The series a filter selects, merged into one sorted series with prefix sums. A channel filter
 * over per-post data selects thousands of series; merged once, every later window over it is two
 * binary searches instead of two per series.
 */
function mergedSelection(set: MetricSeries, where: Where | undefined): readonly Series[] {
  const selected = selectSeries(set, where, false);
  // A few series (one post on two channels, or in two variants) cost less to read one by one than
  // to merge: per-post counting selects thousands of such small sets once each.
  if (selected.length < MERGE_FROM) return selected;
  const lookup = lookupOf(set);
  // selectSeries answers a filter with the same array every time, so that array names the merge.
  let merged = lookup.mergedBySelection.get(selected);
  if (!merged) {
    const total = selected.reduce((sum, series) => sum + series.times.length, 0);
    const order = new Array<[number, number]>(total);
    let position = 0;
    for (const series of selected) {
      for (let index = 0; index < series.times.length; index += 1) order[position++] = [series.times[index] as number, series.values[index] as number];
    }
    order.sort((left, right) => left[0] - right[0]);
    const times = new Float64Array(total);
    const values = new Float64Array(total);
    const prefix = new Float64Array(total + 1);
    order.forEach(([time, value], index) => {
      times[index] = time;
      values[index] = value;
      prefix[index + 1] = (prefix[index] as number) + value;
    });
    merged = [{ dimensions: where ?? {}, times, values, prefix }];
    lookup.mergedBySelection.set(selected, merged);
  }
  return merged;
}

function aggregateSeries(set: MetricSeries, aggregate: Aggregate, additive: boolean, window: MetricWindow): number | undefined {
  if (aggregate === 'last') return combineLatest(selectSeries(set, window.where, true), additive, window);
  let count = 0;
  let sum = 0;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  const scan = aggregate === 'min' || aggregate === 'max';
  for (const series of mergedSelection(set, window.where)) {
    const { start, end } = findWindowRange(series, window.from, window.to);
    if (start >= end) continue;
    count += end - start;
    sum += (series.prefix[end] as number) - (series.prefix[start] as number);
    if (!scan) continue;
    for (let position = start; position < end; position++) {
      const value = series.values[position] as number;
      if (value < min) min = value;
      if (value > max) max = value;
    }
  }
  if (count === 0) return undefined;
  switch (aggregate) {
    case 'sum': return sum;
    case 'avg': return sum / count;
    case 'count': return count;
    case 'min': return min;
    case 'max': return max;
  }
}

function combineLatest(seriesList: readonly Series[], additive: boolean, window: MetricWindow): number | undefined {
  let total = 0;
  let found = 0;
  for (const series of seriesList) {
    const { start, end } = findWindowRange(series, window.from, window.to);
    if (start >= end) continue;
    total += series.values[end - 1] as number;
    found++;
  }
  if (found === 0) return undefined;
  return additive ? total : total / found;
}

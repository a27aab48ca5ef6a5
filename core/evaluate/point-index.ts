/** The dimensions a metric point may carry; a `where` filter names some of them. */
export const DIMENSIONS = ['channel', 'campaign', 'post', 'variant', 'content_type'] as const;
export type Dimension = (typeof DIMENSIONS)[number];

/** One measurement: an instant (epoch ms), a metric, a value and optional dimensions. */
export interface MetricPoint {
  readonly time: number;
  readonly metric: string;
  readonly value: number;
  readonly channel?: string;
  readonly campaign?: string;
  readonly post?: string;
  readonly variant?: string;
  readonly content_type?: string;
}

/** Only points whose dimensions equal these values count; a point lacking a named dimension does not match. */
export type Where = Readonly<Partial<Record<Dimension, string>>>;

/**
 * The points of one series (one metric, one combination of dimension values), sorted by time.
 * `prefix[i]` is the sum of the first i values, so a window's sum is two binary searches away.
 */
export interface Series {
  readonly dimensions: Where;
  readonly times: Float64Array;
  readonly values: Float64Array;
  readonly prefix: Float64Array;
}

/** Every series of one metric, plus all of them merged (so an unfiltered sum needs no per-series work). */
export interface MetricSeries {
  readonly all: Series;
  readonly series: readonly Series[];
}

/** Points grouped by metric and series and sorted by time; build once with indexPoints, query many times. */
export interface PointIndex {
  readonly byMetric: ReadonlyMap<string, MetricSeries>;
}

/**
 * Indexes points for window queries. Points with a non-finite time or value are dropped (a broken
 * CSV cell must not poison every sum). Points at the same instant keep their input order, so the
 * later one is the series' `last`.
 */
export function indexPoints(points: Iterable<MetricPoint>): PointIndex {
  const grouped = new Map<string, MetricPoint[]>();
  for (const point of points) {
    if (!Number.isFinite(point.time) || !Number.isFinite(point.value)) continue;
    const list = grouped.get(point.metric);
    if (list) list.push(point);
    else grouped.set(point.metric, [point]);
  }
  const byMetric = new Map<string, MetricSeries>();
  for (const [metric, list] of grouped) {
    // Sorting once per metric and then splitting keeps every series sorted without sorting it
    // again; imports usually arrive in time order, so the check often skips the sort entirely.
    const sorted = isSortedByTime(list) ? list : list.slice().sort((left, right) => left.time - right.time);
    const bySeries = new Map<string, MetricPoint[]>();
    for (const point of sorted) {
      const key = seriesKey(point);
      const members = bySeries.get(key);
      if (members) members.push(point);
      else bySeries.set(key, [point]);
    }
    const series = [...bySeries.values()].map((members) => buildSeries(members, dimensionsOf(members[0])));
    byMetric.set(metric, { all: buildSeries(sorted, {}), series });
  }
  return { byMetric };
}

/** Index of the first time strictly after `instant` (times must be sorted ascending). */
export function findFirstAfter(times: Float64Array, instant: number): number {
  let low = 0;
  let high = times.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((times[middle] as number) <= instant) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** The half-open index range [start, end) of a series' points inside the window (from, to]. */
export function findWindowRange(series: Series, from: number, to: number): { start: number; end: number } {
  if (to <= from) return { start: 0, end: 0 };
  return { start: findFirstAfter(series.times, from), end: findFirstAfter(series.times, to) };
}

/** Whether a series' dimensions satisfy a filter. */
export function matchesWhere(dimensions: Where, where: Where | undefined): boolean {
  if (!where) return true;
  for (const dimension of DIMENSIONS) {
    const wanted = where[dimension];
    if (wanted !== undefined && dimensions[dimension] !== wanted) return false;
  }
  return true;
}

function seriesKey(point: MetricPoint): string {
  // \u0001 marks an absent dimension so that "" and missing stay distinct series. Written out
  // rather than mapped over DIMENSIONS: this runs once per point.
  return `${point.channel ?? '\u0001'}\u0000${point.campaign ?? '\u0001'}\u0000${point.post ?? '\u0001'}\u0000${point.variant ?? '\u0001'}\u0000${point.content_type ?? '\u0001'}`;
}

function dimensionsOf(point: MetricPoint | undefined): Where {
  const dimensions: Partial<Record<Dimension, string>> = {};
  for (const dimension of DIMENSIONS) {
    const value = point?.[dimension];
    if (value !== undefined) dimensions[dimension] = value;
  }
  return dimensions;
}

function isSortedByTime(points: readonly MetricPoint[]): boolean {
  for (let position = 1; position < points.length; position++) {
    if ((points[position] as MetricPoint).time < (points[position - 1] as MetricPoint).time) return false;
  }
  return true;
}

/** Builds a series from points already in time order (Array.prototype.sort is stable, so ties keep input order). */
function buildSeries(sorted: readonly MetricPoint[], dimensions: Where): Series {
  const times = new Float64Array(sorted.length);
  const values = new Float64Array(sorted.length);
  const prefix = new Float64Array(sorted.length + 1);
  sorted.forEach((point, position) => {
    times[position] = point.time;
    values[position] = point.value;
    prefix[position + 1] = (prefix[position] as number) + point.value;
  });
  return { dimensions, times, values, prefix };
}

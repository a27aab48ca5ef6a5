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
  const builder = new PointIndexBuilder();
  for (const point of points) builder.addPoint(point);
  return builder.build();
}

/** One combination of dimension values, shared by every point (of any metric) that carries it. */
export interface SeriesDimensions {
  readonly where: Where;
}

/** Growing columns of one series while points arrive. */
interface SeriesColumns {
  readonly dimensions: SeriesDimensions;
  readonly times: number[];
  readonly values: number[];
}

interface MetricColumns {
  readonly times: number[];
  readonly values: number[];
  readonly series: Map<SeriesDimensions, SeriesColumns>;
}

/**
 * Collects points column by column, without an object per point, and builds the PointIndex at the
 * end. A million-row import is the simulator's largest fixed cost, so a reader that already knows a
 * row's dimensions (the CSV reader caches them per distinct text) hands them in with `add`.
 */
export class PointIndexBuilder {
  private readonly metrics = new Map<string, MetricColumns>();
  private readonly dimensionsByKey = new Map<string, SeriesDimensions>();

  /** The shared dimensions object for these values; pass it to `add` for every point that carries them. */
  dimensions(where: Where): SeriesDimensions {
    const key = seriesKey(where);
    let shared = this.dimensionsByKey.get(key);
    if (shared === undefined) {
      shared = { where: dimensionsOf(where) };
      this.dimensionsByKey.set(key, shared);
    }
    return shared;
  }

  /** Adds one point; a non-finite time or value is dropped. */
  add(metric: string, dimensions: SeriesDimensions, time: number, value: number): void {
    if (!Number.isFinite(time) || !Number.isFinite(value)) return;
    let columns = this.metrics.get(metric);
    if (columns === undefined) {
      columns = { times: [], values: [], series: new Map() };
      this.metrics.set(metric, columns);
    }
    columns.times.push(time);
    columns.values.push(value);
    let series = columns.series.get(dimensions);
    if (series === undefined) {
      series = { dimensions, times: [], values: [] };
      columns.series.set(dimensions, series);
    }
    series.times.push(time);
    series.values.push(value);
  }

  /** Adds a point object. */
  addPoint(point: MetricPoint): void {
    this.add(point.metric, this.dimensions(point), point.time, point.value);
  }

  /** The index of every point added so far. */
  build(): PointIndex {
    const byMetric = new Map<string, MetricSeries>();
    for (const [metric, columns] of this.metrics) {
      const series = [...columns.series.values()].map((member) => buildSeries(member.times, member.values, member.dimensions.where));
      byMetric.set(metric, { all: buildSeries(columns.times, columns.values, {}), series });
    }
    return { byMetric };
  }
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

function seriesKey(point: Where): string {
  // \u0001 marks an absent dimension so that "" and missing stay distinct series. Written out
  // rather than mapped over DIMENSIONS: this runs once per point.
  return `${point.channel ?? '\u0001'}\u0000${point.campaign ?? '\u0001'}\u0000${point.post ?? '\u0001'}\u0000${point.variant ?? '\u0001'}\u0000${point.content_type ?? '\u0001'}`;
}

function dimensionsOf(point: Where): Where {
  const dimensions: Partial<Record<Dimension, string>> = {};
  for (const dimension of DIMENSIONS) {
    const value = point[dimension];
    if (value !== undefined) dimensions[dimension] = value;
  }
  return dimensions;
}

function isSorted(times: readonly number[]): boolean {
  for (let position = 1; position < times.length; position++) {
    if ((times[position] as number) < (times[position - 1] as number)) return false;
  }
  return true;
}

/**
 * Builds a series from columns in arrival order. Unsorted input is put in time order by a stable
 * sort of positions, so points at the same instant keep their input order.
 */
function buildSeries(arrivalTimes: readonly number[], arrivalValues: readonly number[], dimensions: Where): Series {
  const count = arrivalTimes.length;
  const times = new Float64Array(count);
  const values = new Float64Array(count);
  const prefix = new Float64Array(count + 1);
  const order = isSorted(arrivalTimes) ? undefined : Array.from({ length: count }, (_, position) => position).sort((left, right) => (arrivalTimes[left] as number) - (arrivalTimes[right] as number) || left - right);
  for (let position = 0; position < count; position++) {
    const source = order === undefined ? position : (order[position] as number);
    times[position] = arrivalTimes[source] as number;
    values[position] = arrivalValues[source] as number;
    prefix[position + 1] = (prefix[position] as number) + (values[position] as number);
  }
  return { dimensions, times, values, prefix };
}

import * as z from 'zod/mini';
import { checkStoredValue } from '../../core/metrics/metric-values';
import { writeInBatches } from './batch-write';
import { StoreError } from './errors';
import { KEY_SUFFIX_MAX, encodeKeyPart, formatMonth, hashStable, omitUndefined, padTime } from './keys';
import { listRecordedMonths, recordMonths } from './month-catalogue';
import { queryAllPages } from './query-pages';
import { MetricPointSchema, type MetricPoint } from './schemas';
import type { StoreContext } from './store-context';

/** The partition of one metric in one UTC month: bounded in size, however long a metric lives. */
function metricPartition(metric: string, epochMs: number): string {
  return `METRIC#${encodeKeyPart(metric)}#${formatMonth(epochMs)}`;
}

/** The sort key: time first (for window queries), then a hash of the dimensions (for idempotency). */
function metricSortKey(point: MetricPoint): string {
  const dimensions = [point.channel, point.campaign, point.post, point.variant, point.content_type];
  return `${padTime(point.time)}#${hashStable(dimensions.map((dimension) => dimension ?? null))}`;
}

/** The catalogue of months that hold points of a metric, so a wide window queries only those. */
function monthsPartition(metric: string): string {
  return `METRIC_MONTHS#${encodeKeyPart(metric)}`;
}

/** The catalogue of metrics that have points, so an export lists them without a scan. */
const METRICS_PARTITION = 'METRICS';

/** Points whose values the table cannot hold exactly (core/metrics/metric-values.ts): callers check first, so this is a defect of the caller. */
export class UnstorableMetricValueError extends StoreError {
  readonly positions: readonly number[];

  constructor(positions: readonly number[]) {
    super(`${positions.length} metric point(s) have values the store cannot hold exactly (positions ${positions.slice(0, 10).join(', ')}): check values with checkStoredValue before storing.`);
    this.name = 'UnstorableMetricValueError';
    this.positions = positions;
  }
}

/**
 * Stores metric points; the same point (metric, dimensions, time) written again replaces the
 * first, so re-imports and retried ingests count once. Returns the number of distinct points.
 * The month catalogue is written first: a month listed without points is harmless, points in
 * an unlisted month would be invisible. A call that throws is safe to repeat.
 */
export async function putMetricPoints(context: StoreContext, points: readonly MetricPoint[]): Promise<number> {
  const parsed = z.array(MetricPointSchema).parse(points);
  const unstorable = parsed.flatMap((point, position) => (checkStoredValue(point.value) === undefined ? [] : [position]));
  if (unstorable.length > 0) throw new UnstorableMetricValueError(unstorable);
  const byMetric = new Map<string, number[]>();
  for (const point of parsed) {
    const times = byMetric.get(point.metric);
    if (times) times.push(point.time);
    else byMetric.set(point.metric, [point.time]);
  }
  await writeInBatches(context, [...byMetric.keys()].map((metric) => ({ put: { PK: METRICS_PARTITION, SK: metric } })));
  for (const [metric, times] of byMetric) await recordMonths(context, monthsPartition(metric), times);
  return writeInBatches(
    context,
    parsed.map((point) => ({ put: { ...omitUndefined(point), PK: metricPartition(point.metric, point.time), SK: metricSortKey(point) } })),
  );
}

/** What a merge did: points new to the store, points given a new value, points already stored with that value. */
export interface MergeMetricPointsResult {
  readonly added: number;
  readonly updated: number;
  readonly present: number;
}

/**
 * Stores the points that are new or changed and counts those already present (same metric, time,
 * dimensions and value), so a repeated import says "already present" instead of "imported". Reads
 * each metric's points over the span of the given ones first (one Query per month), then writes
 * only what differs. Points repeated within the call count once, the last value winning.
 */
export async function mergeMetricPoints(context: StoreContext, points: readonly MetricPoint[]): Promise<MergeMetricPointsResult> {
  const latest = new Map<string, MetricPoint>();
  for (const point of points) latest.set(`${point.metric}\u0000${metricSortKey(point)}`, point);
  const spans = new Map<string, { first: number; last: number }>();
  for (const point of latest.values()) {
    const span = spans.get(point.metric);
    if (span) {
      span.first = Math.min(span.first, point.time);
      span.last = Math.max(span.last, point.time);
    } else {
      spans.set(point.metric, { first: point.time, last: point.time });
    }
  }
  const stored = new Map<string, number>();
  for (const [metric, { first, last }] of spans) {
    for (const point of await queryMetricPoints(context, metric, first - 1, last)) stored.set(`${metric}\u0000${metricSortKey(point)}`, point.value);
  }
  const changed: MetricPoint[] = [];
  let added = 0;
  let updated = 0;
  for (const [key, point] of latest) {
    const value = stored.get(key);
    if (value === undefined) added += 1;
    else if (!Object.is(value, point.value)) updated += 1;
    else continue;
    changed.push(point);
  }
  if (changed.length > 0) await putMetricPoints(context, changed);
  return { added, updated, present: latest.size - added - updated };
}

/** The metrics that have points in the store (written since the catalogue exists), in id order. */
export async function listStoredMetrics(context: StoreContext): Promise<string[]> {
  const items = await queryAllPages(context, { KeyConditionExpression: 'PK = :partition', ExpressionAttributeValues: { ':partition': METRICS_PARTITION } });
  return items.map((item) => String(item.SK));
}

/**
 * Points of one metric with fromExclusive < time <= toInclusive, oldest first: one Query of
 * the month catalogue, then one Query per month that holds points.
 */
export async function queryMetricPoints(context: StoreContext, metric: string, fromExclusive: number, toInclusive: number): Promise<MetricPoint[]> {
  const first = Math.max(0, Math.floor(fromExclusive) + 1);
  const last = Math.floor(toInclusive);
  if (last < first) return [];
  const points: MetricPoint[] = [];
  for (const month of await listRecordedMonths(context, monthsPartition(metric), first, last)) {
    const items = await queryAllPages(context, {
      KeyConditionExpression: 'PK = :partition AND SK BETWEEN :low AND :high',
      ExpressionAttributeValues: {
        ':partition': `METRIC#${encodeKeyPart(metric)}#${month}`,
        ':low': padTime(first),
        ':high': `${padTime(last)}#${KEY_SUFFIX_MAX}`,
      },
    });
    // Parsing strips the key attributes: zod objects drop unknown keys.
    for (const item of items) points.push(MetricPointSchema.parse(item));
  }
  return points;
}

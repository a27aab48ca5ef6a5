import * as z from 'zod/mini';
import { writeInBatches } from './batch-write';
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

/**
 * Stores metric points; the same point (metric, dimensions, time) written again replaces the
 * first, so re-imports and retried ingests count once. Returns the number of distinct points.
 * The month catalogue is written first: a month listed without points is harmless, points in
 * an unlisted month would be invisible. A call that throws is safe to repeat.
 */
export async function putMetricPoints(context: StoreContext, points: readonly MetricPoint[]): Promise<number> {
  const parsed = z.array(MetricPointSchema).parse(points);
  const byMetric = new Map<string, number[]>();
  for (const point of parsed) byMetric.set(point.metric, [...(byMetric.get(point.metric) ?? []), point.time]);
  for (const [metric, times] of byMetric) await recordMonths(context, monthsPartition(metric), times);
  return writeInBatches(
    context,
    parsed.map((point) => ({ put: { ...omitUndefined(point), PK: metricPartition(point.metric, point.time), SK: metricSortKey(point) } })),
  );
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

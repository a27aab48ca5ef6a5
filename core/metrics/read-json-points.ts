import { text, type LocalizedText } from '../diagnostics';
import { DIMENSIONS, type MetricPoint } from '../evaluate/point-index';
import { METRIC_ID_PATTERN } from '../schema/patterns';
import { checkDimensionValue, describeUnstoredValue } from './metric-values';
import { readInstant } from './read-instant';

/** The most points one JSON body may carry (the ingest endpoint, an http-json source). */
export const MAX_JSON_POINTS = 10_000;
/** 9999-12-31T23:59:59.999Z: the last instant an ISO 8601 time with a four-digit year names. */
const LAST_INSTANT = 253_402_300_799_999;
const FIELDS = new Set<string>(['time', 'metric', 'value', ...DIMENSIONS]);

/** A point of a JSON body that was refused: its index in `points`, the field at fault, and why. */
export interface JsonPointProblem {
  readonly index: number;
  readonly field?: string;
  readonly message: LocalizedText;
}

/** The good points of a body, with the index of each in `points`, and every bad one; or why the body as a whole is not one. */
export type JsonPointsReading =
  | { readonly points: MetricPoint[]; readonly indices: number[]; readonly problems: JsonPointProblem[] }
  | { readonly error: LocalizedText };

function readTime(value: unknown): number | LocalizedText {
  if (typeof value === 'string') return readInstant(value);
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= LAST_INSTANT) return value;
  return text(
    'time must be epoch milliseconds (a whole number from 0) or ISO 8601 with an offset, e.g. "2026-10-01T09:00:00+08:00".',
    'time 必须是毫秒时间戳（从 0 起的整数）或带时区偏移的 ISO 8601 时间，例如 "2026-10-01T09:00:00+08:00"。',
  );
}

/** Reads one point; the first thing wrong with it, by field. */
function readPoint(raw: unknown): MetricPoint | { field?: string; message: LocalizedText } {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return { message: text('A point must be an object {"time", "metric", "value", ...}.', '数据点必须是对象 {"time", "metric", "value", ...}。') };
  const fields = raw as Record<string, unknown>;
  const unknown = Object.keys(fields).find((field) => !FIELDS.has(field));
  if (unknown !== undefined) return { field: unknown, message: text(`Unknown field "${unknown}": a point has ${[...FIELDS].join(', ')}.`, `未知字段“${unknown}”：数据点的字段为 ${[...FIELDS].join('、')}。`) };
  const time = readTime(fields.time);
  if (typeof time !== 'number') return { field: 'time', message: time };
  const metric = fields.metric;
  if (typeof metric !== 'string' || !METRIC_ID_PATTERN.test(metric)) {
    return { field: 'metric', message: text(`metric must be a metric id (snake_case, e.g. interaction_rate), not ${JSON.stringify(metric) ?? 'nothing'}.`, `metric 必须是指标 ID（snake_case，例如 interaction_rate），而不是 ${JSON.stringify(metric) ?? '空'}。`) };
  }
  const value = fields.value;
  if (typeof value !== 'number') return { field: 'value', message: text('value must be a JSON number.', 'value 必须是 JSON 数字。') };
  const unstored = describeUnstoredValue(value);
  if (unstored !== undefined) return { field: 'value', message: unstored };
  const point: { -readonly [Key in keyof MetricPoint]: MetricPoint[Key] } = { time, metric, value: value === 0 ? 0 : value };
  for (const dimension of DIMENSIONS) {
    const cell = fields[dimension];
    if (cell === undefined) continue;
    if (typeof cell !== 'string' || cell === '') return { field: dimension, message: text(`${dimension} must be a non-empty string when given.`, `${dimension} 如有，必须是非空字符串。`) };
    const problem = checkDimensionValue(dimension, cell);
    if (problem !== undefined) return { field: dimension, message: problem };
    point[dimension] = cell;
  }
  return point;
}

/**
 * Reads a JSON body `{"points": [...]}` (the ingest endpoint's, an http-json source's) by the
 * same rules as a metrics file: each bad point is reported by its index with the field at fault,
 * each good one kept. The value arrives as a JSON number, so it is checked against the store's
 * limits (JSON readers hold IEEE doubles: an integer beyond 2^53 - 1 has already lost digits).
 */
export function readJsonPoints(json: unknown): JsonPointsReading {
  const points = json !== null && typeof json === 'object' && !Array.isArray(json) ? (json as { points?: unknown }).points : undefined;
  if (!Array.isArray(points)) return { error: text('The body must be JSON {"points": [...]}.', '请求体必须是 JSON {"points": [...]}。') };
  if (points.length > MAX_JSON_POINTS) {
    return { error: text(`A body may carry at most ${MAX_JSON_POINTS} points; this one has ${points.length}. Send them in batches.`, `一次最多 ${MAX_JSON_POINTS} 个数据点，本次有 ${points.length} 个。请分批发送。`) };
  }
  const good: MetricPoint[] = [];
  const indices: number[] = [];
  const problems: JsonPointProblem[] = [];
  points.forEach((raw: unknown, index) => {
    const read = readPoint(raw);
    if ('message' in read) {
      problems.push({ index, ...read });
      return;
    }
    good.push(read);
    indices.push(index);
  });
  return { points: good, indices, problems };
}

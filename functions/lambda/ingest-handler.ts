import type { Context } from 'aws-lambda';
import { Buffer } from 'node:buffer';
import * as z from 'zod/mini';
import type { LocalizedText, MetricPoint } from '../../core/index';
import { parseMetricsCsv } from '../../core/metrics/parse-csv';
import { readJsonPoints } from '../../core/metrics/read-json-points';
import type { FlywheelStore } from '../store/index';
import { adoptContext, flushMetrics, type Observability } from './runtime';
import { FunctionUrlEventSchema, type FunctionUrlResult } from './schemas';

export interface IngestHandlerDeps extends Observability {
  readonly store: FlywheelStore;
}

/** A refused point in a 400 answer: `index` in a JSON body's points, `line` in a CSV body, and why in English and Chinese. */
interface ProblemEntry {
  readonly index?: number;
  readonly line?: number;
  readonly field?: string;
  readonly message: LocalizedText;
}

function answer(statusCode: number, body: Record<string, unknown>): FunctionUrlResult {
  return { statusCode, headers: { 'content-type': 'application/json; charset=utf-8' }, body: JSON.stringify(body) };
}

const both = (message: LocalizedText) => `${message.en} / ${message.zh}`;

function badRequest(error: string, problems: readonly ProblemEntry[] = []): FunctionUrlResult {
  return answer(400, { error, ...(problems.length > 0 ? { problemCount: problems.length, problems } : {}) });
}

const NOTHING_STORED = 'Some points are bad; nothing was stored. Send the batch again without them (each is listed). / 部分数据点有错误，未写入任何数据。请去掉所列数据点后重新发送。';

/** Reads the points of a request body: CSV (the `flywheel metrics` format, as bytes so GB18030 is read too) or JSON `{ points }`. */
function readPoints(contentType: string, body: string | Uint8Array): { points: MetricPoint[] } | { error: FunctionUrlResult } {
  if (/^text\/csv\b/i.test(contentType)) {
    const { points, problems } = parseMetricsCsv(body);
    if (problems.length > 0) return { error: badRequest(NOTHING_STORED, problems.map((problem) => ({ line: problem.line, message: problem.message }))) };
    return { points };
  }
  let json: unknown;
  try {
    json = JSON.parse(typeof body === 'string' ? body : Buffer.from(body).toString('utf8'));
  } catch {
    return { error: badRequest('The body is neither JSON nor CSV: send JSON {"points": [...]} or set content-type: text/csv. / 请求体不是 JSON 或 CSV。') };
  }
  const read = readJsonPoints(json);
  if ('error' in read) return { error: badRequest(both(read.error)) };
  if (read.problems.length > 0) {
    return { error: badRequest(NOTHING_STORED, read.problems.map((problem) => ({ index: problem.index, ...(problem.field ? { field: problem.field } : {}), message: problem.message }))) };
  }
  return { points: read.points };
}

/**
 * Metric points in over the Function URL (IAM auth). All or nothing per request: a body with
 * any bad point stores nothing and answers 400 listing every bad point (its index in a JSON
 * body, its line in a CSV body, and what is wrong), so a client can send the rest again (the
 * CLI's `metrics import --to` does, keeping the good rows). Idempotent: a point's key is its
 * metric, time and dimensions, so sending the same body again stores each point once.
 */
export function createIngestHandler(deps: IngestHandlerDeps): (event: unknown, context?: Context) => Promise<FunctionUrlResult> {
  return async (event, context) => {
    adoptContext(deps.logger, context);
    try {
      const request = FunctionUrlEventSchema.safeParse(event);
      if (!request.success) return badRequest(`Not a Function URL request: ${z.prettifyError(request.error).split('\n')[0]}`);
      if (request.data.requestContext.http.method !== 'POST') return answer(405, { error: 'Use POST. / 请使用 POST。' });
      const headers = Object.fromEntries(Object.entries(request.data.headers ?? {}).map(([name, value]) => [name.toLowerCase(), value]));
      const raw = request.data.body ?? '';
      const body = request.data.isBase64Encoded ? new Uint8Array(Buffer.from(raw, 'base64')) : raw;
      if ((typeof body === 'string' ? body : Buffer.from(body).toString('utf8')).trim() === '') return badRequest('The body is empty: send metric points as JSON {"points": [...]} or CSV. / 请求体为空。');
      const read = readPoints(headers['content-type'] ?? 'application/json', body);
      if ('error' in read) {
        deps.metrics.addMetric('IngestRejected', 'Count', 1);
        return read.error;
      }
      const written = read.points.length > 0 ? await deps.store.putMetricPoints(read.points) : 0;
      deps.metrics.addMetric('PointsIngested', 'Count', written);
      deps.logger.info('Metric points stored', { received: read.points.length, written });
      return answer(200, { received: read.points.length, written });
    } finally {
      flushMetrics(deps.metrics);
    }
  };
}

import type { Context } from 'aws-lambda';
import { Buffer } from 'node:buffer';
import * as z from 'zod/mini';
import type { MetricPoint } from '../../core/index';
import { parseMetricsCsv } from '../../core/metrics/parse-csv';
import type { FlywheelStore } from '../store/index';
import { adoptContext, flushMetrics, type Observability } from './runtime';
import { FunctionUrlEventSchema, IngestJsonSchema, type FunctionUrlResult } from './schemas';

export interface IngestHandlerDeps extends Observability {
  readonly store: FlywheelStore;
}

/** Problems listed in a 400 answer at most. */
const MAX_PROBLEMS = 20;

function answer(statusCode: number, body: Record<string, unknown>): FunctionUrlResult {
  return { statusCode, headers: { 'content-type': 'application/json; charset=utf-8' }, body: JSON.stringify(body) };
}

function badRequest(error: string, problems: readonly string[] = []): FunctionUrlResult {
  return answer(400, { error, ...(problems.length > 0 ? { problems: problems.slice(0, MAX_PROBLEMS), problemCount: problems.length } : {}) });
}

/** Reads the points of a request body: CSV (the `flywheel metrics` format) or JSON `{ points }`. */
function readPoints(contentType: string, body: string): { points: MetricPoint[] } | { error: FunctionUrlResult } {
  if (/^text\/csv\b/i.test(contentType)) {
    const { points, problems } = parseMetricsCsv(body);
    if (problems.length > 0) {
      return { error: badRequest('The CSV has problems; nothing was stored. Fix the lines and send it again. / CSV 有错误, 未写入任何数据。', problems.map((problem) => `line ${problem.line}: ${problem.message.en} / ${problem.message.zh}`)) };
    }
    return { points };
  }
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return { error: badRequest('The body is neither JSON nor CSV: send JSON {"points": [...]} or set content-type: text/csv. / 请求体不是 JSON 或 CSV。') };
  }
  const parsed = IngestJsonSchema.safeParse(json);
  if (!parsed.success) {
    return { error: badRequest('The points do not fit the schema; nothing was stored. / 数据点格式错误, 未写入任何数据。', parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`)) };
  }
  return { points: parsed.data.points as MetricPoint[] };
}

/**
 * Metric points in over the Function URL (IAM auth). All or nothing per request: a body with
 * any bad line stores nothing and says which lines. Idempotent: a point's key is its metric,
 * time and dimensions, so sending the same body again stores each point once.
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
      const body = request.data.isBase64Encoded ? Buffer.from(raw, 'base64').toString('utf8') : raw;
      if (body.trim() === '') return badRequest('The body is empty: send metric points as JSON {"points": [...]} or CSV. / 请求体为空。');
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

import { IngestJsonSchema } from '../lambda/schemas';
import type { ConnectorRuntime } from '../connectors/runtime';
import type { MetricPoint } from '../store/index';
import { getJson } from './get-json';
import type { PullConnector, PullOutcome } from './pull-connector';

/*
 * An http-json source: GET its (secret) URL, which answers {"points": [...]} exactly as the ingest
 * endpoint takes them (functions/lambda/schemas.ts: time as epoch ms or ISO 8601 with an offset,
 * metric, value, optional dimensions). Only the metrics the source lists are stored; the others
 * are refused and counted in the note. An answer that does not fit stores nothing.
 */

export interface HttpJsonPullOptions {
  readonly source: string;
  readonly url: string;
  readonly metrics: readonly string[];
  readonly runtime: ConnectorRuntime;
}

/** Reads metric points from a service that answers like the ingest endpoint. */
export class HttpJsonPullConnector implements PullConnector {
  readonly kind = 'http-json';

  constructor(private readonly options: HttpJsonPullOptions) {}

  async pull(): Promise<PullOutcome> {
    const { source } = this.options;
    const read = await getJson(this.options.runtime, this.options.url, `http-json:${source}`);
    if (!read.ok) {
      const auth = read.status === 401 || read.status === 403;
      const renew = `renew the URL of source ${source}: the service refused it (${read.status}) (数据源地址被拒绝，请更新)`;
      return { status: 'failed', points: [], calls: 1, reason: auth ? `${read.reason}; ${renew}` : read.reason, ...(auth ? { credential: { renew } } : {}) };
    }
    const parsed = IngestJsonSchema.safeParse(read.body);
    if (!parsed.success) {
      const where = parsed.error.issues.slice(0, 3).map((issue) => `${issue.path.join('.') || '(body)'}: ${issue.message}`).join('; ');
      return { status: 'failed', points: [], calls: 1, reason: `The answer is not {"points": [...]} as the ingest endpoint takes it; nothing was stored (${where}) (应答格式不符，未写入任何数据)` };
    }
    const allowed = new Set(this.options.metrics);
    const points = parsed.data.points.filter((point) => allowed.has(point.metric)) as MetricPoint[];
    const refused = [...new Set(parsed.data.points.filter((point) => !allowed.has(point.metric)).map((point) => point.metric))];
    const count = parsed.data.points.length - points.length;
    return {
      status: 'ok', points, calls: 1,
      ...(count > 0 ? { note: `refused ${count} point(s) of metrics the source does not list: ${refused.join(', ')} (已拒绝 ${count} 个未列出指标的数据点：${refused.join('、')})` } : {}),
    };
  }
}

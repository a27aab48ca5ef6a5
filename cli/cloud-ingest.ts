/*
 * Sends metric points to a deployed stack's ingest function through its Function URL, which
 * requires IAM auth: every request is signed with SigV4 (service `lambda`) using the caller's
 * AWS credentials from the usual chain (environment, profile, SSO, instance role). The ingest
 * function stores a request all or nothing and counts a point sent twice once; when it refuses
 * some points (400 naming each by index), they are reported and the rest of the batch is sent
 * again, so good rows are kept as in a local import.
 */
import { defaultProvider } from '@aws-sdk/credential-provider-node';
// The SDK's own Node SHA-256 (what its clients sign with): an HMAC when given a key.
import { Hash } from '@smithy/core/serde';
import { SignatureV4 } from '@smithy/signature-v4';
import { MAX_JSON_POINTS, type LocalizedText, type MetricPoint } from '../core/index';

/** What one ingest request may carry (core/metrics/read-json-points.ts). */
export const INGEST_BATCH_POINTS = MAX_JSON_POINTS;

/** A point the ingest function refused: its index in the points given to sendToIngest, and why. */
export interface RefusedPoint {
  readonly index: number;
  readonly message: LocalizedText;
}

/** What the function received and stored, and the points it refused. */
export interface IngestResult {
  readonly received: number;
  readonly written: number;
  readonly refused: readonly RefusedPoint[];
}

/** The points a 400 answer names by index, or undefined when it refuses the request as a whole. */
function refusedPoints(body: string): { index: number; message: LocalizedText }[] | undefined {
  let answer: unknown;
  try {
    answer = JSON.parse(body);
  } catch {
    return undefined;
  }
  const problems = (answer as { problems?: unknown } | null)?.problems;
  if (!Array.isArray(problems) || problems.length === 0) return undefined;
  const refused: { index: number; message: LocalizedText }[] = [];
  for (const problem of problems as { index?: unknown; message?: { en?: unknown; zh?: unknown } }[]) {
    if (typeof problem?.index !== 'number' || typeof problem.message?.en !== 'string' || typeof problem.message.zh !== 'string') return undefined;
    refused.push({ index: problem.index, message: { en: problem.message.en, zh: problem.message.zh } });
  }
  return refused;
}

/** The ingest function refused or could not be reached; the message says what to do. */
export class CloudIngestError extends Error {
  override readonly name = 'CloudIngestError';
}

export interface CloudIngestOptions {
  /** The stack's ingest URL (its `IngestUrl` output). */
  readonly url: string;
  /** @default the region in a `*.lambda-url.<region>.on.aws` host, else AWS_REGION */
  readonly region?: string;
  /** A profile of the shared AWS config. @default AWS_PROFILE or the default chain */
  readonly profile?: string;
  /** @default the global fetch */
  readonly fetch?: typeof fetch;
  /** Credentials to sign with. @default the AWS SDK's default provider chain */
  readonly credentials?: () => Promise<{ accessKeyId: string; secretAccessKey: string; sessionToken?: string }>;
}

/** The region of a Function URL host, as AWS names them: `<id>.lambda-url.<region>.on.aws`. */
export function regionOfFunctionUrl(url: URL): string | undefined {
  return /\.lambda-url\.([a-z0-9-]+)\.on\.aws$/.exec(url.hostname)?.[1];
}

/**
 * Sends the points in signed batches; returns how many the function received and stored (a point
 * stored again replaces itself) and the points it refused, which are left out of a second send.
 */
export async function sendToIngest(points: readonly MetricPoint[], options: CloudIngestOptions): Promise<IngestResult> {
  let url: URL;
  try {
    url = new URL(options.url);
  } catch {
    throw new CloudIngestError(`"${options.url}" is not a URL: pass the stack's IngestUrl output (https://<id>.lambda-url.<region>.on.aws/). / 不是有效的 URL。`);
  }
  const region = options.region ?? regionOfFunctionUrl(url) ?? process.env.AWS_REGION;
  if (!region) throw new CloudIngestError('Which region is the ingest function in? Pass --region or set AWS_REGION. / 请用 --region 指定区域。');
  const signer = new SignatureV4({
    service: 'lambda', region, sha256: Hash.bind(null, 'sha256'),
    credentials: options.credentials ?? defaultProvider(options.profile ? { profile: options.profile } : {}),
  });
  const send = options.fetch ?? fetch;
  let received = 0;
  let written = 0;
  const refused: RefusedPoint[] = [];
  const post = async (body: string): Promise<{ status: number; text: string }> => {
    const query = Object.fromEntries(url.searchParams);
    let signed;
    try {
      signed = await signer.sign({
        method: 'POST', protocol: url.protocol, hostname: url.hostname, ...(url.port ? { port: Number(url.port) } : {}), path: url.pathname, query,
        headers: { host: url.host, 'content-type': 'application/json' }, body,
      });
    } catch (error) {
      throw new CloudIngestError(`No AWS credentials to sign with (${error instanceof Error ? error.message : String(error)}): sign in (aws sso login, or set AWS_PROFILE). / 没有可用的 AWS 凭证。`);
    }
    let response: Response;
    try {
      response = await send(url.href, { method: 'POST', headers: signed.headers as Record<string, string>, body });
    } catch (error) {
      throw new CloudIngestError(`Could not reach ${url.origin} (${error instanceof Error ? error.message : String(error)}); ${received} point(s) were sent before. Check the URL and the network, then import again: points already stored count once. / 无法连接 ingest 函数。`);
    }
    return { status: response.status, text: await response.text() };
  };
  for (let start = 0; start < points.length; start += INGEST_BATCH_POINTS) {
    // Positions (in `points`) of what this batch still sends: refused points drop out and the rest goes again.
    let positions = Array.from({ length: Math.min(INGEST_BATCH_POINTS, points.length - start) }, (_, offset) => start + offset);
    while (positions.length > 0) {
      const { status, text } = await post(JSON.stringify({ points: positions.map((position) => points[position]) }));
      if (status === 403) {
        throw new CloudIngestError(`The ingest function refused the request (403): the signed-in principal needs lambda:InvokeFunctionUrl on it (${text.slice(0, 200)}). / 没有调用权限 (需要 lambda:InvokeFunctionUrl)。`);
      }
      const named = status === 400 ? refusedPoints(text) : undefined;
      if (named !== undefined && named.every((problem) => problem.index >= 0 && problem.index < positions.length)) {
        const dropped = new Set(named.map((problem) => problem.index));
        for (const problem of named) refused.push({ index: positions[problem.index] as number, message: problem.message });
        positions = positions.filter((_, index) => !dropped.has(index));
        continue;
      }
      if (status < 200 || status > 299) throw new CloudIngestError(`The ingest function answered ${status}: ${text.slice(0, 300)}; ${received} point(s) were stored before. / ingest 函数返回错误。`);
      let answer: { received?: number; written?: number };
      try {
        answer = JSON.parse(text) as { received?: number; written?: number };
      } catch {
        throw new CloudIngestError(`The ingest function answered ${status} with something other than JSON (${text.slice(0, 200)}): is ${url.origin} the stack's IngestUrl? / ingest 函数的回答不是 JSON。`);
      }
      received += answer.received ?? 0;
      written += answer.written ?? 0;
      break;
    }
  }
  return { received, written, refused };
}

import { deliver, DEFAULT_RETRY_POLICY } from '../connectors/delivery';
import { classifyHttpStatus, sendHttp } from '../connectors/http';
import type { ConnectorRuntime } from '../connectors/runtime';

/** A JSON answer, or why there is none: with the HTTP status when the server answered. */
export type JsonRead = { readonly ok: true; readonly body: unknown } | { readonly ok: false; readonly reason: string; readonly status?: number };

/**
 * GETs a JSON document through the connectors' retry policy: 429, 5xx and lost answers are tried
 * again (a read changes nothing), Retry-After is honoured, any other 4xx fails at once.
 */
export async function getJson(runtime: ConnectorRuntime, url: string, label: string, headers: Record<string, string> = {}): Promise<JsonRead> {
  let body: unknown;
  let status: number | undefined;
  const result = await deliver(async () => {
    const answer = await sendHttp({ url, method: 'GET', headers: { Accept: 'application/json', ...headers }, timeoutMs: runtime.timeoutMs, fetch: runtime.fetch, safeToRepeat: true });
    if (!answer.answered) return answer.outcome;
    status = answer.response.status;
    const failure = classifyHttpStatus(answer.response, answer.text, runtime.now());
    if (failure) return failure;
    try {
      body = JSON.parse(answer.text ?? '');
    } catch {
      return { kind: 'permanent', reason: `${label} answered ${answer.response.status} with a body that is not JSON` };
    }
    return { kind: 'accepted' };
  }, { policy: DEFAULT_RETRY_POLICY, limiter: runtime.limiter, limiterKey: runtime.limiterKey, label, now: runtime.now, sleep: runtime.sleep, random: runtime.random });
  if (result.status === 'published') return { ok: true, body };
  return { ok: false, reason: result.reason, ...(status === undefined ? {} : { status }) };
}

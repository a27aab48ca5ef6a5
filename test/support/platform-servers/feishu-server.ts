import { createHmac } from 'node:crypto';
import { jsonBody, signatureMatches, SlidingWindow, startHttpServer, type RunningServer, type ServerOptions } from './http-server';

/*
 * A local Feishu custom bot following its documented contract (platforms-peers-compliance.md §3.8;
 * https://open.larkoffice.com/document/ukTMukTMukTM/ucTM5YjL3ETO24yNxkjN.md): POST
 * /open-apis/bot/v2/hook/<id>; with a secret, `timestamp` (seconds, within an hour) and `sign` =
 * Base64(HMAC-SHA256(key = timestamp + "\n" + secret, "")) in the body, else code 19021;
 * 100 a minute and 5 a second (code 11232); body ≤ 20 KB. Answers `{ code, msg, data }`.
 */

export interface FeishuMessage {
  readonly msgType: string;
  readonly content: Record<string, unknown>;
  readonly at: number;
}

export interface FeishuServer extends RunningServer {
  readonly hookUrl: string;
  readonly messages: FeishuMessage[];
}

export async function startFeishuServer(options: ServerOptions & { hookId?: string; secret?: string } = {}): Promise<FeishuServer> {
  const now = options.now ?? Date.now;
  const hookId = options.hookId ?? 'feishu-hook-id';
  const perSecond = new SlidingWindow(5, 1000, now);
  const perMinute = new SlidingWindow(100, 60_000, now);
  const messages: FeishuMessage[] = [];
  const server = await startHttpServer((request) => {
    const answer = (code: number, msg: string, status = 200) => ({ status, body: { code, data: {}, msg } });
    if (request.method !== 'POST' || !request.path.startsWith('/open-apis/bot/v2/hook/')) return { status: 404, body: '404 page not found' };
    if (request.path.slice('/open-apis/bot/v2/hook/'.length) !== hookId) return answer(19001, 'param invalid: incoming webhook access token invalid', 400);
    if (Buffer.byteLength(request.body) > 20 * 1024) return answer(9499, 'Bad Request: request body too large', 400);
    const body = jsonBody(request);
    if (!body) return answer(9499, 'Bad Request', 400);
    if (options.secret !== undefined) {
      const timestamp = Number(body.timestamp);
      const expected = createHmac('sha256', `${String(body.timestamp)}\n${options.secret}`).update('').digest('base64');
      const fresh = Number.isFinite(timestamp) && Math.abs(now() / 1000 - timestamp) <= 3600;
      if (!fresh || !signatureMatches(typeof body.sign === 'string' ? body.sign : '', expected)) {
        return answer(19021, 'sign match fail or timestamp is not within one hour from current time');
      }
    }
    if (typeof body.msg_type !== 'string' || typeof body.content !== 'object' || body.content === null) return answer(9499, 'Bad Request', 400);
    if (!perSecond.admit() || !perMinute.admit()) return answer(11232, 'frequency limited psm[lark.oapi.app_platform_runtime]');
    messages.push({ msgType: body.msg_type, content: body.content as Record<string, unknown>, at: request.at });
    return answer(0, 'success');
  }, options);
  return { ...server, hookUrl: `${server.origin}/open-apis/bot/v2/hook/${hookId}`, messages };
}

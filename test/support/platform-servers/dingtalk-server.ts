import { createHmac } from 'node:crypto';
import { jsonBody, signatureMatches, SlidingWindow, startHttpServer, type RunningServer, type ServerOptions } from './http-server';

/*
 * A local DingTalk custom robot following its documented contract (platforms-peers-compliance.md
 * §3.8): POST /robot/send?access_token=…&timestamp=<ms>&sign=<urlencoded base64>; sign =
 * Base64(HmacSHA256(key = secret, timestamp + "\n" + secret)), timestamp within an hour, else
 * errcode 310000 "sign not match"; 20 messages a minute, then errcode 130101 "send too fast, exceed
 * 20 times per minute" and a 10-minute throttle; content over 20000 bytes refused (460101).
 * Every answer is HTTP 200 with `{ errcode, errmsg }`.
 */

export interface DingTalkMessage {
  readonly msgtype: string;
  readonly body: Record<string, unknown>;
  readonly at: number;
}

export interface DingTalkServer extends RunningServer {
  readonly webhookUrl: string;
  readonly messages: DingTalkMessage[];
}

export async function startDingTalkServer(options: ServerOptions & { accessToken?: string; secret?: string } = {}): Promise<DingTalkServer> {
  const now = options.now ?? Date.now;
  const accessToken = options.accessToken ?? 'dingtalk-access-token';
  const window = new SlidingWindow(20, 60_000, now);
  let throttledUntil = Number.NEGATIVE_INFINITY;
  const messages: DingTalkMessage[] = [];
  const server = await startHttpServer((request) => {
    const answer = (errcode: number, errmsg: string) => ({ status: 200, body: { errcode, errmsg } });
    if (request.method !== 'POST' || request.path !== '/robot/send') return { status: 404, body: 'not found' };
    if (request.query.get('access_token') !== accessToken) return answer(300001, 'token is not exist');
    if (options.secret !== undefined) {
      const timestamp = Number(request.query.get('timestamp'));
      const expected = createHmac('sha256', options.secret).update(`${request.query.get('timestamp')}\n${options.secret}`).digest('base64');
      if (!(Math.abs(now() - timestamp) <= 3_600_000)) return answer(310000, 'invalid timestamp');
      if (!signatureMatches(request.query.get('sign') ?? '', expected)) return answer(310000, 'sign not match, more: [https://ding-doc.dingtalk.com/doc#/serverapi2/qf2nxq]');
    }
    const body = jsonBody(request);
    const msgtype = body?.msgtype;
    if (typeof msgtype !== 'string' || typeof body?.[msgtype] !== 'object') return answer(40035, 'missing parameter msgtype');
    const content = JSON.stringify(body[msgtype]);
    if (Buffer.byteLength(content) > 20_000) return answer(460101, 'message too long, exceed 20000 bytes');
    if (now() < throttledUntil) return answer(130101, 'send too fast, exceed 20 times per minute');
    if (!window.admit()) {
      throttledUntil = now() + 10 * 60_000;
      return answer(130101, 'send too fast, exceed 20 times per minute');
    }
    messages.push({ msgtype, body, at: request.at });
    return answer(0, 'ok');
  }, options);
  return { ...server, webhookUrl: `${server.origin}/robot/send?access_token=${accessToken}`, messages };
}

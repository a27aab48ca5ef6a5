import { jsonBody, SlidingWindow, startHttpServer, type RunningServer, type ServerOptions } from './http-server';

/*
 * A local WeCom group bot following its documented contract (platforms-peers-compliance.md §3.8;
 * official doc path 91770 via https://app.unpkg.com/weworkbot@1.4.1/files/README.md): POST
 * /cgi-bin/webhook/send?key=KEY; text ≤ 2048 bytes, markdown ≤ 4096 bytes (errcode 40058);
 * 20 messages a minute per bot (errcode 45009 "api freq out of limit"); a wrong key is errcode
 * 93000. Every answer is HTTP 200 with `{ errcode, errmsg }`.
 */

export interface WeComMessage {
  readonly msgtype: 'text' | 'markdown';
  readonly content: string;
  readonly mentionedList?: readonly string[];
  readonly mentionedMobileList?: readonly string[];
  readonly at: number;
}

export interface WeComServer extends RunningServer {
  /** The webhook URL with the valid key. */
  readonly webhookUrl: string;
  readonly messages: WeComMessage[];
}

const LIMITS = { text: 2048, markdown: 4096 } as const;

export async function startWeComServer(options: ServerOptions & { key?: string; perMinute?: number } = {}): Promise<WeComServer> {
  const now = options.now ?? Date.now;
  const key = options.key ?? 'wecom-test-key';
  const window = new SlidingWindow(options.perMinute ?? 20, 60_000, now);
  const messages: WeComMessage[] = [];
  const server = await startHttpServer((request) => {
    const answer = (errcode: number, errmsg: string) => ({ status: 200, body: { errcode, errmsg } });
    if (request.method !== 'POST' || request.path !== '/cgi-bin/webhook/send') return { status: 404, body: 'not found' };
    if (request.query.get('key') !== key) return answer(93000, 'invalid webhook url, hint: [test]');
    const body = jsonBody(request);
    const msgtype = body?.msgtype;
    if (msgtype !== 'text' && msgtype !== 'markdown') return answer(40008, 'invalid message type');
    const payload = body?.[msgtype] as { content?: unknown; mentioned_list?: string[]; mentioned_mobile_list?: string[] } | undefined;
    if (typeof payload?.content !== 'string' || payload.content === '') return answer(44004, 'empty content');
    if (Buffer.byteLength(payload.content, 'utf8') > LIMITS[msgtype]) return answer(40058, `${msgtype}.content exceed max length ${LIMITS[msgtype]}`);
    if (!window.admit()) return answer(45009, 'api freq out of limit');
    messages.push({
      msgtype, content: payload.content, at: request.at,
      ...(payload.mentioned_list ? { mentionedList: payload.mentioned_list } : {}), ...(payload.mentioned_mobile_list ? { mentionedMobileList: payload.mentioned_mobile_list } : {}),
    });
    return answer(0, 'ok');
  }, options);
  return { ...server, webhookUrl: `${server.origin}/cgi-bin/webhook/send?key=${key}`, messages };
}

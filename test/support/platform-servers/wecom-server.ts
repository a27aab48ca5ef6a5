import { createHash } from 'node:crypto';
import { jsonBody, SlidingWindow, startHttpServer, type RunningServer, type ServerOptions } from './http-server';

/*
 * A local WeCom group bot following its documented contract (platforms-peers-compliance.md §3.8;
 * official doc path 91770 via https://app.unpkg.com/weworkbot@1.4.1/files/README.md): POST
 * /cgi-bin/webhook/send?key=KEY; text ≤ 2048 bytes, markdown ≤ 4096 bytes (errcode 40058);
 * 20 messages a minute per bot (errcode 45009 "api freq out of limit"); a wrong key is errcode
 * 93000; an image is `{ base64, md5 }`, a JPG or PNG up to 2 MB whose md5 (of the bytes before
 * encoding) must match (our sources give no errcode for those refusals: 40058 stands in). Every
 * answer is HTTP 200 with `{ errcode, errmsg }`.
 */

export interface WeComMessage {
  readonly msgtype: 'text' | 'markdown' | 'image';
  /** An image's bytes, decoded. */
  readonly image?: Buffer;
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
    if (msgtype === 'image') {
      const image = body?.image as { base64?: unknown; md5?: unknown } | undefined;
      if (typeof image?.base64 !== 'string' || typeof image.md5 !== 'string') return answer(40058, 'image.base64 and image.md5 are required');
      const bytes = Buffer.from(image.base64, 'base64');
      if (bytes.byteLength > 2 * 1024 * 1024) return answer(40058, 'image exceed max size 2M');
      if (createHash('md5').update(bytes).digest('hex') !== image.md5) return answer(40058, 'image md5 mismatch');
      const isImage = bytes.subarray(0, 3).equals(Buffer.from([0xff, 0xd8, 0xff])) || bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
      if (!isImage) return answer(40058, 'image must be jpg or png');
      if (!window.admit()) return answer(45009, 'api freq out of limit');
      messages.push({ msgtype, content: '', image: bytes, at: request.at });
      return answer(0, 'ok');
    }
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

import type { AttemptOutcome } from './delivery';
import { classifyHttpStatus, excerpt, parseJsonObject, sendHttp } from './http';
import type { ConnectorRuntime } from './runtime';

/*
 * The parts of the WeChat Official Account API every call shares: the access token and the
 * errcode table. Sources (platforms-peers-compliance.md §3.1): stable_token
 * https://developers.weixin.qq.com/doc/service/api/base/api_getstableaccesstoken (≤ 7200 s;
 * force_refresh at most 20 a day, 30 s apart; refreshing invalidates the previous token), and
 * the errcodes each endpoint documents. WeChat answers HTTP 200 with `{ errcode, errmsg }`.
 */

export const WECHAT_API_ORIGIN = 'https://api.weixin.qq.com';
/** Renew this long before the stated expiry, so a token never dies in flight. */
const TOKEN_MARGIN_MS = 5 * 60_000;

/** A cached access token; a map of these by app id may be shared across connectors (deps.tokens). */
export interface CachedToken {
  readonly value: string;
  readonly expiresAt: number;
  /** When it was fetched; absent in caches filled elsewhere, which are then read as 2-hour tokens. */
  readonly issuedAt?: number;
}

/**
 * When a cached token is renewed: 5 minutes before it expires, or half-way through a token that
 * came with less than 10 minutes to live, so a short-lived answer is used rather than refetched
 * for every call.
 */
function renewAt(token: CachedToken): number {
  const lifetime = token.expiresAt - (token.issuedAt ?? token.expiresAt - 7200_000);
  return token.expiresAt - Math.min(TOKEN_MARGIN_MS, lifetime / 2);
}

/** Errcodes that say the token, not the request, was wrong: refresh it and try again. */
const TOKEN_ERRCODES = new Set([40001, 40014, 42001]);

/** What an errcode means and what to do about it. */
const PERMANENT_HINTS: Readonly<Record<number, string>> = {
  40007: 'invalid media_id: the cover (thumbMediaId) must be a permanent image material of this account (素材 ID 无效)',
  40013: 'invalid AppID (AppID 无效); check the credentials secret',
  40125: 'invalid AppSecret (AppSecret 无效); reset it in the 公众平台 and update the secret',
  40164: 'this server\'s IP is not on the account\'s IP allowlist (IP 不在白名单); add it under 开发 > 基本配置, or send the calls through a proxy with a fixed, allow-listed IP by setting the channel\'s instance to its address (Lambda has no fixed IP)',
  45002: 'the article content is too long (正文超长): under 20,000 characters and 1 MB',
  45003: 'the title is too long (标题超长): at most 32 characters',
  45004: 'the digest is too long (摘要超长): at most 128 characters',
  45110: 'the author is too long (作者超长): at most 16 characters',
  48001: 'the account lacks this API permission (未获得接口权限); freepublish needs a verified account',
  61500: 'a date is not yyyy-MM-dd (日期格式错误)',
  61501: 'the date range is refused (日期范围错误): data APIs take at most 7 days of user data or 1 day of article data a call, up to yesterday',
  53503: 'the draft did not pass the publish check (草稿未通过发布检查); open it in the 公众平台 to see why',
  53504: 'the draft must be published from the 公众平台 website (需前往公众平台官网使用草稿)',
  53505: 'the draft must be saved by hand in the 公众平台 before it can be published (请手动保存成功后再发表)',
};

/** The errcode a reason from {@link readWeChatAnswer} names, or undefined when WeChat gave none. */
export function errcodeOf(reason: string): number | undefined {
  const match = /WeChat errcode (-?\d+)/.exec(reason);
  return match ? Number(match[1]) : undefined;
}

/** Classifies a WeChat API answer body; `onToken` runs when the errcode condemns the token. */
export function readWeChatAnswer(body: Record<string, unknown> | undefined, raw: string | undefined, onToken: () => void): AttemptOutcome | 'ok' {
  if (body === undefined) return { kind: 'unknown', reason: `WeChat answered with a body that is not JSON: ${excerpt(raw) ?? '(empty)'}` };
  const errcode = typeof body.errcode === 'number' ? body.errcode : 0;
  if (errcode === 0) return 'ok';
  const answer = `WeChat errcode ${errcode} (${String(body.errmsg ?? '')})`;
  if (TOKEN_ERRCODES.has(errcode)) {
    onToken();
    // Rejected for its token, so nothing was done: safe to send again at once with a new one.
    return { kind: 'transient', reason: `${answer}: the access token was refused; refreshed`, retryAfterMs: 0 };
  }
  if (errcode === -1) return { kind: 'transient', reason: `${answer}: WeChat is busy (系统繁忙)` };
  if (errcode === 45011) return { kind: 'transient', reason: `${answer}: calls are too frequent (API 调用太频繁); waiting a minute`, rateLimited: true, retryAfterMs: 60_000 };
  if (errcode === 45009) return { kind: 'transient', reason: `${answer}: the daily API quota is spent (接口调用超过限制); it resets at midnight`, rateLimited: true, retryAfterMs: 3_600_000 };
  return { kind: 'permanent', reason: `${answer}: ${PERMANENT_HINTS[errcode] ?? 'see the errmsg'}` };
}

/** POSTs JSON to one WeChat endpoint and hands back the body of a successful answer. */
export async function callWeChat(
  runtime: ConnectorRuntime, origin: string, path: string, payload: unknown, options: { token?: string; safeToRepeat?: boolean; onToken?: () => void } = {},
): Promise<{ ok: true; body: Record<string, unknown> } | { ok: false; outcome: AttemptOutcome }> {
  const url = new URL(path, origin);
  if (options.token !== undefined) url.searchParams.set('access_token', options.token);
  // A file upload goes as multipart/form-data, with the boundary fetch chooses; everything else as JSON.
  const multipart = payload instanceof FormData;
  const answer = await sendHttp({
    url: url.href, method: 'POST', ...(multipart ? {} : { headers: { 'Content-Type': 'application/json; charset=utf-8' } }), body: multipart ? payload : JSON.stringify(payload),
    timeoutMs: runtime.timeoutMs, fetch: runtime.fetch, ...(options.safeToRepeat ? { safeToRepeat: true } : {}),
  });
  if (!answer.answered) return { ok: false, outcome: answer.outcome };
  const failure = classifyHttpStatus(answer.response, answer.text, runtime.now());
  if (failure) return { ok: false, outcome: failure };
  const body = parseJsonObject(answer.text);
  const reading = readWeChatAnswer(body, answer.text, options.onToken ?? (() => {}));
  // A lost or unreadable answer to a read is harmless: ask again.
  if (reading !== 'ok') return { ok: false, outcome: options.safeToRepeat && reading.kind === 'unknown' ? { kind: 'transient', reason: reading.reason } : reading };
  return { ok: true, body: body ?? {} };
}

/**
 * The account's access token from POST /cgi-bin/stable_token, cached until 5 minutes before it
 * expires. `invalidate` (on 40001/42001/40014) makes the next `get` fetch again; if that returns
 * the very token WeChat refused, it asks once more with force_refresh, which the docs ration.
 */
export class WeChatTokenCache {
  private refused: string | undefined;

  constructor(
    private readonly runtime: ConnectorRuntime,
    private readonly origin: string,
    private readonly appId: string,
    private readonly appSecret: string,
    private readonly tokens: Map<string, CachedToken>,
  ) {}

  /** A valid token, or the outcome that kept one from being had. */
  async get(): Promise<{ ok: true; token: string } | { ok: false; outcome: AttemptOutcome }> {
    const cached = this.tokens.get(this.appId);
    if (cached && renewAt(cached) > this.runtime.now()) return { ok: true, token: cached.value };
    const refused = this.refused;
    let fetched = await this.fetch(false);
    if (fetched.ok && fetched.token === refused) fetched = await this.fetch(true);
    return fetched;
  }

  invalidate(): void {
    this.refused = this.tokens.get(this.appId)?.value;
    this.tokens.delete(this.appId);
  }

  private async fetch(forceRefresh: boolean): Promise<{ ok: true; token: string } | { ok: false; outcome: AttemptOutcome }> {
    const answer = await callWeChat(this.runtime, this.origin, '/cgi-bin/stable_token', { grant_type: 'client_credential', appid: this.appId, secret: this.appSecret, force_refresh: forceRefresh }, { safeToRepeat: true });
    if (!answer.ok) return answer;
    const { access_token: value, expires_in: expiresIn } = answer.body;
    if (typeof value !== 'string' || typeof expiresIn !== 'number') return { ok: false, outcome: { kind: 'transient', reason: 'WeChat\'s stable_token answer had no access_token' } };
    const issuedAt = this.runtime.now();
    this.tokens.set(this.appId, { value, expiresAt: issuedAt + expiresIn * 1000, issuedAt });
    this.refused = undefined;
    return { ok: true, token: value };
  }
}

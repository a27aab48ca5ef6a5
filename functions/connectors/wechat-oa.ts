import * as z from 'zod/mini';
import type { OutgoingPost, PublishConnector } from './connector';
import { DEFAULT_RETRY_POLICY, deliver, type AttemptOutcome, type DeliveryOptions } from './delivery';
import { rebase } from './http';
import type { PublishResult } from './publish-result';
import type { ConnectorRuntime } from './runtime';
import { WECHAT_API_ORIGIN, WeChatTokenCache, callWeChat, type CachedToken } from './wechat-api';

/*
 * WeChat Official Account (公众号) publishing, two-phase and asynchronous (platforms-peers-compliance.md
 * §3.1): POST /cgi-bin/draft/add → media_id (https://developers.weixin.qq.com/doc/service/api/draftbox/draftmanage/api_draft_add:
 * title ≤ 32 字, author ≤ 16, digest ≤ 128, content < 20,000 characters and < 1 MB, thumb_media_id
 * a permanent image, required for news); then POST /cgi-bin/freepublish/submit {media_id} →
 * publish_id (https://developers.weixin.qq.com/doc/service/api/public/api_freepublish_submit):
 * errcode 0 only means "submitted", the article may still fail originality or review; the
 * result is read with POST /cgi-bin/freepublish/get {publish_id}
 * (https://developers.weixin.qq.com/doc/service/api/public/api_freepublish_get): publish_status
 * 0 success, 1 publishing, 2 originality failed, 3 failed, 4 rejected in review, 5 deleted by the
 * user after success, 6 banned after success.
 *
 * The choice for the asynchronous result: publish() ends `unconfirmed` with
 * `readBack: { platformId: publish_id, afterMs }`: the platform took the job and its outcome is
 * pending, which is not an unknown outcome. The caller calls readBack(publish_id) later; it
 * returns `published` (platformId = article_id), `failed` with the reason, or `unconfirmed` with
 * the same readBack while WeChat is still publishing. Pushed PUBLISHJOBFINISH events need a
 * public callback URL, so reading back is the route that also works locally.
 */

/** How long after submitting a first read-back is worth it. */
export const WECHAT_READ_BACK_AFTER_MS = 60_000;
/** No per-minute limit is documented for these endpoints; daily quotas apply (45009). */
export const WECHAT_PER_MINUTE = 60;
const LIMITS = { title: 32, author: 16, digest: 128, contentCharacters: 20_000, contentBytes: 1024 * 1024 } as const;

/** The credentials secret of a wechat-oa channel, as JSON. */
export const WeChatCredentialsSchema = z.object({
  appId: z.string().check(z.minLength(1)),
  appSecret: z.string().check(z.minLength(1)),
  /** A permanent image material id used as every article's cover (news articles need one). */
  thumbMediaId: z.optional(z.string().check(z.minLength(1))),
  author: z.optional(z.string()),
});
export type WeChatCredentials = z.infer<typeof WeChatCredentialsSchema>;

/** What freepublish/get says about one publish job. */
export type PublishStatus =
  | { readonly state: 'published'; readonly articleId: string; readonly urls: readonly string[] }
  | { readonly state: 'failed'; readonly reason: string }
  | { readonly state: 'pending' };

const STATUS_FAILURES: Readonly<Record<number, string>> = {
  2: 'originality declaration failed (原创失败)',
  3: 'publishing failed (常规失败)',
  4: 'rejected in platform review (平台审核不通过)',
  5: 'published, then every article was deleted by the account (成功后用户删除所有文章)',
  6: 'published, then every article was banned by the platform (成功后系统封禁所有文章)',
};

/** Renders plain text as the article's HTML: a paragraph per line, escaped. */
export function renderArticleHtml(post: OutgoingPost): string {
  const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const lines = (post.body ?? '').split('\n').filter((line) => line.trim() !== '').map((line) => `<p>${escape(line)}</p>`);
  if (post.tags?.length) lines.push(`<p>${post.tags.map((tag) => `#${escape(tag)}`).join(' ')}</p>`);
  return lines.join('');
}

export interface WeChatOaOptions {
  readonly credentials: WeChatCredentials;
  readonly name: string;
  readonly runtime: ConnectorRuntime;
  /** Tokens by app id, shared across connectors in one process. @default a map of its own */
  readonly tokens?: Map<string, CachedToken>;
}

/** Publishes posts as Official Account articles: draft, submit, and a read-back of the result. */
export class WeChatOaConnector implements PublishConnector {
  readonly kind = 'wechat-oa';
  private readonly origin: string;
  private readonly tokens: WeChatTokenCache;

  constructor(private readonly options: WeChatOaOptions) {
    this.origin = rebase(WECHAT_API_ORIGIN, options.runtime.baseUrl);
    this.tokens = new WeChatTokenCache(options.runtime, this.origin, options.credentials.appId, options.credentials.appSecret, options.tokens ?? new Map());
  }

  async publish(post: OutgoingPost): Promise<PublishResult> {
    const article = this.article(post);
    if (typeof article.refused === 'string') return { status: 'failed', reason: article.refused, attempts: 0 };
    let mediaId = '';
    const draft = await deliver(() => this.call('/cgi-bin/draft/add', { articles: [article] }, (body) => {
      mediaId = typeof body.media_id === 'string' ? body.media_id : '';
      return mediaId ? { kind: 'accepted', platformId: mediaId } : { kind: 'unknown', reason: 'draft/add answered without a media_id; a draft may exist' };
    }), this.delivery());
    if (draft.status !== 'published') return draft.status === 'unconfirmed' ? { ...draft, reason: `${draft.reason} (a draft may have been created)` } : draft;
    let publishId = '';
    const submitted = await deliver(() => this.call('/cgi-bin/freepublish/submit', { media_id: mediaId }, (body) => {
      publishId = body.publish_id === undefined ? '' : String(body.publish_id);
      return publishId ? { kind: 'accepted', platformId: publishId } : { kind: 'unknown', reason: 'freepublish/submit answered without a publish_id' };
    }), this.delivery(), draft.attempts);
    if (submitted.status === 'failed') return { ...submitted, reason: `The draft ${mediaId} was saved but not published: ${submitted.reason}` };
    if (submitted.status === 'unconfirmed') return { ...submitted, reason: `Submitting draft ${mediaId} may have started a publish: ${submitted.reason}; check 发表记录 in the 公众平台` };
    return this.pending(publishId, submitted.attempts);
  }

  /** Reads back a submitted publish: published, failed with the reason, or still pending. */
  async readBack(publishId: string): Promise<PublishResult> {
    const read = await this.publishStatus(publishId);
    if ('result' in read) return read.result;
    const { status } = read;
    if (status.state === 'published') return { status: 'published', platformId: status.articleId, attempts: read.attempts };
    if (status.state === 'failed') return { status: 'failed', reason: status.reason, attempts: read.attempts };
    return this.pending(publishId, read.attempts);
  }

  /** freepublish/get for one publish_id, or the result that kept it from being read. */
  async publishStatus(publishId: string): Promise<{ status: PublishStatus; attempts: number } | { result: PublishResult }> {
    let status: PublishStatus | undefined;
    const result = await deliver(() => this.call('/cgi-bin/freepublish/get', { publish_id: publishId }, (body) => {
      const code = Number(body.publish_status);
      if (code === 0) {
        const items = (body.article_detail as { item?: { article_url?: unknown }[] } | undefined)?.item ?? [];
        status = { state: 'published', articleId: String(body.article_id ?? publishId), urls: items.map((item) => String(item.article_url ?? '')).filter(Boolean) };
      } else if (code === 1) {
        status = { state: 'pending' };
      } else {
        const failIdx = Array.isArray(body.fail_idx) && body.fail_idx.length ? `; failed articles: ${body.fail_idx.join(', ')}` : '';
        status = { state: 'failed', reason: `WeChat publish ${publishId}: ${STATUS_FAILURES[code] ?? `publish_status ${String(body.publish_status)}`}${failIdx}` };
      }
      return { kind: 'accepted' };
    }, true), this.delivery());
    return status && result.status === 'published' ? { status, attempts: result.attempts } : { result };
  }

  private pending(publishId: string, attempts: number): PublishResult {
    return {
      status: 'unconfirmed', attempts, readBack: { platformId: publishId, afterMs: WECHAT_READ_BACK_AFTER_MS },
      reason: `Submitted to WeChat as publish_id ${publishId}; WeChat checks and publishes it asynchronously: read it back with readBack("${publishId}") (已提交发布, 结果异步返回)`,
    };
  }

  /** The draft article, or why it cannot be one: refused before sending, since WeChat would refuse it too. */
  private article(post: OutgoingPost): Record<string, unknown> & { refused?: string } {
    const { credentials } = this.options;
    const title = post.title ?? '';
    const content = renderArticleHtml(post);
    const over = (field: string, length: number, max: number) => `The ${field} is ${length} characters, over WeChat's ${max} (${post.channel}); shorten it or add a variant`;
    if (title === '') return { refused: `A WeChat article needs a title (公众号文章需要标题); add one to post ${post.post}` };
    if ([...title].length > LIMITS.title) return { refused: over('title', [...title].length, LIMITS.title) };
    if (credentials.author && [...credentials.author].length > LIMITS.author) return { refused: over('author', [...credentials.author].length, LIMITS.author) };
    if (content === '') return { refused: `A WeChat article needs a body (公众号文章需要正文); add one to post ${post.post}` };
    if ([...content].length >= LIMITS.contentCharacters || Buffer.byteLength(content) >= LIMITS.contentBytes) return { refused: over('article HTML', [...content].length, LIMITS.contentCharacters) };
    if (!credentials.thumbMediaId) {
      return { refused: 'A WeChat news article needs a cover: upload a permanent image material and put its media id as thumbMediaId in the channel\'s credentials secret (需要封面素材 thumbMediaId)' };
    }
    return {
      title, content, thumb_media_id: credentials.thumbMediaId, need_open_comment: 0, only_fans_can_comment: 0,
      ...(credentials.author ? { author: credentials.author } : {}),
    };
  }

  /** One call with a valid token; `read` turns the successful body into the outcome. */
  private async call(path: string, payload: unknown, read: (body: Record<string, unknown>) => AttemptOutcome, safeToRepeat = false): Promise<AttemptOutcome> {
    const token = await this.tokens.get();
    if (!token.ok) return token.outcome;
    const answer = await callWeChat(this.options.runtime, this.origin, path, payload, { token: token.token, safeToRepeat, onToken: () => this.tokens.invalidate() });
    return answer.ok ? read(answer.body) : answer.outcome;
  }

  private delivery(): DeliveryOptions {
    const { runtime } = this.options;
    return { policy: DEFAULT_RETRY_POLICY, limiter: runtime.limiter, limiterKey: runtime.limiterKey, label: this.options.name, now: runtime.now, sleep: runtime.sleep, random: runtime.random };
  }
}

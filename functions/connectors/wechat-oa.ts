import { createHash } from 'node:crypto';
import * as z from 'zod/mini';
import type { MediaIdCache, OutgoingPost, PublishConnector } from './connector';
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
 * A post's own cover becomes the article's thumb_media_id through POST
 * /cgi-bin/material/add_material?type=image, multipart form field `media` → { media_id, url }
 * (https://developers.weixin.qq.com/doc/offiaccount/Asset_Management/Adding_Permanent_Assets.html,
 * as quoted by w3cschool's copy of that page: images bmp/png/jpeg/jpg/gif up to 10 MB, 100,000
 * image materials per account); without a cover file the channel's `thumbMediaId` is used.
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
  /** Reads a post's cover by its workspace path (ConnectorDeps.readMedia). */
  readonly readMedia?: (path: string) => Uint8Array | undefined;
  /** Uploaded covers' media ids (ConnectorDeps.mediaIds). @default a map of its own */
  readonly mediaIds?: MediaIdCache;
}

/** What WeChat takes as a permanent image material (add_material): its documented formats and size. */
const COVER_FORMATS: Readonly<Record<string, string>> = { bmp: 'image/bmp', png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg', gif: 'image/gif' };
const COVER_MAX_BYTES = 10 * 1024 * 1024;

/** Publishes posts as Official Account articles: draft, submit, and a read-back of the result. */
export class WeChatOaConnector implements PublishConnector {
  readonly kind = 'wechat-oa';
  private readonly origin: string;
  private readonly tokens: WeChatTokenCache;
  private readonly mediaIds: MediaIdCache;

  constructor(private readonly options: WeChatOaOptions) {
    this.origin = rebase(WECHAT_API_ORIGIN, options.runtime.baseUrl);
    this.mediaIds = options.mediaIds ?? new Map();
    this.tokens = new WeChatTokenCache(options.runtime, this.origin, options.credentials.appId, options.credentials.appSecret, options.tokens ?? new Map());
  }

  async publish(post: OutgoingPost): Promise<PublishResult> {
    const cover = await this.coverMediaId(post);
    if (typeof cover !== 'string' && cover !== undefined) return cover;
    const article = this.article(post, cover);
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

  /**
   * The media id of the post's own cover, uploaded once as a permanent image material
   * (add_material) and remembered by the file's SHA-256; undefined when the post has no cover file
   * here (the channel's `thumbMediaId` is used), or the result that kept it from being uploaded.
   * An upload whose answer is lost is sent again: at worst the library holds the image twice,
   * never a second article.
   */
  private async coverMediaId(post: OutgoingPost): Promise<string | undefined | PublishResult> {
    if (post.coverFile === undefined) return undefined;
    const bytes = this.options.readMedia?.(post.coverFile);
    if (bytes === undefined) return undefined;
    const extension = /\.([a-z0-9]+)$/i.exec(post.coverFile)?.[1]?.toLowerCase() ?? '';
    const contentType = COVER_FORMATS[extension];
    if (!contentType) return { status: 'failed', attempts: 0, reason: `The cover ${post.coverFile} is not an image WeChat takes (bmp, png, jpeg, jpg, gif); convert it (封面格式不支持)` };
    if (bytes.byteLength > COVER_MAX_BYTES) return { status: 'failed', attempts: 0, reason: `The cover ${post.coverFile} is ${(bytes.byteLength / 1024 / 1024).toFixed(1)} MB, over WeChat's 10 MB for an image material; make it smaller (封面超过 10 MB)` };
    const key = `wechat-oa ${this.options.credentials.appId} ${createHash('sha256').update(bytes).digest('hex')}`;
    const known = await this.mediaIds.get(key);
    if (known) return known;
    let mediaId = '';
    const uploaded = await deliver(() => {
      const form = new FormData();
      form.append('media', new Blob([new Uint8Array(bytes)], { type: contentType }), post.coverFile?.split('/').pop() ?? `cover.${extension}`);
      return this.call('/cgi-bin/material/add_material?type=image', form, (body) => {
        mediaId = typeof body.media_id === 'string' ? body.media_id : '';
        return mediaId ? { kind: 'accepted', platformId: mediaId } : { kind: 'transient', reason: 'add_material answered without a media_id' };
      }, true);
    }, this.delivery());
    if (uploaded.status !== 'published' || !mediaId) {
      return { status: 'failed', attempts: uploaded.attempts, reason: `Could not upload the cover ${post.coverFile} (上传封面失败): ${'reason' in uploaded ? uploaded.reason : 'no media_id'}` };
    }
    await this.mediaIds.set(key, mediaId);
    return mediaId;
  }

  /** The draft article, or why it cannot be one: refused before sending, since WeChat would refuse it too. */
  private article(post: OutgoingPost, coverMediaId: string | undefined): Record<string, unknown> & { refused?: string } {
    const { credentials } = this.options;
    const title = post.title ?? '';
    const content = renderArticleHtml(post);
    const over = (field: string, length: number, max: number) => `The ${field} is ${length} characters, over WeChat's ${max} (${post.channel}); shorten it or add a variant`;
    if (title === '') return { refused: `A WeChat article needs a title (公众号文章需要标题); add one to post ${post.post}` };
    if ([...title].length > LIMITS.title) return { refused: over('title', [...title].length, LIMITS.title) };
    if (credentials.author && [...credentials.author].length > LIMITS.author) return { refused: over('author', [...credentials.author].length, LIMITS.author) };
    if (content === '') return { refused: `A WeChat article needs a body (公众号文章需要正文); add one to post ${post.post}` };
    if ([...content].length >= LIMITS.contentCharacters || Buffer.byteLength(content) >= LIMITS.contentBytes) return { refused: over('article HTML', [...content].length, LIMITS.contentCharacters) };
    const thumb = coverMediaId ?? credentials.thumbMediaId;
    if (!thumb) {
      return { refused: 'A WeChat news article needs a cover: give the post a cover file, or upload a permanent image material and put its media id as thumbMediaId in the channel\'s credentials secret (需要封面素材 thumbMediaId)' };
    }
    return {
      title, content, thumb_media_id: thumb, need_open_comment: 0, only_fans_can_comment: 0,
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

import { countGraphemes } from '../../core/platforms/graphemes';
import type { OutgoingPost, PublishConnector } from './connector';
import { DEFAULT_RETRY_POLICY, deliver, type AttemptOutcome } from './delivery';
import { classifyHttpStatus, describeAnswer, parseJsonObject, rebase, sendHttp } from './http';
import type { PublishResult } from './publish-result';
import type { ConnectorRuntime } from './runtime';

/*
 * Mastodon statuses. Contract, from platforms-peers-compliance.md §3.7 and its sources
 * (https://github.com/mastodon/documentation/blob/HEAD/content/en/methods/statuses.md,
 * .../entities/Instance.md, .../api/rate-limits.md): POST /api/v1/statuses with a
 * `write:statuses` bearer token; an `Idempotency-Key` header makes the server return the same
 * status for the same key for an hour instead of posting twice; limits are per instance, read
 * from GET /api/v2/instance → configuration.statuses.max_characters (500 in the example) and
 * characters_reserved_per_url (23: every URL counts as 23); 300 requests per 5 minutes per
 * account, reported in X-RateLimit-Limit / -Remaining / -Reset (an ISO 8601 instant), 429 past it.
 *
 * Media (https://github.com/mastodon/documentation/blob/HEAD/content/en/methods/media.md): each
 * file goes first to POST /api/v2/media (multipart `file` with its MIME type, `description` for
 * alt text; `write:media`), which answers 200 with the attachment, or 202 with `url: null` while a
 * larger file (video) is processed; GET /api/v1/media/:id answers 206 until it is done. The status
 * then names them in `media_ids`. The instance's configuration.statuses.max_media_attachments and
 * configuration.media_attachments (supported_mime_types, image_size_limit, video_size_limit) are
 * checked before anything is sent. An upload whose answer is lost is sent again: an attachment no
 * status uses is never shown (the instance removes it), so only the status needs at-most-once.
 */

/** 300 requests per 5 minutes. */
export const MASTODON_PER_MINUTE = 60;
const DEFAULT_MAX_CHARACTERS = 500;
const DEFAULT_URL_CHARACTERS = 23;
const DEFAULT_MAX_MEDIA = 4;
/** MIME types by file extension, for the `file` part (Mastodon requires one). */
const MEDIA_TYPES: Readonly<Record<string, string>> = {
  jpg: 'image/jpeg', jpeg: 'image/jpeg', png: 'image/png', gif: 'image/gif', webp: 'image/webp', avif: 'image/avif', heic: 'image/heic',
  mp4: 'video/mp4', m4v: 'video/mp4', mov: 'video/quicktime', webm: 'video/webm', mp3: 'audio/mpeg', ogg: 'audio/ogg', wav: 'audio/wave', m4a: 'audio/mp4',
};
/** How long a processing attachment is waited for: polls of GET /api/v1/media/:id, this far apart. */
const PROCESSING_POLLS = 15;
const PROCESSING_POLL_MS = 2_000;
/** Mastodon's URL matcher is broader; http(s) links are what posts carry. */
const URL_PATTERN = /https?:\/\/[^\s<>"]+/g;

/** The instance's status limits. */
export interface InstanceLimits {
  readonly maxCharacters: number;
  readonly charactersPerUrl: number;
  readonly maxMediaAttachments: number;
  /** Undefined when the instance does not say (then the instance decides, with a 422). */
  readonly supportedMimeTypes?: readonly string[];
  readonly imageSizeLimit?: number;
  readonly videoSizeLimit?: number;
}

/** A status's length as Mastodon counts it: user-perceived characters, each URL as `charactersPerUrl`. */
export function measureStatus(text: string, limits: InstanceLimits): number {
  let urls = 0;
  const withoutUrls = text.replace(URL_PATTERN, () => {
    urls += 1;
    return '';
  });
  return countGraphemes(withoutUrls) + urls * limits.charactersPerUrl;
}

/** The status text of a post: title, body, then its tags as hashtags. */
export function renderStatus(post: OutgoingPost): string {
  const tags = post.tags?.length ? post.tags.map((tag) => `#${tag.replace(/\s+/g, '')}`).join(' ') : undefined;
  return [post.title, post.body, tags].filter((part): part is string => part !== undefined && part !== '').join('\n\n');
}

export interface MastodonOptions {
  /** The instance's address, e.g. https://mastodon.social */
  readonly instance: string;
  readonly accessToken: string;
  readonly name: string;
  readonly runtime: ConnectorRuntime;
  /** Reads a media file by its workspace path (ConnectorDeps.readMedia). */
  readonly readMedia?: (path: string) => Uint8Array | undefined;
}

/** A media file read and checked, ready to upload. */
interface MediaUpload {
  readonly path: string;
  readonly bytes: Uint8Array;
  readonly contentType: string;
  readonly alt?: string;
}

/** Publishes posts as public statuses, at most once per post key. */
export class MastodonConnector implements PublishConnector {
  readonly kind = 'mastodon';
  private readonly origin: string;
  /** Read once per connector; a failed read is tried again on the next publish. */
  private limits: InstanceLimits | undefined;

  constructor(private readonly options: MastodonOptions) {
    this.origin = rebase(new URL(options.instance).origin, options.runtime.baseUrl).replace(/\/$/, '');
  }

  async publish(post: OutgoingPost): Promise<PublishResult> {
    let attempts = 0;
    if (!this.limits) {
      const read = await this.readLimits();
      attempts = read.result.attempts;
      if (read.result.status !== 'published' || !read.limits) return read.result;
      this.limits = read.limits;
    }
    const status = renderStatus(post);
    const length = measureStatus(status, this.limits);
    if (length > this.limits.maxCharacters) {
      return {
        status: 'failed', attempts,
        reason: `The status is ${length} characters, over this instance's limit of ${this.limits.maxCharacters} (configuration.statuses.max_characters); shorten the post or add a variant for ${post.channel} (超出实例字数上限)`,
      };
    }
    const files = this.readMediaFiles(post, this.limits);
    if ('refused' in files) return { status: 'failed', attempts, reason: files.refused };
    const mediaIds: string[] = [];
    for (const file of files.uploads) {
      const uploaded = await this.uploadMedia(file, attempts);
      attempts = uploaded.attempts;
      if ('result' in uploaded) return uploaded.result;
      mediaIds.push(uploaded.id);
    }
    const body = JSON.stringify({ status, visibility: 'public', ...(mediaIds.length > 0 ? { media_ids: mediaIds } : {}) });
    return deliver(() => this.postStatus(post.key, body), this.deliveryOptions(), attempts);
  }

  /** The post's media files, read and checked against the instance's limits, or why they cannot go. */
  private readMediaFiles(post: OutgoingPost, limits: InstanceLimits): { uploads: MediaUpload[] } | { refused: string } {
    const files: readonly { readonly path: string; readonly alt?: string }[] = post.mediaFiles ?? (post.media ?? []).map((path) => ({ path }));
    if (files.length > limits.maxMediaAttachments) {
      return { refused: `The post has ${files.length} media files, over this instance's ${limits.maxMediaAttachments} (configuration.statuses.max_media_attachments); use fewer or add a variant for ${post.channel} (媒体文件过多)` };
    }
    const uploads: MediaUpload[] = [];
    for (const file of files) {
      const bytes = this.options.readMedia?.(file.path);
      if (bytes === undefined) return { refused: `The media file ${file.path} is not available where this runs; post this one by hand (媒体文件不可用, 请手动发布)` };
      const contentType = MEDIA_TYPES[/\.([a-z0-9]+)$/i.exec(file.path)?.[1]?.toLowerCase() ?? ''];
      if (!contentType || (limits.supportedMimeTypes && !limits.supportedMimeTypes.includes(contentType))) {
        return { refused: `The media file ${file.path} is of a type this instance does not take (${contentType ?? 'unknown'}; configuration.media_attachments.supported_mime_types); convert it (媒体格式不支持)` };
      }
      const limit = contentType.startsWith('image/') ? limits.imageSizeLimit : limits.videoSizeLimit;
      if (limit !== undefined && bytes.byteLength > limit) {
        return { refused: `The media file ${file.path} is ${(bytes.byteLength / 1024 / 1024).toFixed(1)} MB, over this instance's ${(limit / 1024 / 1024).toFixed(0)} MB; make it smaller (媒体文件过大)` };
      }
      uploads.push({ path: file.path, bytes, contentType, ...(file.alt ? { alt: file.alt } : {}) });
    }
    return { uploads };
  }

  /** Uploads one file and waits until the instance has processed it; the attachment's id, or the result that stopped it. */
  private async uploadMedia(file: MediaUpload, attemptsSoFar: number): Promise<{ id: string; attempts: number } | { result: PublishResult; attempts: number }> {
    const { runtime } = this.options;
    let id = '';
    let processed = false;
    const uploaded = await deliver(async () => {
      const form = new FormData();
      form.append('file', new Blob([new Uint8Array(file.bytes)], { type: file.contentType }), file.path.split('/').pop() ?? 'media');
      if (file.alt) form.append('description', file.alt);
      const answer = await sendHttp({
        url: `${this.origin}/api/v2/media`, method: 'POST', body: form, timeoutMs: runtime.timeoutMs, fetch: runtime.fetch, safeToRepeat: true,
        headers: { Authorization: `Bearer ${this.options.accessToken}` },
      });
      if (!answer.answered) return answer.outcome;
      const failure = classifyHttpStatus(answer.response, answer.text, runtime.now());
      if (failure) return failure;
      const entity = parseJsonObject(answer.text);
      id = entity?.id === undefined ? '' : String(entity.id);
      processed = answer.response.status === 200 && typeof entity?.url === 'string';
      return id ? { kind: 'accepted', platformId: id } : { kind: 'transient', reason: 'POST /api/v2/media answered without an id' };
    }, this.deliveryOptions(), attemptsSoFar);
    if (uploaded.status !== 'published' || !id) {
      const reason = `Could not upload ${file.path} (上传媒体失败): ${'reason' in uploaded ? uploaded.reason : 'no attachment id'}; nothing was posted`;
      return { result: { status: 'failed', attempts: uploaded.attempts, reason, ...(uploaded.status === 'failed' && uploaded.retryable ? { retryable: true } : {}) }, attempts: uploaded.attempts };
    }
    let attempts = uploaded.attempts;
    for (let poll = 0; !processed && poll < PROCESSING_POLLS; poll += 1) {
      await runtime.sleep(PROCESSING_POLL_MS);
      attempts += 1;
      const answer = await sendHttp({ url: `${this.origin}/api/v1/media/${encodeURIComponent(id)}`, method: 'GET', timeoutMs: runtime.timeoutMs, fetch: runtime.fetch, safeToRepeat: true, headers: { Authorization: `Bearer ${this.options.accessToken}` } });
      if (!answer.answered || answer.response.status === 206) continue;
      const failure = classifyHttpStatus(answer.response, answer.text, runtime.now());
      if (failure?.kind === 'permanent') return { result: { status: 'failed', attempts, reason: `The instance could not process ${file.path}: ${failure.reason}; nothing was posted` }, attempts };
      processed = !failure && typeof parseJsonObject(answer.text)?.url === 'string';
    }
    if (!processed) {
      return { result: { status: 'failed', attempts, retryable: true, reason: `${file.path} was still processing on the instance after ${(PROCESSING_POLLS * PROCESSING_POLL_MS) / 1000} s; nothing was posted, so sending it again later is safe (媒体仍在处理中)` }, attempts };
    }
    return { id, attempts };
  }

  private async readLimits(): Promise<{ result: PublishResult; limits?: InstanceLimits }> {
    let limits: InstanceLimits | undefined;
    const result = await deliver(async () => {
      const answer = await sendHttp({ url: `${this.origin}/api/v2/instance`, method: 'GET', timeoutMs: this.options.runtime.timeoutMs, fetch: this.options.runtime.fetch, safeToRepeat: true });
      if (!answer.answered) return answer.outcome;
      const failure = classifyHttpStatus(answer.response, answer.text, this.options.runtime.now());
      if (failure) return failure.kind === 'permanent' ? { kind: 'permanent', reason: `Could not read the instance's limits: ${failure.reason}; check the channel's instance URL` } : failure;
      const statuses = (parseJsonObject(answer.text)?.configuration as { statuses?: Record<string, unknown> } | undefined)?.statuses;
      const media = (parseJsonObject(answer.text)?.configuration as { media_attachments?: Record<string, unknown> } | undefined)?.media_attachments;
      const number = (value: unknown) => (typeof value === 'number' ? value : undefined);
      const types = Array.isArray(media?.supported_mime_types) ? media.supported_mime_types.filter((type): type is string => typeof type === 'string') : undefined;
      const imageSizeLimit = number(media?.image_size_limit);
      const videoSizeLimit = number(media?.video_size_limit);
      limits = {
        maxCharacters: number(statuses?.max_characters) ?? DEFAULT_MAX_CHARACTERS,
        charactersPerUrl: number(statuses?.characters_reserved_per_url) ?? DEFAULT_URL_CHARACTERS,
        maxMediaAttachments: number(statuses?.max_media_attachments) ?? DEFAULT_MAX_MEDIA,
        ...(types ? { supportedMimeTypes: types } : {}), ...(imageSizeLimit === undefined ? {} : { imageSizeLimit }), ...(videoSizeLimit === undefined ? {} : { videoSizeLimit }),
      };
      return { kind: 'accepted' };
    }, this.deliveryOptions());
    return limits ? { result, limits } : { result };
  }

  private async postStatus(key: string, body: string): Promise<AttemptOutcome> {
    const { runtime } = this.options;
    const answer = await sendHttp({
      url: `${this.origin}/api/v1/statuses`, method: 'POST', body, timeoutMs: runtime.timeoutMs, fetch: runtime.fetch,
      // The same key on every attempt: Mastodon then answers a repeat with the status it already made.
      headers: { Authorization: `Bearer ${this.options.accessToken}`, 'Content-Type': 'application/json', 'Idempotency-Key': key },
    });
    if (!answer.answered) return answer.outcome;
    const { response, text } = answer;
    const resetAt = Date.parse(response.headers.get('x-ratelimit-reset') ?? '');
    // Out of budget for this window: hold the next request until the window resets.
    if (response.headers.get('x-ratelimit-remaining') === '0' && Number.isFinite(resetAt)) runtime.limiter.pauseUntil(runtime.limiterKey, resetAt);
    if (response.status === 429 && !response.headers.has('retry-after') && Number.isFinite(resetAt)) {
      return { kind: 'transient', reason: describeAnswer(response, text), rateLimited: true, retryAfterMs: Math.max(0, resetAt - runtime.now()) };
    }
    const failure = classifyHttpStatus(response, text, runtime.now());
    if (failure) return failure.kind === 'permanent' && response.status === 401 ? { ...failure, reason: `${failure.reason}; the access token is invalid or revoked: create a new one with write:statuses and update the secret` } : failure;
    const id = parseJsonObject(text)?.id;
    return typeof id === 'string' || typeof id === 'number' ? { kind: 'accepted', platformId: String(id) } : { kind: 'accepted' };
  }

  private deliveryOptions() {
    const { runtime } = this.options;
    return { policy: DEFAULT_RETRY_POLICY, limiter: runtime.limiter, limiterKey: runtime.limiterKey, label: this.options.name, now: runtime.now, sleep: runtime.sleep, random: runtime.random };
  }
}

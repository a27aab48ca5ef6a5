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
 */

/** 300 requests per 5 minutes. */
export const MASTODON_PER_MINUTE = 60;
const DEFAULT_MAX_CHARACTERS = 500;
const DEFAULT_URL_CHARACTERS = 23;
/** Mastodon's URL matcher is broader; http(s) links are what posts carry. */
const URL_PATTERN = /https?:\/\/[^\s<>"]+/g;

/** The instance's status limits. */
export interface InstanceLimits {
  readonly maxCharacters: number;
  readonly charactersPerUrl: number;
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
    if (post.media?.length) {
      return { status: 'failed', attempts: 0, reason: `Mastodon media upload is not supported by Flywheel yet: ${post.media.length} file(s) would be left out; post this one by hand (暂不支持上传媒体, 请手动发布)` };
    }
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
    const body = JSON.stringify({ status, visibility: 'public' });
    return deliver(() => this.postStatus(post.key, body), this.deliveryOptions(), attempts);
  }

  private async readLimits(): Promise<{ result: PublishResult; limits?: InstanceLimits }> {
    let limits: InstanceLimits | undefined;
    const result = await deliver(async () => {
      const answer = await sendHttp({ url: `${this.origin}/api/v2/instance`, method: 'GET', timeoutMs: this.options.runtime.timeoutMs, fetch: this.options.runtime.fetch, safeToRepeat: true });
      if (!answer.answered) return answer.outcome;
      const failure = classifyHttpStatus(answer.response, answer.text, this.options.runtime.now());
      if (failure) return failure.kind === 'permanent' ? { kind: 'permanent', reason: `Could not read the instance's limits: ${failure.reason}; check the channel's instance URL` } : failure;
      const statuses = (parseJsonObject(answer.text)?.configuration as { statuses?: Record<string, unknown> } | undefined)?.statuses;
      limits = {
        maxCharacters: typeof statuses?.max_characters === 'number' ? statuses.max_characters : DEFAULT_MAX_CHARACTERS,
        charactersPerUrl: typeof statuses?.characters_reserved_per_url === 'number' ? statuses.characters_reserved_per_url : DEFAULT_URL_CHARACTERS,
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

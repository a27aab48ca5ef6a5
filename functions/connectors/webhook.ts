import { createHmac } from 'node:crypto';
import type { OutgoingPost } from './outbox';
import type { PublishResult } from './publish-result';
import { sleepFor, type RateLimiter } from './rate-limiter';

/** Options of a {@link WebhookConnector}. */
export interface WebhookConnectorOptions {
  /** Where each post is POSTed. */
  readonly url: string;
  /** Signs each request (see {@link signWebhookBody}) when set. @default no signature */
  readonly secret?: string;
  /** @default the global fetch */
  readonly fetch?: typeof fetch;
  /** Taken once per attempt with the post's channel as key. @default no rate limit */
  readonly limiter?: RateLimiter;
  /** How long one attempt may wait for the whole answer. @default 10000 */
  readonly timeoutMs?: number;
  /** Requests made at most for one post, the first included. @default 5 */
  readonly maxAttempts?: number;
  /** The clock, in epoch milliseconds: request timestamps and HTTP-date Retry-After. @default Date.now */
  readonly now?: () => number;
  /** Waits between attempts. @default a setTimeout promise */
  readonly sleep?: (milliseconds: number) => Promise<void>;
  /** A number in [0, 1) for the backoff jitter. @default Math.random */
  readonly random?: () => number;
}

/** First backoff ceiling; the ceiling doubles per attempt. */
const BACKOFF_BASE_MS = 500;
/** The backoff ceiling never grows past this. */
const BACKOFF_CAP_MS = 30_000;
/** How much of a platform's answer goes into a failure reason. */
const EXCERPT_LENGTH = 300;
/**
 * Answers that say the request was not acted on and may be sent again. 408 is here although it
 * is a 4xx: the server gave up waiting for the request, so it cannot have accepted it.
 */
const RETRYABLE_STATUSES = new Set([408, 429, 500, 502, 503, 504]);
/**
 * Network errors that prove no byte reached the platform: nothing was connected. A reset or a
 * closed socket is not here: fetch does not tell whether the body had been sent, so it may
 * have been accepted, and at-most-once wins over retrying.
 */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);

/** What one request came to, before the retry policy looks at it. */
type AttemptOutcome =
  | { readonly kind: 'published'; readonly platformId?: string }
  | { readonly kind: 'permanent'; readonly reason: string }
  | { readonly kind: 'unknown'; readonly reason: string }
  | { readonly kind: 'transient'; readonly reason: string; readonly retryAfterMs?: number; readonly rateLimited: boolean };

/**
 * The `X-Flywheel-Signature` value: `sha256=` and the hex HMAC-SHA256, keyed with the secret, of
 * `<timestamp>.<body>`, where timestamp is the `X-Flywheel-Timestamp` header (unix seconds) and
 * body the exact request bytes. A receiver recomputes it over the raw body, compares in
 * constant time, and rejects timestamps far from its clock (say 5 minutes) to stop replays;
 * each retry is signed afresh with its own timestamp.
 */
export function signWebhookBody(secret: string, timestampSeconds: number, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestampSeconds}.${body}`).digest('hex')}`;
}

/**
 * Publishes posts by POSTing them as JSON to a webhook, at most once: the post's key goes in
 * `Idempotency-Key`; 429, 408 and 500/502/503/504 are retried with backoff (Retry-After first);
 * other answers fail at once with the reason; a request that may have reached the platform but
 * got no answer is reported `unconfirmed` and never sent again.
 */
export class WebhookConnector {
  private readonly url: string;
  private readonly secret: string | undefined;
  private readonly fetch: typeof fetch;
  private readonly limiter: RateLimiter | undefined;
  private readonly timeoutMs: number;
  private readonly maxAttempts: number;
  private readonly now: () => number;
  private readonly sleep: (milliseconds: number) => Promise<void>;
  private readonly random: () => number;

  constructor(options: WebhookConnectorOptions) {
    const maxAttempts = options.maxAttempts ?? 5;
    const timeoutMs = options.timeoutMs ?? 10_000;
    if (!Number.isInteger(maxAttempts) || maxAttempts < 1) throw new RangeError(`maxAttempts must be a whole number of at least 1, not ${maxAttempts}`);
    if (!(timeoutMs > 0)) throw new RangeError(`timeoutMs must be above 0, not ${timeoutMs}`);
    this.url = new URL(options.url).href;
    this.secret = options.secret;
    this.fetch = options.fetch ?? globalThis.fetch;
    this.limiter = options.limiter;
    this.timeoutMs = timeoutMs;
    this.maxAttempts = maxAttempts;
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? sleepFor;
    this.random = options.random ?? Math.random;
  }

  /** Publishes one post; never throws for what the platform or the network does. */
  async publish(post: OutgoingPost): Promise<PublishResult> {
    const body = JSON.stringify(post);
    let lastReason = '';
    for (let attempt = 1; attempt <= this.maxAttempts; attempt += 1) {
      if (this.limiter) await this.limiter.acquire(post.channel);
      const outcome = await this.send(post.key, body);
      switch (outcome.kind) {
        case 'published':
          return outcome.platformId === undefined
            ? { status: 'published', attempts: attempt }
            : { status: 'published', platformId: outcome.platformId, attempts: attempt };
        case 'permanent':
          return { status: 'failed', reason: outcome.reason, attempts: attempt };
        case 'unknown':
          return { status: 'unconfirmed', reason: outcome.reason, attempts: attempt };
        case 'transient': {
          lastReason = outcome.reason;
          if (attempt < this.maxAttempts) {
            const waitMs = outcome.retryAfterMs ?? this.backoff(attempt);
            // The pause holds other posts on this channel too; this one waits out the same span.
            if (outcome.rateLimited) this.limiter?.pauseUntil(post.channel, this.now() + waitMs);
            await this.sleep(waitMs);
          }
        }
      }
    }
    return { status: 'failed', reason: `Gave up after ${this.maxAttempts} attempts; the last: ${lastReason}`, attempts: this.maxAttempts };
  }

  /** Full jitter: a random wait up to a ceiling that doubles per attempt. */
  private backoff(attempt: number): number {
    return Math.floor(this.random() * Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** (attempt - 1)));
  }

  /** Makes one request and classifies what came back. */
  private async send(key: string, body: string): Promise<AttemptOutcome> {
    const timestamp = Math.floor(this.now() / 1000);
    const headers: Record<string, string> = {
      'Content-Type': 'application/json',
      'Idempotency-Key': key,
      'X-Flywheel-Timestamp': String(timestamp),
    };
    if (this.secret !== undefined) headers['X-Flywheel-Signature'] = signWebhookBody(this.secret, timestamp, body);
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), this.timeoutMs);
    try {
      let response: Response;
      try {
        // A followed redirect would re-send the post somewhere else, or turn it into a GET.
        response = await this.fetch(this.url, { method: 'POST', headers, body, redirect: 'manual', signal: controller.signal });
      } catch (error) {
        return classifyRequestError(error, controller.signal.aborted, this.timeoutMs);
      }
      // The status is what counts; a body cut short by the timeout only loses detail.
      const text = await response.text().catch(() => undefined);
      return this.classifyResponse(response, text);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Turns an answer into an outcome. */
  private classifyResponse(response: Response, text: string | undefined): AttemptOutcome {
    const { status } = response;
    if (status >= 200 && status < 300) {
      const platformId = text === undefined ? undefined : readPlatformId(text);
      return platformId === undefined ? { kind: 'published' } : { kind: 'published', platformId };
    }
    const reason = describeAnswer(response, text);
    if (!RETRYABLE_STATUSES.has(status)) return { kind: 'permanent', reason };
    const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), this.now());
    return retryAfterMs === undefined
      ? { kind: 'transient', reason, rateLimited: status === 429 }
      : { kind: 'transient', reason, retryAfterMs, rateLimited: status === 429 };
  }
}

/** Classifies a fetch that threw: retry only when nothing can have reached the platform. */
function classifyRequestError(error: unknown, timedOut: boolean, timeoutMs: number): AttemptOutcome {
  if (timedOut) return { kind: 'unknown', reason: `No answer within ${timeoutMs} ms; the platform may have accepted the post` };
  const codes = errorCodes(error);
  const description = describeError(error, codes);
  if (codes.length > 0 && codes.every((code) => NOT_SENT_CODES.has(code))) {
    return { kind: 'transient', reason: `Could not connect (${description})`, rateLimited: false };
  }
  return { kind: 'unknown', reason: `The connection failed with no answer (${description}); the platform may have accepted the post` };
}

/** The `code`s along an error's cause chain (and inside AggregateErrors from dual-stack connects). */
function errorCodes(error: unknown): string[] {
  const codes: string[] = [];
  const pending: unknown[] = [error];
  for (let seen = 0; pending.length > 0 && seen < 20; seen += 1) {
    const current = pending.shift();
    if (typeof current !== 'object' || current === null) continue;
    if ('code' in current && typeof current.code === 'string') codes.push(current.code);
    if ('cause' in current) pending.push(current.cause);
    if (current instanceof AggregateError) pending.push(...current.errors);
  }
  return codes;
}

/** One line naming the error and its codes. */
function describeError(error: unknown, codes: readonly string[]): string {
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return codes.length > 0 ? `${message}; ${[...new Set(codes)].join(', ')}` : message;
}

/** `HTTP 400 Bad Request: <excerpt>`, with the redirect target for a 3xx. */
function describeAnswer(response: Response, text: string | undefined): string {
  const location = response.status >= 300 && response.status < 400 ? response.headers.get('location') : null;
  const head = `HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}${location ? ` to ${location} (redirects are not followed)` : ''}`;
  const excerpt = text?.replace(/\s+/g, ' ').trim().slice(0, EXCERPT_LENGTH);
  return excerpt ? `${head}: ${excerpt}` : head;
}

/** The `id` field of a JSON object answer, as a string. */
function readPlatformId(text: string): string | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null || !('id' in parsed)) return undefined;
  const { id } = parsed;
  return typeof id === 'string' || typeof id === 'number' ? String(id) : undefined;
}

/** Retry-After as milliseconds from `now`: delay-seconds or an HTTP date; undefined if absent or unreadable. */
function parseRetryAfter(value: string | null, now: number): number | undefined {
  if (value === null) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const instant = Date.parse(trimmed);
  return Number.isNaN(instant) ? undefined : Math.max(0, instant - now);
}

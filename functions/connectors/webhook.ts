import { createHmac } from 'node:crypto';
import type { NotifyConnector, OutgoingMessage, OutgoingPost, PublishConnector } from './connector';
import { DEFAULT_RETRY_POLICY, checkRetryPolicy, deliver, type AttemptOutcome, type RetryPolicy } from './delivery';
import { classifyHttpStatus, parseJsonObject, sendHttp } from './http';
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
  /** Taken once per attempt with the post's channel (or the message's target) as key. @default no rate limit */
  readonly limiter?: RateLimiter;
  /** How long one attempt may wait for the whole answer. @default 10000 */
  readonly timeoutMs?: number;
  /** Requests made at most for one post, the first included. @default 5 */
  readonly maxAttempts?: number;
  /** Most time spent waiting between attempts for one post. @default 120000 */
  readonly retryBudgetMs?: number;
  /** The clock, in epoch milliseconds: request timestamps and HTTP-date Retry-After. @default Date.now */
  readonly now?: () => number;
  /** Waits between attempts. @default a setTimeout promise */
  readonly sleep?: (milliseconds: number) => Promise<void>;
  /** A number in [0, 1) for the backoff jitter. @default Math.random */
  readonly random?: () => number;
}

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
 * Publishes posts (and notifications) by POSTing them as JSON to a webhook, at most once: the
 * key goes in `Idempotency-Key`; 429, 408 and 500/502/503/504 are retried with backoff
 * (Retry-After first); other answers fail at once with the reason; a request that may have
 * reached the receiver but got no answer is reported `unconfirmed` and never sent again.
 */
export class WebhookConnector implements PublishConnector, NotifyConnector {
  readonly kind = 'webhook';
  private readonly url: string;
  private readonly secret: string | undefined;
  private readonly fetch: typeof fetch;
  private readonly limiter: RateLimiter | undefined;
  private readonly timeoutMs: number;
  private readonly policy: RetryPolicy;
  private readonly now: () => number;
  private readonly sleep: (milliseconds: number) => Promise<void>;
  private readonly random: () => number;

  constructor(options: WebhookConnectorOptions) {
    const timeoutMs = options.timeoutMs ?? 10_000;
    this.policy = checkRetryPolicy({ ...DEFAULT_RETRY_POLICY, maxAttempts: options.maxAttempts ?? 5, budgetMs: options.retryBudgetMs ?? DEFAULT_RETRY_POLICY.budgetMs });
    if (!(timeoutMs > 0)) throw new RangeError(`timeoutMs must be above 0, not ${timeoutMs}`);
    this.url = new URL(options.url).href;
    this.secret = options.secret;
    this.fetch = options.fetch ?? globalThis.fetch;
    this.limiter = options.limiter;
    this.timeoutMs = timeoutMs;
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? sleepFor;
    this.random = options.random ?? Math.random;
  }

  /** Publishes one post; never throws for what the platform or the network does. */
  publish(post: OutgoingPost): Promise<PublishResult> {
    return this.post(post.key, post.channel, JSON.stringify(post));
  }

  /** Sends one notification as JSON `{ key, target, at, text, title? }`, signed and keyed like a post. */
  notify(message: OutgoingMessage): Promise<PublishResult> {
    return this.post(message.key, message.target, JSON.stringify(message));
  }

  private post(key: string, limiterKey: string, body: string): Promise<PublishResult> {
    return deliver(() => this.send(key, body), {
      policy: this.policy, limiterKey, now: this.now, sleep: this.sleep, random: this.random, ...(this.limiter ? { limiter: this.limiter } : {}),
    });
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
    const answer = await sendHttp({ url: this.url, method: 'POST', headers, body, timeoutMs: this.timeoutMs, fetch: this.fetch });
    if (!answer.answered) return answer.outcome;
    const failure = classifyHttpStatus(answer.response, answer.text, this.now());
    if (failure) return failure;
    const platformId = readPlatformId(answer.text);
    return platformId === undefined ? { kind: 'accepted' } : { kind: 'accepted', platformId };
  }
}

/** The `id` field of a JSON object answer, as a string. */
function readPlatformId(text: string | undefined): string | undefined {
  const id = parseJsonObject(text)?.id;
  return typeof id === 'string' || typeof id === 'number' ? String(id) : undefined;
}

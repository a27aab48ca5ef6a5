import { fullJitterDelay } from '../backoff';
import type { PublishResult } from './publish-result';
import type { RateLimiter } from './rate-limiter';

/**
 * What one request came to, before the retry policy looks at it. The one place where every HTTP
 * connector's answers meet the same rules:
 * - `accepted`: the platform took it.
 * - `permanent`: sending it again cannot help (bad request, bad credentials, too long): fail now.
 * - `transient`: the platform turned it away for a passing reason and did not act on it (429,
 *   5xx, a "busy" errcode, no connection): retry after `retryAfterMs` or a jittered backoff.
 * - `unknown`: the request may have been acted on (timeout or reset after it left): never
 *   resend, report `unconfirmed`.
 */
export type AttemptOutcome =
  | { readonly kind: 'accepted'; readonly platformId?: string }
  | { readonly kind: 'permanent'; readonly reason: string }
  | { readonly kind: 'unknown'; readonly reason: string }
  | { readonly kind: 'transient'; readonly reason: string; readonly retryAfterMs?: number; readonly rateLimited?: boolean };

/** How hard to try before giving up on transient answers. */
export interface RetryPolicy {
  /** Requests made at most, the first included. */
  readonly maxAttempts: number;
  /** First backoff ceiling; the ceiling doubles per attempt. */
  readonly baseDelayMs: number;
  /** The backoff ceiling never grows past this. */
  readonly maxDelayMs: number;
  /**
   * Most time spent waiting between attempts for one delivery. A Retry-After beyond what is
   * left fails at once (retryable) rather than holding a worker: DingTalk's 10-minute throttle
   * is better redriven later than slept through.
   */
  readonly budgetMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 5, baseDelayMs: 500, maxDelayMs: 30_000, budgetMs: 120_000 };

/** What {@link deliver} needs besides the attempt itself. */
export interface DeliveryOptions {
  readonly policy?: RetryPolicy;
  /** Taken before every attempt; paused on rate-limited answers. */
  readonly limiter?: RateLimiter;
  readonly limiterKey: string;
  /** Names the bot or channel in reasons. @default limiterKey */
  readonly label?: string;
  readonly now: () => number;
  readonly sleep: (milliseconds: number) => Promise<void>;
  readonly random: () => number;
}

/** Full jitter: a random wait up to a ceiling that doubles per attempt, capped. */
export function backoffDelay(policy: RetryPolicy, attempt: number, random: () => number): number {
  return fullJitterDelay(attempt, policy.baseDelayMs, policy.maxDelayMs, random);
}

/** Checks a policy once, so a bad option fails where it is given. */
export function checkRetryPolicy(policy: RetryPolicy): RetryPolicy {
  if (!Number.isInteger(policy.maxAttempts) || policy.maxAttempts < 1) throw new RangeError(`maxAttempts must be a whole number of at least 1, not ${policy.maxAttempts}`);
  if (!(policy.baseDelayMs >= 0) || !(policy.maxDelayMs >= policy.baseDelayMs)) throw new RangeError('A retry policy needs 0 <= baseDelayMs <= maxDelayMs');
  if (!(policy.budgetMs >= 0)) throw new RangeError(`budgetMs must be at least 0, not ${policy.budgetMs}`);
  return policy;
}

/**
 * Runs `attempt` until it is accepted, fails permanently, ends unknown, or the retry policy is
 * spent; never throws for what the platform or the network does. `attempt` gets the attempt
 * number from 1. `offset` counts requests already made for the same post (multi-step publishes).
 */
export async function deliver(attempt: (attemptNumber: number) => Promise<AttemptOutcome>, options: DeliveryOptions, offset = 0): Promise<PublishResult> {
  const policy = options.policy ?? DEFAULT_RETRY_POLICY;
  let waited = 0;
  let lastReason = '';
  for (let attemptNumber = 1; attemptNumber <= policy.maxAttempts; attemptNumber += 1) {
    if (options.limiter) {
      // A paused bot (DingTalk throttles for 10 minutes) is better redriven later than waited on.
      const queuedMs = options.limiter.delayFor(options.limiterKey);
      if (queuedMs > policy.budgetMs - waited) {
        return {
          status: 'failed', retryable: true, attempts: offset + attemptNumber - 1,
          reason: `${options.label ?? options.limiterKey} is rate limited for another ${Math.ceil(queuedMs / 1000)} s, beyond the retry budget${lastReason ? `; the last answer: ${lastReason}` : ''}`,
        };
      }
      await options.limiter.acquire(options.limiterKey);
    }
    const outcome = await attempt(attemptNumber);
    const attempts = offset + attemptNumber;
    switch (outcome.kind) {
      case 'accepted':
        return outcome.platformId === undefined ? { status: 'published', attempts } : { status: 'published', platformId: outcome.platformId, attempts };
      case 'permanent':
        return { status: 'failed', reason: outcome.reason, attempts };
      case 'unknown':
        return { status: 'unconfirmed', reason: outcome.reason, attempts };
      case 'transient': {
        lastReason = outcome.reason;
        const waitMs = outcome.retryAfterMs ?? backoffDelay(policy, attemptNumber, options.random);
        // The pause holds other messages to this bot or channel too, not only this one.
        if (outcome.rateLimited) options.limiter?.pauseUntil(options.limiterKey, options.now() + waitMs);
        if (attemptNumber === policy.maxAttempts) break;
        if (waited + waitMs > policy.budgetMs) {
          return {
            status: 'failed', retryable: true, attempts,
            reason: `Asked to wait ${Math.ceil(waitMs / 1000)} s, beyond the retry budget of ${Math.round(policy.budgetMs / 1000)} s; the last answer: ${lastReason}`,
          };
        }
        waited += waitMs;
        await options.sleep(waitMs);
      }
    }
  }
  return { status: 'failed', retryable: true, reason: `Gave up after ${policy.maxAttempts} attempts; the last: ${lastReason}`, attempts: offset + policy.maxAttempts };
}


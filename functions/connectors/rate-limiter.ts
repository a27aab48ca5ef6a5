import { setTimeout as delay } from 'node:timers/promises';

/** Options of a {@link RateLimiter}. */
export interface RateLimiterOptions {
  /** Most tokens one key holds: the burst allowed after a quiet spell. At least 1. */
  readonly capacity: number;
  /** Tokens added to each key per second, up to `capacity`. Above 0. */
  readonly refillPerSecond: number;
  /** The clock, in epoch milliseconds. @default Date.now */
  readonly now?: () => number;
  /** Waits the given milliseconds. @default a setTimeout promise */
  readonly sleep?: (milliseconds: number) => Promise<void>;
}

interface Bucket {
  /** Below zero when callers have reserved tokens that have not refilled yet. */
  tokens: number;
  refilledAt: number;
  pausedUntil: number;
}

/** Waits with a real timer (Node's own promise timer); the default sleep of the connectors. */
export const sleepFor: (milliseconds: number) => Promise<void> = (milliseconds) => delay(milliseconds);

/**
 * A token bucket per key (a key is a channel): each `acquire` takes one token and waits until
 * the token exists and the key is not paused. A caller reserves its token on arrival, so
 * concurrent callers on one key are served in arrival order and never beyond the refill rate.
 */
export class RateLimiter {
  private readonly capacity: number;
  private readonly refillPerMillisecond: number;
  private readonly now: () => number;
  private readonly sleep: (milliseconds: number) => Promise<void>;
  private readonly buckets = new Map<string, Bucket>();

  constructor(options: RateLimiterOptions) {
    if (!(options.capacity >= 1)) throw new RangeError(`A rate limiter's capacity must be at least 1, not ${options.capacity}`);
    if (!(options.refillPerSecond > 0)) throw new RangeError(`A rate limiter's refillPerSecond must be above 0, not ${options.refillPerSecond}`);
    this.capacity = options.capacity;
    this.refillPerMillisecond = options.refillPerSecond / 1000;
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? sleepFor;
  }

  /** Takes one token for `key`, waiting for the refill and for any pause on that key. */
  async acquire(key: string): Promise<void> {
    const bucket = this.refill(key);
    bucket.tokens -= 1;
    const tokenAt = bucket.tokens >= 0 ? bucket.refilledAt : bucket.refilledAt - bucket.tokens / this.refillPerMillisecond;
    // Sleep once per deadline rather than until the clock agrees: a pause set while this caller
    // sleeps extends the wait, and a test clock that sleep does not advance cannot spin forever.
    let waitedUntil = Number.NEGATIVE_INFINITY;
    for (;;) {
      const readyAt = Math.max(tokenAt, bucket.pausedUntil);
      const wait = readyAt - this.now();
      if (readyAt <= waitedUntil || wait <= 0) return;
      await this.sleep(wait);
      waitedUntil = readyAt;
    }
  }

  /** How long an `acquire` on `key` made now would wait, in ms; takes nothing. Lets a caller refuse a wait beyond its budget. */
  delayFor(key: string): number {
    const bucket = this.refill(key);
    const tokenAt = bucket.tokens >= 1 ? bucket.refilledAt : bucket.refilledAt + (1 - bucket.tokens) / this.refillPerMillisecond;
    return Math.max(0, Math.max(tokenAt, bucket.pausedUntil) - this.now());
  }

  /** Holds every `acquire` on `key` until `instant` (epoch ms), as a 429's Retry-After asks. */
  pauseUntil(key: string, instant: number): void {
    const bucket = this.refill(key);
    bucket.pausedUntil = Math.max(bucket.pausedUntil, instant);
  }

  /** Brings the key's bucket up to now, creating it full on first use. */
  private refill(key: string): Bucket {
    const now = this.now();
    const bucket = this.buckets.get(key);
    if (!bucket) {
      const created = { tokens: this.capacity, refilledAt: now, pausedUntil: Number.NEGATIVE_INFINITY };
      this.buckets.set(key, created);
      return created;
    }
    if (now > bucket.refilledAt) {
      bucket.tokens = Math.min(this.capacity, bucket.tokens + (now - bucket.refilledAt) * this.refillPerMillisecond);
      bucket.refilledAt = now;
    }
    return bucket;
  }
}

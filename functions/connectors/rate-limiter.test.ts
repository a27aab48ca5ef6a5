import { describe, expect, it } from 'vitest';
import { RateLimiter } from './rate-limiter';

/** A virtual clock whose sleeps fire in time order when `run` advances it. */
function virtualClock() {
  let current = 0;
  const timers: { at: number; order: number; resolve: () => void }[] = [];
  let scheduled = 0;
  const sleeps: number[] = [];
  return {
    now: () => current,
    sleeps,
    sleep: (milliseconds: number) =>
      new Promise<void>((resolve) => {
        sleeps.push(milliseconds);
        timers.push({ at: current + milliseconds, order: (scheduled += 1), resolve });
      }),
    /** Fires timers in order until none is left, letting woken callers run in between. */
    async run(): Promise<void> {
      await new Promise((resolve) => setImmediate(resolve));
      while (timers.length > 0) {
        timers.sort((left, right) => left.at - right.at || left.order - right.order);
        const next = timers.shift();
        if (!next) break;
        current = Math.max(current, next.at);
        next.resolve();
        await new Promise((resolve) => setImmediate(resolve));
      }
    },
    advance(milliseconds: number) {
      current += milliseconds;
    },
  };
}

/** Runs `acquire`s one after another and returns the virtual instant each one returned at. */
async function acquireInTurn(limiter: RateLimiter, clock: ReturnType<typeof virtualClock>, keys: readonly string[]): Promise<number[]> {
  const finished: number[] = [];
  const done = (async () => {
    for (const key of keys) {
      await limiter.acquire(key);
      finished.push(clock.now());
    }
  })();
  await clock.run();
  await done;
  return finished;
}

describe('RateLimiter', () => {
  it('lets a burst of capacity through, then one per refill interval', async () => {
    const clock = virtualClock();
    const limiter = new RateLimiter({ capacity: 2, refillPerSecond: 1, now: clock.now, sleep: clock.sleep });

    const finished = await acquireInTurn(limiter, clock, ['x', 'x', 'x', 'x', 'x']);

    expect(finished).toEqual([0, 0, 1000, 2000, 3000]);
    expect(clock.now()).toBe(3000);
  });

  it('serves concurrent callers on one key in arrival order, never faster than the refill', async () => {
    const clock = virtualClock();
    const limiter = new RateLimiter({ capacity: 2, refillPerSecond: 1, now: clock.now, sleep: clock.sleep });
    const finished: [number, number][] = [];

    const all = Promise.all([0, 1, 2, 3, 4].map((index) => limiter.acquire('x').then(() => finished.push([index, clock.now()]))));
    await clock.run();
    await all;

    expect(finished).toEqual([
      [0, 0],
      [1, 0],
      [2, 1000],
      [3, 2000],
      [4, 3000],
    ]);
  });

  it('keeps keys independent: draining one does not slow another', async () => {
    const clock = virtualClock();
    const limiter = new RateLimiter({ capacity: 2, refillPerSecond: 1, now: clock.now, sleep: clock.sleep });

    const finished = await acquireInTurn(limiter, clock, ['a', 'a', 'b', 'b', 'a', 'b']);

    // Had the keys shared a bucket, the first "b" would already have waited a second.
    expect(finished).toEqual([0, 0, 0, 0, 1000, 1000]);
  });

  it('refills up to capacity only, however long the key was idle', async () => {
    const clock = virtualClock();
    const limiter = new RateLimiter({ capacity: 2, refillPerSecond: 1, now: clock.now, sleep: clock.sleep });
    await acquireInTurn(limiter, clock, ['x', 'x']);
    clock.advance(60_000);

    const finished = await acquireInTurn(limiter, clock, ['x', 'x', 'x']);

    expect(finished).toEqual([60_000, 60_000, 61_000]);
  });

  it('holds a paused key until the instant given, and only that key', async () => {
    const clock = virtualClock();
    const limiter = new RateLimiter({ capacity: 2, refillPerSecond: 1, now: clock.now, sleep: clock.sleep });
    limiter.pauseUntil('a', 5000);

    const finished = await acquireInTurn(limiter, clock, ['b', 'a', 'a', 'a']);

    // "b" is not paused; every "a" waits for the pause, which then has refilled the bucket.
    expect(finished).toEqual([0, 5000, 5000, 5000]);
    expect(clock.sleeps).toEqual([5000]);
  });

  it('extends the wait of a caller already sleeping when the pause is extended', async () => {
    const clock = virtualClock();
    const limiter = new RateLimiter({ capacity: 1, refillPerSecond: 1, now: clock.now, sleep: clock.sleep });
    await acquireInTurn(limiter, clock, ['a']);
    let finishedAt: number | undefined;

    const waiting = limiter.acquire('a').then(() => (finishedAt = clock.now()));
    limiter.pauseUntil('a', 4000);
    await clock.run();
    await waiting;

    expect(finishedAt).toBe(4000);
    expect(clock.sleeps).toEqual([1000, 3000]);
  });

  it('returns even when the injected sleep does not move the clock', async () => {
    const limiter = new RateLimiter({ capacity: 1, refillPerSecond: 1, now: () => 0, sleep: async () => {} });

    await limiter.acquire('a');
    await limiter.acquire('a');
    await limiter.acquire('a');
  });

  it('tells how long an acquire would wait, taking nothing, for the refill and for a pause', async () => {
    const clock = virtualClock();
    const limiter = new RateLimiter({ capacity: 1, refillPerSecond: 0.5, now: clock.now, sleep: clock.sleep });

    expect(limiter.delayFor('a')).toBe(0);
    await limiter.acquire('a');
    expect(limiter.delayFor('a')).toBe(2000);
    expect(limiter.delayFor('a')).toBe(2000);
    clock.advance(500);
    expect(limiter.delayFor('a')).toBe(1500);
    limiter.pauseUntil('a', 10_000);
    expect(limiter.delayFor('a')).toBe(9500);
    expect(limiter.delayFor('b')).toBe(0);
  });

  it('rejects a capacity below 1 and a refill rate of 0', () => {
    expect(() => new RateLimiter({ capacity: 0, refillPerSecond: 1 })).toThrow(RangeError);
    expect(() => new RateLimiter({ capacity: 1, refillPerSecond: 0 })).toThrow(RangeError);
  });
});

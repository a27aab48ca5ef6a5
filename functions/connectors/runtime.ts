import type { ConnectorDeps } from './connector';
import { RateLimiter, sleepFor } from './rate-limiter';

/** What every HTTP connector is built with: the factory's deps with their defaults filled in. */
export interface ConnectorRuntime {
  readonly fetch: typeof fetch;
  readonly now: () => number;
  readonly sleep: (milliseconds: number) => Promise<void>;
  readonly random: () => number;
  readonly timeoutMs: number;
  /** The limiter for one bot or channel: shared through deps.rateLimiters when given. */
  readonly limiter: RateLimiter;
  /** The bucket in `limiter` for this bot or channel: `<kind>:<id>`. */
  readonly limiterKey: string;
  /** The test origin for this connector kind, if any. */
  readonly baseUrl: string | undefined;
}

/**
 * Fills in the defaults and makes the limiter for `<kind>:<id>`. A bucket without burst
 * (capacity 1) spaces requests evenly, so no window of a minute (or a second) ever holds more
 * than the platform allows; a bigger bucket would let a burst and the refill add up.
 */
export function makeRuntime(deps: Omit<ConnectorDeps, 'resolveSecret'>, kind: string, id: string, perMinute: number): ConnectorRuntime {
  const now = deps.now ?? Date.now;
  const sleep = deps.sleep ?? sleepFor;
  const key = `${kind}:${id}`;
  let limiter = deps.rateLimiters?.get(key);
  if (!limiter) {
    limiter = new RateLimiter({ capacity: 1, refillPerSecond: perMinute / 60, now, sleep });
    deps.rateLimiters?.set(key, limiter);
  }
  return {
    fetch: deps.fetch ?? globalThis.fetch, now, sleep, random: deps.random ?? Math.random, timeoutMs: deps.timeoutMs ?? 10_000, limiter, limiterKey: key,
    baseUrl: deps.baseUrls?.[kind],
  };
}

/** Reads a secret reference, turning a missing value into an error that says how to fix it. */
export async function readSecret(resolveSecret: (ref: string) => Promise<string>, ref: string, what: string): Promise<string> {
  let value: string;
  try {
    value = await resolveSecret(ref);
  } catch (error) {
    throw new MissingSecretError(ref, what, error);
  }
  if (!value) throw new MissingSecretError(ref, what);
  return value;
}

/** Checks an address from a playbook or a secret, with an error that says which and how to fix it. */
export function checkUrl(value: string, what: string): string {
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  if (url?.protocol !== 'https:' && url?.protocol !== 'http:') {
    throw new Error(`The ${what} is not an http(s) URL; write the full address, e.g. https://… (${what} 不是有效的 http(s) 地址)`);
  }
  return url.href;
}

/** A credential reference that resolves to nothing. */
export class MissingSecretError extends Error {
  constructor(readonly ref: string, what: string, cause?: unknown) {
    super(
      `The ${what} ${ref} is not set: store it in Secrets Manager (or locally in the env var the reference names) and try again ` +
        `(${what} ${ref} 未设置: 请在 Secrets Manager 或本地环境变量中配置)`,
      cause === undefined ? undefined : { cause },
    );
    this.name = 'MissingSecretError';
  }
}

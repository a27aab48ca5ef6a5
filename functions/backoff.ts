/**
 * Full-jitter exponential backoff (the AWS Architecture Blog's "full jitter"): a random wait in
 * [0, ceiling), the ceiling doubling per retry from `baseMs` and capped at `maxMs`. `retry` is 1
 * for the first retry. One implementation for the connectors, the store and the bus.
 */
export function fullJitterDelay(retry: number, baseMs: number, maxMs: number, random: () => number = Math.random): number {
  return Math.floor(random() * Math.min(maxMs, baseMs * 2 ** (retry - 1)));
}

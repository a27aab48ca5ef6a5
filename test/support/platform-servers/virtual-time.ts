/**
 * A virtual clock for connector tests: each sleep moves it forward at once and is recorded, so
 * a minute of rate limiting takes no real time. Pass `now` to the local server as well, and its
 * rate windows and recorded arrival times run on the same clock.
 */
export function virtualTime(start = Date.parse('2027-01-10T12:00:00Z')) {
  let current = start;
  const sleeps: number[] = [];
  return {
    start,
    sleeps,
    now: () => current,
    sleep: async (milliseconds: number) => {
      sleeps.push(milliseconds);
      current += milliseconds;
    },
  };
}

export type VirtualTime = ReturnType<typeof virtualTime>;

/** Secrets for the factories' resolveSecret, from a plain map; a missing one rejects as Secrets Manager would. */
export function secretsFrom(values: Record<string, string>): (ref: string) => Promise<string> {
  return async (ref) => {
    const value = values[ref];
    if (value === undefined) throw new Error(`secret ${ref} not found`);
    return value;
  };
}

/** Gaps between consecutive instants. */
export function gaps(instants: readonly number[]): number[] {
  return instants.slice(1).map((instant, index) => instant - (instants[index] ?? instant));
}

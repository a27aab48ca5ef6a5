/** Digits of a zero-padded epoch-ms sort key: string order equals time order up to year 33658. */
const TIME_WIDTH = 15;

/** Sorts after every character a key suffix can hold (hex hashes, URI-encoded ids). */
export const KEY_SUFFIX_MAX = '~';

/** The partition that holds every job of the plan. */
export const JOBS_PARTITION = 'JOBS';

/** The GSI partition of pending jobs; one fixed shard is enough at a team's volume (functions/store/DESIGN.md, pattern 3). */
export const DUE_SHARD = 'DUE#0';

/** The partition that holds the latest status of every key result. */
export const GOALS_PARTITION = 'GOALS';

/** Pads an epoch-ms instant so that string order matches numeric order. */
export function padTime(epochMs: number): string {
  return Math.trunc(epochMs).toString().padStart(TIME_WIDTH, '0');
}

/** Makes an id safe inside a `#`-separated key (no `#`, no `~`). */
export function encodeKeyPart(value: string): string {
  return encodeURIComponent(value).replace(/~/g, '%7E');
}

/** The UTC month (`YYYY-MM`) an instant falls in. */
export function formatMonth(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 7);
}

// The plan's own stable JSON and hash (one implementation): stored payloads and ids must match
// what compile hashed. A deep import: core/index would load the zod schemas into every Lambda.
export { stableStringify as stringifyStable, hashValue as hashStable } from '../../core/compile/stable-hash';

/** Copies an object without its undefined properties, so any DocumentClient config can marshal it. */
export function omitUndefined<T extends Record<string, unknown>>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, child]) => child !== undefined)) as T;
}

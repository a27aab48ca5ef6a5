import { createHash } from 'node:crypto';

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

/** JSON with object keys sorted, so equal values always serialise the same way. */
export function stringifyStable(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(stringifyStable).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, child]) => child !== undefined)
    .sort(([left], [right]) => (left < right ? -1 : left > right ? 1 : 0));
  return `{${entries.map(([key, child]) => `${JSON.stringify(key)}:${stringifyStable(child)}`).join(',')}}`;
}

/** A short stable hash (SHA-256, 16 hex digits) of a value's stable JSON. */
export function hashStable(value: unknown): string {
  return createHash('sha256').update(stringifyStable(value)).digest('hex').slice(0, 16);
}

/** Copies an object without its undefined properties, so any DocumentClient config can marshal it. */
export function omitUndefined<T extends Record<string, unknown>>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, child]) => child !== undefined)) as T;
}

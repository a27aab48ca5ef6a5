import { getDaysInMonth } from '../schedule/calendar';
import { createOffsetReader, resolveLocalTime, type OffsetReader } from '../schedule/index';

export interface LocalMinute {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
}


/** Parses YYYY-MM-DD into its parts when it names a real calendar day. */
export function parseDate(value: string): LocalMinute | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (month < 1 || month > 12 || day < 1) return undefined;
  const limit = getDaysInMonth(year, month);
  if (day > limit) return undefined;
  return { year, month, day, hour: 0, minute: 0 };
}

/** Parses YYYY-MM-DD HH:mm into its parts when it names a real day and time of day. */
export function parseLocalTime(value: string): LocalMinute | undefined {
  const match = /^(\d{4}-\d{2}-\d{2}) (\d{2}):(\d{2})$/.exec(value);
  if (!match) return undefined;
  const date = parseDate(match[1] as string);
  const [hour, minute] = [Number(match[2]), Number(match[3])];
  if (!date || hour > 23 || minute > 59) return undefined;
  return { ...date, hour, minute };
}

/**
 * The instant (epoch ms) of a local time in a zone, as EventBridge Scheduler reads it: a time in
 * a spring-forward gap moves forward, one in a fall-back overlap takes the first occurrence.
 * NaN when the zone is unknown.
 */
export function localToInstant(local: LocalMinute, zone: string): number {
  try {
    return resolveLocalTime({ ...local, second: 0 }, zone).instant;
  } catch {
    return Number.NaN;
  }
}

/** The instants a window covers: [start 00:00, day after end 00:00) in the zone. */
export function windowInstants(start: LocalMinute, end: LocalMinute, zone: string): { from: number; until: number } {
  const next = new Date(Date.UTC(end.year, end.month - 1, end.day + 1));
  const dayAfter = { year: next.getUTCFullYear(), month: next.getUTCMonth() + 1, day: next.getUTCDate(), hour: 0, minute: 0 };
  return { from: localToInstant({ ...start, hour: 0, minute: 0 }, zone), until: localToInstant(dayAfter, zone) };
}

const DAY_MS = 86_400_000;

/** A zone's offsets over one UTC day: `before` until `transition`, `after` from it (no day has two transitions). */
interface DayOffsets {
  readonly before: number;
  readonly after: number;
  readonly transition: number;
}

// Offsets are facts of the tz data, so they are kept per zone and UTC day for every later call.
const offsetsByZone = new Map<string, { readonly read: OffsetReader; readonly days: Map<number, DayOffsets> }>();

/** The zone's UTC offset (ms) at an instant; two Intl reads per UTC day instead of one per call. */
function offsetAt(instant: number, zone: string): number {
  let zoneOffsets = offsetsByZone.get(zone);
  if (!zoneOffsets) {
    zoneOffsets = { read: createOffsetReader(zone), days: new Map() };
    offsetsByZone.set(zone, zoneOffsets);
  }
  const day = Math.floor(instant / DAY_MS);
  let known = zoneOffsets.days.get(day);
  if (!known) {
    const { read } = zoneOffsets;
    let low = day * DAY_MS;
    let high = low + DAY_MS - 1000;
    const before = read(low);
    const after = read(high);
    // The offset reader works in whole seconds: find the first second of the new offset.
    while (before !== after && high - low > 1000) {
      const middle = low + Math.floor((high - low) / 2000) * 1000;
      if (read(middle) === before) low = middle;
      else high = middle;
    }
    known = { before, after, transition: before === after ? Number.POSITIVE_INFINITY : high };
    zoneOffsets.days.set(day, known);
  }
  return instant < known.transition ? known.before : known.after;
}

const pad = (value: number, width = 2): string => String(value).padStart(width, '0');

/** Formats an instant as local YYYY-MM-DD HH:mm in a zone (a RangeError for an unknown zone). */
export function formatLocal(instant: number, zone: string): string {
  const local = new Date(instant + offsetAt(instant, zone));
  return `${pad(local.getUTCFullYear(), 4)}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())} ${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}`;
}

/**
 * Formats an instant as ISO 8601 with the zone's offset at that instant, e.g.
 * 2026-10-01T09:00:00+08:00 (milliseconds only when there are some). An offset with seconds
 * (local mean time before a zone adopted standard time) cannot be written, so those instants are
 * written in UTC (`Z`).
 */
export function formatInstantWithOffset(instant: number, zone: string): string {
  const offset = offsetAt(instant, zone);
  const shown = offset % 60_000 === 0 ? offset : 0;
  const local = new Date(instant + shown);
  const millis = local.getUTCMilliseconds();
  const clock = `${pad(local.getUTCFullYear(), 4)}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())}T${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:${pad(local.getUTCSeconds())}${millis === 0 ? '' : `.${pad(millis, 3)}`}`;
  if (offset % 60_000 !== 0) return `${clock}Z`;
  const minutes = Math.abs(offset) / 60_000;
  return `${clock}${offset < 0 ? '-' : '+'}${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;
}

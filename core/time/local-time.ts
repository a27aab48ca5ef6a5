import { resolveLocalTime } from '../schedule/index';

export interface LocalMinute {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** Parses YYYY-MM-DD into its parts when it names a real calendar day. */
export function parseDate(value: string): LocalMinute | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (month < 1 || month > 12 || day < 1) return undefined;
  const limit = month === 2 && isLeapYear(year) ? 29 : DAYS_IN_MONTH[month - 1] ?? 0;
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

// Formatters are costly to build and immutable; one per zone serves every call.
const localFormatters = new Map<string, Intl.DateTimeFormat>();

/** Formats an instant as local YYYY-MM-DD HH:mm in a zone. */
export function formatLocal(instant: number, zone: string): string {
  let formatter = localFormatters.get(zone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-CA', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' });
    localFormatters.set(zone, formatter);
  }
  const parts = formatter.formatToParts(instant);
  const get = (type: string) => parts.find((part) => part.type === type)?.value ?? '00';
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}`;
}

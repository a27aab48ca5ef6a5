import { DateTime } from 'luxon';

export interface LocalDateTime {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
}

/** Parses YYYY-MM-DD into its parts when it names a real calendar day. */
export function parseDate(value: string): LocalDateTime | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (!DateTime.fromObject({ year, month, day }, { zone: 'UTC' }).isValid) return undefined;
  return { year, month, day, hour: 0, minute: 0 };
}

/** Parses YYYY-MM-DD HH:mm into its parts when it names a real day and time of day. */
export function parseLocalTime(value: string): LocalDateTime | undefined {
  const match = /^(\d{4}-\d{2}-\d{2}) (\d{2}):(\d{2})$/.exec(value);
  if (!match) return undefined;
  const date = parseDate(match[1] as string);
  const [hour, minute] = [Number(match[2]), Number(match[3])];
  if (!date || hour > 23 || minute > 59) return undefined;
  return { ...date, hour, minute };
}

/**
 * The instant (epoch ms) of a local time in a zone. A time in a spring-forward gap resolves
 * forward (as luxon does); callers that care check classifyLocalTime first.
 */
export function localToInstant(local: LocalDateTime, zone: string): number {
  return DateTime.fromObject({ ...local, second: 0, millisecond: 0 }, { zone }).toMillis();
}

/** The instants a window covers: [start 00:00, day after end 00:00) in the zone. */
export function windowInstants(start: LocalDateTime, end: LocalDateTime, zone: string): { from: number; until: number } {
  const from = DateTime.fromObject({ year: start.year, month: start.month, day: start.day }, { zone });
  const until = DateTime.fromObject({ year: end.year, month: end.month, day: end.day }, { zone }).plus({ days: 1 });
  return { from: from.toMillis(), until: until.toMillis() };
}

/** Formats an instant as local YYYY-MM-DD HH:mm in a zone. */
export function formatLocal(instant: number, zone: string): string {
  return DateTime.fromMillis(instant, { zone }).toFormat('yyyy-MM-dd HH:mm');
}

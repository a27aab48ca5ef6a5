import { getDayWall } from './calendar';
import type { LocalDateTime, LocalTimeKind } from './types';

const HOUR = 3_600_000;

/** Reads a zone's UTC offset (in ms, wall = instant + offset) at an instant. */
export type OffsetReader = (instant: number) => number;

/** Offsets around one local day: `before` until `transition`, `after` from it (no transition: Infinity). */
export interface LocalDayOffsets {
  readonly before: number;
  readonly after: number;
  readonly transition: number;
}

/** An instant for a wall-clock time, and whether that time exists once, never or twice. */
export interface ResolvedTime {
  readonly kind: LocalTimeKind;
  readonly instant: number;
}

// Formatters are immutable and costly to build; keeping one per zone needs no clearing between tests.
const formatters = new Map<string, Intl.DateTimeFormat>();

/** Builds the formatter used to read a zone's offsets; throws RangeError for an unknown zone. */
function createFormatter(zone: string): Intl.DateTimeFormat {
  return new Intl.DateTimeFormat('en-US', {
    timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric',
    hour: 'numeric', minute: 'numeric', second: 'numeric',
  });
}

/** True when `zone` is an IANA time zone name (e.g. Asia/Shanghai) that this runtime knows. */
export function isValidTimeZone(zone: string): boolean {
  // Building a formatter is the check (as luxon's IANAZone.isValidZone does); a kept one is known good.
  if (formatters.has(zone)) return true;
  if (zone.trim() === '') return false;
  try {
    formatters.set(zone, createFormatter(zone));
    return true;
  } catch {
    return false;
  }
}

/**
 * Builds an offset reader for a zone. It formats with Intl directly (the tz data luxon uses
 * too) because this is the hot path of nextRuns: about 1.6 µs a call against luxon's 9 µs.
 */
export function createOffsetReader(zone: string): OffsetReader {
  let formatter = formatters.get(zone);
  if (!formatter) {
    if (!isValidTimeZone(zone)) throw new RangeError(`Unknown time zone "${zone}": use an IANA name such as Asia/Shanghai`);
    formatter = formatters.get(zone) as Intl.DateTimeFormat;
  }
  const zoneFormatter = formatter;
  return (instant) => {
    const wholeSecond = Math.floor(instant / 1000) * 1000;
    const fields = zoneFormatter.format(wholeSecond).match(/\d+/g)?.map(Number) ?? [];
    const [month = 1, day = 1, year = 1970, hour = 0, minute = 0, second = 0] = fields;
    // Some ICU builds print midnight as 24 despite h23.
    return Date.UTC(year, month - 1, day, hour % 24, minute, second) - wholeSecond;
  };
}

/**
 * Finds the offsets that apply to one local day, starting at `dayWall` (the day's midnight read
 * as if it were UTC). Its instants lie within [dayWall − 14 h, dayWall + 36 h] since offsets run
 * from −12 h to +14 h; if the offset is the same at both ends the day has no transition. This
 * assumes no zone changes its offset twice within those 50 hours, which no IANA zone does.
 */
export function analyzeLocalDay(readOffset: OffsetReader, dayWall: number): LocalDayOffsets {
  let low = dayWall - 14 * HOUR;
  let high = dayWall + 36 * HOUR;
  const before = readOffset(low);
  const after = readOffset(high);
  if (before === after) return { before, after, transition: Number.POSITIVE_INFINITY };
  while (high - low > 1000) {
    const middle = low + Math.floor((high - low) / 2000) * 1000;
    if (readOffset(middle) === before) low = middle;
    else high = middle;
  }
  return { before, after, transition: high };
}

/**
 * Returns analyzeLocalDay with memory: while consecutive days keep the offset it was last seen
 * with, one read at the far end of the new window extends the known offset-constant stretch
 * (a single read covers at most 50 h, the span analyzeLocalDay already trusts).
 */
export function createDayAnalyzer(readOffset: OffsetReader): (dayWall: number) => LocalDayOffsets {
  let constantFrom = Number.POSITIVE_INFINITY;
  let constantUntil = Number.NEGATIVE_INFINITY;
  let constant: LocalDayOffsets = { before: 0, after: 0, transition: Number.POSITIVE_INFINITY };
  return (dayWall) => {
    const low = dayWall - 14 * HOUR;
    const high = dayWall + 36 * HOUR;
    if (low >= constantFrom && high <= constantUntil) return constant;
    if (low >= constantFrom && low <= constantUntil && high - constantUntil <= 50 * HOUR && readOffset(high) === constant.before) {
      constantUntil = high;
      return constant;
    }
    const analysed = analyzeLocalDay(readOffset, dayWall);
    if (analysed.transition === Number.POSITIVE_INFINITY) {
      constantFrom = low;
      constantUntil = high;
      constant = analysed;
    }
    return analysed;
  };
}

/**
 * Maps a wall-clock time (ms, read as UTC) of an analysed day to an instant. In a fall-back
 * overlap the first occurrence wins; in a spring-forward gap the time is pushed forward by the
 * gap's length (02:30 becomes 03:30), so callers get a sensible instant and the `gap` kind.
 */
export function resolveWallTime(day: LocalDayOffsets, wall: number): ResolvedTime {
  const early = wall - day.before;
  if (day.transition === Number.POSITIVE_INFINITY) return { kind: 'ok', instant: early };
  const late = wall - day.after;
  const earlyValid = early < day.transition;
  const lateValid = late >= day.transition;
  if (earlyValid && lateValid) return { kind: 'overlap', instant: Math.min(early, late) };
  if (earlyValid) return { kind: 'ok', instant: early };
  if (lateValid) return { kind: 'ok', instant: late };
  return { kind: 'gap', instant: early };
}

// Analysed days per zone. The tz data is fixed for the life of the process, so entries never go
// stale; the cap keeps memory bounded when a long-lived language server sees many dates.
const analysedDays = new Map<string, Map<number, LocalDayOffsets>>();
const MAX_CACHED_DAYS = 20_000;

/** Resolves a local date-time in a zone to an instant and says whether it is ok, in a gap or in an overlap. */
export function resolveLocalTime(local: LocalDateTime, zone: string): ResolvedTime {
  const dayWall = getDayWall(local.year, local.month, local.day);
  let days = analysedDays.get(zone);
  if (!days) {
    days = new Map();
    analysedDays.set(zone, days);
  }
  let day = days.get(dayWall);
  if (!day) {
    day = analyzeLocalDay(createOffsetReader(zone), dayWall);
    if (days.size >= MAX_CACHED_DAYS) days.clear();
    days.set(dayWall, day);
  }
  const wall = dayWall + local.hour * HOUR + local.minute * 60_000 + local.second * 1000;
  return resolveWallTime(day, wall);
}

/** Says whether a local time exists once ('ok'), not at all ('gap') or twice ('overlap') in a zone. */
export function classifyLocalTime(local: LocalDateTime, zone: string): LocalTimeKind {
  return resolveLocalTime(local, zone).kind;
}

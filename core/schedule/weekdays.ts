/*
 * Days of the week in the three ways people meet them: AWS numbers (1 = SUN … 7 = SAT), Unix
 * numbers (0 and 7 = Sunday, 1 = Monday … 6 = Saturday, crontab(5)) and names (SUN-SAT, which
 * mean the same everywhere). Sets of days are always AWS numbers here.
 */
import { text, type LocalizedText } from '../diagnostics';

/** AWS day-of-week names; index + 1 is the AWS number. */
export const WEEKDAY_NAMES: readonly string[] = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];
/** Weekday words by AWS number - 1, in English and Chinese. */
export const WEEKDAY_WORDS_EN: readonly string[] = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
export const WEEKDAY_WORDS_ZH: readonly string[] = ['周日', '周一', '周二', '周三', '周四', '周五', '周六'];

/** Consecutive runs of a set of AWS days, Sunday first, without wrapping past Saturday. */
function runsOf(days: readonly number[]): Array<[number, number]> {
  const sorted = [...new Set(days)].filter((day) => day >= 1 && day <= 7).sort((left, right) => left - right);
  const runs: Array<[number, number]> = [];
  for (const day of sorted) {
    const last = runs[runs.length - 1];
    if (last && day === last[1] + 1) last[1] = day;
    else runs.push([day, day]);
  }
  return runs;
}

/**
 * A day-of-week field that selects exactly these AWS days, written with names: `*` for every day,
 * runs of three or more as ranges (`MON-FRI`), the rest as a list (`SUN,SAT`). Ranges never wrap,
 * since AWS documents no wrapping day-of-week range.
 */
export function writeWeekdayNames(days: readonly number[]): string {
  const runs = runsOf(days);
  if (runs.length === 1 && runs[0]?.[0] === 1 && runs[0][1] === 7) return '*';
  return runs.flatMap(([from, to]) => {
    const name = (day: number): string => WEEKDAY_NAMES[day - 1] ?? String(day);
    if (to - from >= 2) return [`${name(from)}-${name(to)}`];
    return from === to ? [name(from)] : [name(from), name(to)];
  }).join(',');
}

/** The days in words, e.g. "Sunday–Thursday" / "周日至周四", "Saturday and Sunday" / "周日、周六". */
export function describeWeekdays(days: readonly number[]): LocalizedText {
  const runs = runsOf(days);
  if (runs.length === 1 && runs[0]?.[0] === 1 && runs[0][1] === 7) return text('every day', '每天');
  const phrase = (words: readonly string[], through: string) => runs.flatMap(([from, to]) => {
    const word = (day: number): string => words[day - 1] ?? String(day);
    if (to - from >= 2) return [`${word(from)}${through}${word(to)}`];
    return from === to ? [word(from)] : [word(from), word(to)];
  });
  const english = phrase(WEEKDAY_WORDS_EN, '–');
  const joined = english.length <= 1 ? english.join('') : `${english.slice(0, -1).join(', ')} and ${english[english.length - 1]}`;
  return text(joined, phrase(WEEKDAY_WORDS_ZH, '至').join('、'));
}

/** Reads one Unix day value: 0-7 or a name (any case); undefined otherwise. */
function readUnixDay(value: string): number | undefined {
  if (/^\d+$/.test(value)) {
    const day = Number(value);
    return day <= 7 ? day : undefined;
  }
  const index = WEEKDAY_NAMES.indexOf(value.toUpperCase());
  return index < 0 ? undefined : index;
}

/**
 * The AWS days a Unix cron day-of-week field selects (`1-5` → Monday-Friday = AWS 2-6), reading
 * `*`, values, names, ranges, lists and steps as crontab(5) does (`*` spans 0-7 for a step, 0 and 7
 * are Sunday). Undefined when the field is not plain Unix syntax (`?`, `L`, `#`, a backwards range).
 */
export function readUnixWeekdays(field: string): number[] | undefined {
  const selected = new Set<number>();
  for (const item of field.split(',')) {
    const match = /^(\*|[0-9A-Za-z]+(?:-[0-9A-Za-z]+)?)(?:\/(\d+))?$/.exec(item);
    if (!match) return undefined;
    const [range = '', stepText] = [match[1], match[2]];
    const step = stepText === undefined ? 1 : Number(stepText);
    if (step < 1) return undefined;
    let from: number | undefined;
    let to: number | undefined;
    if (range === '*') [from, to] = [0, 7];
    else {
      const [first = '', second] = range.split('-');
      from = readUnixDay(first);
      // `5/2` runs from Friday to the end of the week, as `5-7/2` would.
      to = second === undefined ? (stepText === undefined ? from : 7) : readUnixDay(second);
    }
    if (from === undefined || to === undefined || to < from) return undefined;
    for (let day = from; day <= to; day += step) selected.add((day % 7) + 1);
  }
  return [...selected].sort((left, right) => left - right);
}

/** True when a day-of-week field writes a day as a number (`1-5`, `MON,3`), not counting steps (`MON/2`), `6L` or `3#2`. */
export function hasNumericWeekday(field: string): boolean {
  return field.split(',').some((item) => !/[L#]/i.test(item) && /\d/.test(item.replace(/\/\d*$/, '')));
}

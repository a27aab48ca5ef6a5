/*
 * at(yyyy-mm-ddThh:mm:ss) as EventBridge Scheduler takes it.
 * Sourced: the format itself (Scheduler API, ScheduleExpression); Scheduler rejects
 * at(2021-12-31T23:59:59Z) and at(2021-12-31) and accepts a time already past,
 * at(2022-12-31T23:59:59) (localstack test_scheduler.snapshot.json, recorded against AWS).
 * Decisions: an impossible calendar date (2026-02-30) or time (25:00) is an error; a lower-case
 * `t` separator is a warning, since no source says whether AWS takes it.
 */
import { atMessages, expressionMessages } from './problem-messages';
import { getDaysInMonth } from './calendar';
import type { AtSchedule, ScheduleProblem } from './types';

/** The outcome of parsing the inside of `at(...)`: a schedule only when there is no error. */
export interface AtParse {
  readonly schedule: AtSchedule | null;
  readonly problems: readonly ScheduleProblem[];
}

const EXACT_FORMAT = /^(\d{4})-(\d{2})-(\d{2})([Tt])(\d{2}):(\d{2}):(\d{2})$/;
const LOOSE_FORMAT = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[Tt ](\d{1,2}):(\d{1,2})(?::(\d{1,2}))?)?(?:\.\d+)?(Z|[+-]\d{2}:?\d{2})?$/;

/** Parses the local date-time between `innerStart` and `innerEnd` of an `at(...)` expression. */
export function parseAt(expression: string, innerStart: number, innerEnd: number): AtParse {
  const inner = expression.slice(innerStart, innerEnd);
  const exact = EXACT_FORMAT.exec(inner);
  if (!exact) return { schedule: null, problems: [diagnoseFormat(inner, innerStart, innerEnd, expression.length)] };

  const problems: ScheduleProblem[] = [];
  if (exact[4] === 't') {
    problems.push({ message: atMessages.format(`at(${inner.toUpperCase()})`), start: innerStart + 10, end: innerStart + 11, severity: 'warning' });
  }
  const [year, month, day, hour, minute, second] = [1, 2, 3, 5, 6, 7].map((group) => Number(exact[group]));
  const local = { year: year ?? 0, month: month ?? 0, day: day ?? 0, hour: hour ?? 0, minute: minute ?? 0, second: second ?? 0 };
  const check = (valid: boolean, message: ScheduleProblem['message'], offset: number): void => {
    if (!valid) problems.push({ message, start: innerStart + offset, end: innerStart + offset + 2, severity: 'error' });
  };
  check(local.month >= 1 && local.month <= 12, atMessages.outOfRange(atMessages.partNames.month, local.month, '01-12'), 5);
  if (local.month >= 1 && local.month <= 12) {
    const days = getDaysInMonth(local.year, local.month);
    const yearMonth = inner.slice(0, 7);
    check(local.day >= 1 && local.day <= days, atMessages.noSuchDay(yearMonth, days, local.day), 8);
  }
  check(local.hour <= 23, atMessages.outOfRange(atMessages.partNames.hour, local.hour, '00-23'), 11);
  check(local.minute <= 59, atMessages.outOfRange(atMessages.partNames.minute, local.minute, '00-59'), 14);
  check(local.second <= 59, atMessages.outOfRange(atMessages.partNames.second, local.second, '00-59'), 17);
  if (problems.some((problem) => problem.severity === 'error')) return { schedule: null, problems };
  return { schedule: { type: 'at', local }, problems };
}

/** Explains a malformed date-time, suggesting the exact form built from what was written. */
function diagnoseFormat(inner: string, innerStart: number, innerEnd: number, expressionLength: number): ScheduleProblem {
  const loose = LOOSE_FORMAT.exec(inner);
  const wholeSpan = inner.length > 0 ? { start: innerStart, end: innerEnd } : { start: 0, end: expressionLength };
  if (!loose) return { message: atMessages.format('at(2026-09-10T20:00:00)'), ...wholeSpan, severity: 'error' };
  const pad = (part: string | undefined): string => (part ?? '0').padStart(2, '0');
  const written = `at(${loose[1]}-${pad(loose[2])}-${pad(loose[3])}T${pad(loose[4])}:${pad(loose[5])}:${pad(loose[6])})`;
  // What was written may still be no date (month 13): then the message shows the format only.
  const valid = parseAt(written, 3, written.length - 1).schedule !== null;
  const suggestion = valid ? written : 'at(2026-09-10T20:00:00)';
  const zone = loose[7];
  if (zone) {
    // No fix: dropping the offset moves the time unless the schedule's zone has that offset.
    const start = innerEnd - zone.length;
    return { message: atMessages.zoneSuffix(zone, suggestion), start, end: innerEnd, severity: 'error' };
  }
  const fixes = valid ? { fixes: [{ title: expressionMessages.changeTo(written), expression: written }] } : {};
  return { message: atMessages.format(suggestion), ...wholeSpan, severity: 'error', ...fixes };
}

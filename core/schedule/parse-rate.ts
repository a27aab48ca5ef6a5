/*
 * rate(value unit) as EventBridge Scheduler takes it.
 * Sourced: "a value as a positive integer, and a unit with the following options: minute |
 * minutes | hour | hours | day | days" (Scheduler API, ScheduleExpression). Scheduler rejects
 * rate(10 seconds), rate(10 years), rate(), rate(10), rate(10 minutess), rate(foo minutes),
 * rate(-10 minutes) and rate( 10 minutes ) (localstack test_scheduler.snapshot.json, recorded
 * against AWS in Jan 2025), and accepts rate(1 hour) and rate(1 day) (terraform-provider-aws
 * scheduler acceptance tests).
 * Decision: EventBridge *rules* reject rate(1 minutes) and rate(5 minute) (eb-scheduled-rule-pattern:
 * "If the value is equal to 1, then the unit must be singular"); nothing shows Scheduler doing the
 * same, so a unit that disagrees with its value is a warning. So are upper-case units and several
 * spaces between value and unit, which no source covers.
 */
import type { LocalizedText } from '../diagnostics';
import { expressionMessages, rateMessages } from './problem-messages';
import type { RateSchedule, RateUnit, ScheduleProblem } from './types';

/** The outcome of parsing the inside of `rate(...)`: a schedule only when there is no error. */
export interface RateParse {
  readonly schedule: RateSchedule | null;
  readonly problems: readonly ScheduleProblem[];
}

const UNIT_MINUTES: Record<RateUnit, number> = { minutes: 1, hours: 60, days: 1440 };

/** Parses the value and unit between `innerStart` and `innerEnd` of a `rate(...)` expression. */
export function parseRate(expression: string, innerStart: number, innerEnd: number): RateParse {
  const problems: ScheduleProblem[] = [];
  const report = (severity: 'error' | 'warning', message: LocalizedText, start: number, end: number): void => {
    problems.push({ message, start, end, severity });
  };
  const inner = expression.slice(innerStart, innerEnd);
  const leading = inner.length - inner.trimStart().length;
  const trailing = inner.length - inner.trimEnd().length;
  if (leading > 0 && leading < inner.length) report('error', rateMessages.innerSpace, innerStart, innerStart + leading);
  if (trailing > 0 && trailing < inner.length) report('error', rateMessages.innerSpace, innerEnd - trailing, innerEnd);

  const tokens = [...inner.matchAll(/\S+/g)].map((match) => ({
    text: match[0], start: innerStart + match.index, end: innerStart + match.index + match[0].length,
  }));
  const [valueToken, unitToken, ...extra] = tokens;
  if (!valueToken) {
    report('error', rateMessages.missingValue, 0, expression.length);
    return { schedule: null, problems };
  }
  const lastExtra = extra[extra.length - 1];
  if (extra[0] && lastExtra) report('error', rateMessages.extra, extra[0].start, lastExtra.end);
  // With nothing but a value and a unit written, a problem of spelling or spacing has one fix that keeps the interval.
  const withFix = (): RateParse => ({ schedule: null, problems: offerFix(problems, expression, extra.length > 0 ? null : rewriteRate(valueToken.text, unitToken?.text)) });

  const value = readValue(valueToken.text, unitToken?.text ?? 'minutes');
  if (value.problem) report('error', value.problem, valueToken.start, valueToken.end);
  if (!unitToken) {
    const message = /^\d+$/.test(valueToken.text) ? rateMessages.missingUnit(valueToken.text) : rateMessages.missingValue;
    report('error', message, valueToken.start, valueToken.end);
    return { schedule: null, problems };
  }
  if (unitToken.start - valueToken.end > 1) report('warning', rateMessages.extraSpaces, valueToken.end, unitToken.start);

  const lower = unitToken.text.toLowerCase();
  const unit = readUnit(lower);
  if (!unit) {
    report('error', describeBadUnit(unitToken.text, value.amount ?? 1), unitToken.start, unitToken.end);
    return withFix();
  }
  if (lower !== unitToken.text) report('warning', rateMessages.unitCase(unitToken.text), unitToken.start, unitToken.end);
  if (value.amount !== null && Number.isInteger(value.amount)) {
    const expected = value.amount === 1 ? unit.slice(0, -1) : unit;
    if (lower !== expected) report('warning', rateMessages.numberAgreement(expected), unitToken.start, unitToken.end);
  }
  if (problems.some((problem) => problem.severity === 'error') || value.amount === null) return withFix();
  const fixed = withFix().problems;
  return { schedule: { type: 'rate', value: value.amount, unit, minutes: value.amount * UNIT_MINUTES[unit] }, problems: fixed };
}

/** The same interval written as AWS documents it (`rate(90 minutes)` for 1.5 hours, `rate(14 days)` for 2 weeks), or null. */
function rewriteRate(valueText: string, unitText: string | undefined): string | null {
  const lower = unitText?.toLowerCase() ?? '';
  const unit = readUnit(lower);
  const amount = Number(valueText);
  if (!/^\d*\.?\d+$/.test(valueText) || !(amount > 0)) return null;
  if (unit && Number.isInteger(amount)) return `rate(${amount} ${amount === 1 ? unit.slice(0, -1) : unit})`;
  const minutes = unit ? amount * UNIT_MINUTES[unit] : /^weeks?$/.test(lower) ? amount * 7 * 1440 : Number.NaN;
  return Number.isInteger(minutes) ? formatRate(minutes) : null;
}

/** Offers the rewrite as the fix of every problem, when it differs from what was written. */
function offerFix(problems: readonly ScheduleProblem[], expression: string, rewrite: string | null): ScheduleProblem[] {
  if (rewrite === null || rewrite === expression.trim()) return [...problems];
  return problems.map((problem) => ({ ...problem, fixes: [{ title: expressionMessages.changeTo(rewrite), expression: rewrite }] }));
}

function readUnit(lower: string): RateUnit | null {
  if (lower === 'minute' || lower === 'minutes') return 'minutes';
  if (lower === 'hour' || lower === 'hours') return 'hours';
  if (lower === 'day' || lower === 'days') return 'days';
  return null;
}

/** Reads the value; a fraction gets a whole-number suggestion in a smaller unit when one exists. */
function readValue(valueText: string, unitText: string): { amount: number | null; problem: LocalizedText | null } {
  if (/^\d+$/.test(valueText)) {
    const amount = Number(valueText);
    return amount >= 1 ? { amount, problem: null } : { amount: null, problem: rateMessages.notPositive };
  }
  if (/^-\d+(\.\d+)?$/.test(valueText)) return { amount: null, problem: rateMessages.notPositive };
  if (!/^\d*\.\d+$/.test(valueText)) return { amount: null, problem: rateMessages.notWholeNumber(null) };
  const unit = readUnit(unitText.toLowerCase());
  const totalMinutes = unit ? Number(valueText) * UNIT_MINUTES[unit] : Number.NaN;
  return { amount: null, problem: rateMessages.notWholeNumber(Number.isInteger(totalMinutes) ? formatRate(totalMinutes) : null) };
}

/** Writes a whole number of minutes as a rate in the largest unit that divides it. */
function formatRate(totalMinutes: number): string | null {
  if (totalMinutes < 1) return null;
  const unit: RateUnit = totalMinutes % 1440 === 0 ? 'days' : totalMinutes % 60 === 0 ? 'hours' : 'minutes';
  const amount = totalMinutes / UNIT_MINUTES[unit];
  return `rate(${amount} ${amount === 1 ? unit.slice(0, -1) : unit})`;
}

function describeBadUnit(unitText: string, amount: number): LocalizedText {
  const lower = unitText.toLowerCase();
  if (/^(s|secs?|seconds?|ms|milliseconds?)$/.test(lower)) return rateMessages.seconds;
  if (/^weeks?$/.test(lower)) return rateMessages.longerUnit(unitText, formatRate(amount * 7 * 1440) ?? 'rate(7 days)');
  if (/^(months?|years?)$/.test(lower)) return rateMessages.longerUnit(unitText, 'cron(0 9 1 * ? *)');
  return rateMessages.unknownUnit(unitText);
}

/*
 * AWS cron rules as implemented here, and where each comes from.
 *
 * Sourced from AWS:
 * - Six fields `minutes hours day-of-month month day-of-week year` "separated by white space";
 *   values 0-59, 0-23, 1-31, 1-12 or JAN-DEC, 1-7 or SUN-SAT (SUN = 1), 1970-2199; wildcards
 *   `, - * /` for minutes, hours, month and year, `, - * ? / L W` for day-of-month and
 *   `, - * ? L #` for day-of-week (EventBridge user guide, "Cron expressions reference",
 *   eb-cron-expressions.html; Scheduler API ScheduleExpression: "six fields separated by white spaces").
 * - Exactly one of day-of-month/day-of-week is `?`: "If you specify a value or a * in one of the
 *   fields, you must use a ? in the other" (same page). Scheduler answers
 *   "Invalid Schedule Expression cron(0 1 * * * *)." (localstack test_scheduler.snapshot.json,
 *   recorded against AWS in Jan 2025, which also shows cron(), cron(71 8 1 * ? *),
 *   cron(7 20 * * NOT *) and cron(0 dummy ? * MON-FRI *) rejected).
 * - With `#` the day-of-week field holds one expression only ("3#1,6#3" is invalid) (same page).
 * - `L` is the last day of the month or of the week (so day-of-week `L` alone is Saturday), `6L`
 *   the last Friday, `3W` the weekday nearest the 3rd, `3#2` the second Tuesday (same page).
 * - Wrap-around ranges: AWS's own example cron(0/30 20-2 ? * MON-FRI *).
 * - `*` followed by a step works: AWS's SSM docs use cron(0 *\/1 * * ? *), public Scheduler and
 *   rule configurations deploy cron(*\/15 * * * ? *); a minutes step of 60 is rejected
 *   (aws/aws-sdk-js#4212: cron(*\/60 * * * ? *) answered "ScheduleExpression is not valid").
 * - `LW` (last weekday) works: public CDK stacks deploy cron(0 0 LW * ? *).
 *
 * Decisions where AWS is silent. AWS cron copies Quartz's syntax, so Quartz breaks ties, but
 * whatever AWS might accept is at most a warning, never an error:
 * - Several spaces or a tab between fields: warning (Quartz splits on runs of " \t"; AWS shows one).
 * - Spaces just inside the parentheses: warning (AWS rejects rate( 10 minutes ); cron untested).
 * - Lower-case names, L and W: warning (Quartz upper-cases the expression; AWS shows upper case).
 * - `/` in day-of-week: warning (the English table omits it; the German page and Quartz allow it).
 * - Steps beyond the field (hours > 23, day-of-month > 31, month > 12, day-of-week > 7): warning.
 * - `L-n`, and L or W next to other list items: warning, evaluated as a union. W after a range or
 *   a step: error (Quartz: W takes "a single day, not a range or list of days").
 * - `#n` outside 1-5 and backwards year ranges: warning; they never run.
 * - Backwards ranges wrap in every field except year (Quartz wraps them; AWS shows hours).
 * - `nW` past the month's end (31W in April) does not run that month; W never leaves the month
 *   (1W on a Saturday is Monday the 3rd, 31W on a Sunday is Friday the 29th, as Quartz does).
 * - A day-of-month that no selected month reaches (30 in February) gets a "never runs" warning.
 */
import { CRON_FIELD_SPECS, getFieldSpec } from './cron-field-specs';
import { parseCronField } from './parse-cron-field';
import { cronMessages, expressionMessages } from './problem-messages';
import type { CronField, CronFieldName, CronSchedule, ScheduleProblem } from './types';
import { describeWeekdays, hasNumericWeekday, readUnixWeekdays, writeWeekdayNames } from './weekdays';

/** The outcome of parsing the inside of `cron(...)`: a schedule only when there is no error. */
export interface CronParse {
  readonly schedule: CronSchedule | null;
  readonly problems: readonly ScheduleProblem[];
}

interface FieldToken {
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

/** Longest month for each month number; February counts its leap-year 29 days. */
const MAX_DAYS_IN_MONTH = [0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Parses the fields between `innerStart` and `innerEnd` of a `cron(...)` expression. */
export function parseCron(expression: string, innerStart: number, innerEnd: number): CronParse {
  const problems: ScheduleProblem[] = [];
  const inner = expression.slice(innerStart, innerEnd);
  if (inner.trim() === '') {
    problems.push({ message: cronMessages.empty, start: 0, end: expression.length, severity: 'error' });
    return { schedule: null, problems };
  }
  const leading = inner.length - inner.trimStart().length;
  const trailing = inner.length - inner.trimEnd().length;
  if (leading > 0) problems.push({ message: cronMessages.innerSpace, start: innerStart, end: innerStart + leading, severity: 'warning' });
  if (trailing > 0) problems.push({ message: cronMessages.innerSpace, start: innerEnd - trailing, end: innerEnd, severity: 'warning' });

  const tokens = [...inner.matchAll(/[^ \t]+/g)].map((match): FieldToken => ({
    text: match[0],
    start: innerStart + match.index,
    end: innerStart + match.index + match[0].length,
  }));
  const firstToken = tokens[0];
  const lastToken = tokens[tokens.length - 1];
  // Worked out only for an expression with an error: the suggestion is itself parsed, error-free.
  let suggested: { value: string | undefined } | undefined;
  const suggest = (): string | undefined => {
    suggested ??= { value: checkingSuggestion ? undefined : suggestCron(tokens.map((token) => token.text)) };
    return suggested.value;
  };
  if (tokens.length !== 6 && firstToken && lastToken) {
    const message = cronMessages.fieldCount(tokens.length, suggest() ?? DEFAULT_CRON_EXAMPLE);
    problems.push({ message, start: firstToken.start, end: lastToken.end, severity: 'error' });
    return { schedule: null, problems: withSuggestion(problems, expression, suggest()) };
  }

  tokens.forEach((token, index) => {
    const previous = tokens[index - 1];
    if (previous && expression.slice(previous.end, token.start) !== ' ') {
      problems.push({ message: cronMessages.fieldSpacing, start: previous.end, end: token.start, severity: 'warning' });
    }
  });
  const fields = new Map<CronFieldName, CronField>();
  CRON_FIELD_SPECS.forEach((spec, index) => {
    const token = tokens[index];
    if (!token) return;
    const parsed = parseCronField(spec, token.text, token.start);
    problems.push(...parsed.problems);
    fields.set(spec.name, parsed.field);
  });
  checkDayFields(tokens, problems, suggest);
  const field = (name: CronFieldName): CronField => fields.get(name) ?? { text: '', parts: [], values: [] };
  if (problems.some((problem) => problem.severity === 'error')) return { schedule: null, problems: withSuggestion(problems, expression, suggest()) };

  const schedule: CronSchedule = {
    type: 'cron',
    expression,
    minutes: field('minutes'),
    hours: field('hours'),
    dayOfMonth: field('dayOfMonth'),
    month: field('month'),
    dayOfWeek: field('dayOfWeek'),
    year: field('year'),
  };
  const weekdayToken = tokens[4];
  const numericWeekday = weekdayToken ? checkNumericWeekdays(schedule, weekdayToken) : undefined;
  if (numericWeekday) problems.push(numericWeekday);
  const slash = problems.findIndex((problem) => problem.message === cronMessages.slashInDayOfWeek);
  const slashProblem = problems[slash];
  if (slashProblem && weekdayToken && isPlain(schedule.dayOfWeek)) {
    // MON/2 selects MON,WED,FRI: the list AWS documents, with the same days.
    const listed = `${expression.slice(0, weekdayToken.start)}${writeWeekdayNames(schedule.dayOfWeek.values)}${expression.slice(weekdayToken.end)}`;
    problems[slash] = { ...slashProblem, fixes: [{ title: cronMessages.sameWeekdaysFix(listed), expression: listed }] };
  }
  const dayToken = tokens[2];
  if (dayToken && selectsNoDay(schedule)) {
    const maxDays = Math.max(...schedule.month.values.map((month) => MAX_DAYS_IN_MONTH[month] ?? 31));
    problems.push({ message: cronMessages.neverRuns(maxDays), start: dayToken.start, end: dayToken.end, severity: 'warning' });
  }
  return { schedule, problems };
}

/** The example a message shows when nothing closer to what was written is valid. */
const DEFAULT_CRON_EXAMPLE = 'cron(0 10 * * ? *)';

/** Offers the suggestion, when there is one, as the fix of every error of the expression. */
function withSuggestion(problems: readonly ScheduleProblem[], expression: string, suggestion: string | undefined): ScheduleProblem[] {
  if (suggestion === undefined || suggestion === expression.trim()) return [...problems];
  const fix = { title: expressionMessages.changeTo(suggestion), expression: suggestion };
  return problems.map((problem) => (problem.severity === 'error' && !problem.fixes ? { ...problem, fixes: [fix] } : problem));
}

/** Enforces "exactly one of day-of-month and day-of-week is ?", underlining the field to change. */
function checkDayFields(tokens: readonly FieldToken[], problems: ScheduleProblem[], suggest: () => string | undefined): void {
  const dayOfMonth = tokens[2];
  const dayOfWeek = tokens[4];
  if (!dayOfMonth || !dayOfWeek) return;
  if (dayOfMonth.text === '?' && dayOfWeek.text === '?') {
    const message = cronMessages.bothDaysUnset(suggest() ?? DEFAULT_CRON_EXAMPLE);
    problems.push({ message, start: dayOfWeek.start, end: dayOfWeek.end, severity: 'error' });
  } else if (dayOfMonth.text !== '?' && dayOfWeek.text !== '?') {
    // Point at the field that reads as "any day": that is the one the author meant to leave open.
    const token = dayOfWeek.text !== '*' && dayOfMonth.text === '*' ? dayOfMonth : dayOfWeek;
    const message = cronMessages.bothDaysSet(suggest() ?? DEFAULT_CRON_EXAMPLE);
    problems.push({ message, start: token.start, end: token.end, severity: 'error' });
  }
}

const withoutErrors = (problems: readonly ScheduleProblem[]): boolean => problems.every((problem) => problem.severity !== 'error');

/**
 * A cron expression AWS accepts for what the fields say, or undefined when there is none that
 * keeps their meaning. A Unix five-field cron gets `?` and a year, its days mapped (Unix `1-5`
 * is MON-FRI); five AWS fields without the year get `*`; a Quartz seven-field one loses its
 * seconds; `12:00` in one field becomes minutes and hours; `?` moves to the day field that reads
 * "any day"; day-of-week numbers become names of the same days (Unix numbers when one is 0).
 */
export function suggestCron(texts: readonly string[]): string | undefined {
  const split = texts.flatMap((fieldText) => {
    const clock = /^(\d{1,2}):(\d{2})$/.exec(fieldText);
    return clock ? [String(Number(clock[2])), String(Number(clock[1]))] : [fieldText];
  });
  let fields: string[];
  let unix = false;
  if (split.length === 6) fields = [...split];
  else if (split.length === 7) fields = split.slice(1);
  else if (split.length === 5 && (split[2] === '?' || split[4] === '?')) fields = [...split, '*'];
  else if (split.length === 5) {
    fields = [...split, '*'];
    unix = true;
  } else return undefined;
  fields = fields.map((fieldText, index) => (fieldText === '?' && index !== 2 && index !== 4 ? '*' : fieldText));
  const [dayOfMonth = '*', dayOfWeek = '*'] = [fields[2], fields[4]];
  if (unix) {
    // Unix runs when either day field matches; AWS cannot say that in one schedule.
    if (dayOfMonth !== '*' && dayOfWeek !== '*') return undefined;
    const days = readUnixWeekdays(dayOfWeek);
    if (!days) return undefined;
    fields[4] = dayOfWeek === '*' ? '?' : writeWeekdayNames(days);
    if (dayOfWeek !== '*') fields[2] = '?';
  } else {
    if (dayOfMonth === '?' && dayOfWeek === '?') fields[2] = '*';
    else if (dayOfMonth !== '?' && dayOfWeek !== '?') {
      // Keep the field that says something; the one that reads "any day" becomes `?`.
      if (dayOfWeek !== '*' && dayOfMonth === '*') fields[2] = '?';
      else fields[4] = '?';
    }
    fields[4] = nameWeekdays(fields[4] ?? '?');
  }
  const candidate = `cron(${fields.join(' ')})`;
  checkingSuggestion = true;
  try {
    return withoutErrors(parseCron(candidate, 5, candidate.length - 1).problems) ? candidate : undefined;
  } finally {
    checkingSuggestion = false;
  }
}

/** Set while a suggestion is parsed, so that parse does not look for a suggestion of its own. */
let checkingSuggestion = false;

/** A day-of-week field with its numbers written as names: AWS numbers, or Unix ones when a 0 gives them away. */
function nameWeekdays(fieldText: string): string {
  if (fieldText === '?' || fieldText === '*' || !hasNumericWeekday(fieldText)) return fieldText;
  if (/(^|[^0-9])0($|[^0-9])/.test(fieldText)) return writeUnixNames(fieldText) ?? fieldText;
  const parsed = parseCronField(getFieldSpec('dayOfWeek'), fieldText, 0);
  return withoutErrors(parsed.problems) && isPlain(parsed.field) ? writeWeekdayNames(parsed.field.values) : fieldText;
}

/** True when a field holds only `*`, values, ranges and steps (no L, W or #), so its values are all it says. */
function isPlain(field: CronField): boolean {
  return field.parts.every((part) => part.kind === 'all' || part.kind === 'value' || part.kind === 'range' || part.kind === 'step');
}

function writeUnixNames(fieldText: string): string | undefined {
  const days = readUnixWeekdays(fieldText);
  return days ? writeWeekdayNames(days) : undefined;
}

/**
 * The spec's numeric day-of-week warning: `1-5` is Sunday-Thursday in AWS, though Unix habit
 * reads it as Monday-Friday. L and # items are AWS's own syntax (`6L`, `3#2`), so they do not warn.
 */
function checkNumericWeekdays(schedule: CronSchedule, token: FieldToken): ScheduleProblem | undefined {
  const field = schedule.dayOfWeek;
  if (!hasNumericWeekday(field.text) || !isPlain(field)) return undefined;
  const withDays = (names: string): string => `${schedule.expression.slice(0, token.start)}${names}${schedule.expression.slice(token.end)}`;
  const sameNames = writeWeekdayNames(field.values);
  const unixDays = readUnixWeekdays(field.text);
  const unixNames = unixDays && unixDays.join() !== field.values.join() ? writeWeekdayNames(unixDays) : undefined;
  const message = cronMessages.numericWeekday(field.text, describeWeekdays(field.values), sameNames, unixNames === undefined || !unixDays ? undefined : { names: unixNames, days: describeWeekdays(unixDays) });
  const fixes = [{ title: cronMessages.sameWeekdaysFix(withDays(sameNames)), expression: withDays(sameNames) }];
  if (unixNames !== undefined && unixDays) fixes.push({ title: cronMessages.unixWeekdaysFix(withDays(unixNames), describeWeekdays(unixDays)), expression: withDays(unixNames) });
  return { message, start: token.start, end: token.end, severity: 'warning', code: 'weekday', fixes };
}

/** True when day-of-month holds only fixed days that none of the selected months reaches. */
function selectsNoDay(schedule: CronSchedule): boolean {
  const parts = schedule.dayOfMonth.parts;
  if (parts.length === 0 || schedule.month.values.length === 0) return false;
  const days: number[] = [];
  for (const part of parts) {
    if (part.kind === 'nearest-weekday') days.push(part.day);
    else if (part.kind === 'value' || part.kind === 'range' || part.kind === 'step') days.push(...schedule.dayOfMonth.values);
    else return false;
  }
  const maxDays = Math.max(...schedule.month.values.map((month) => MAX_DAYS_IN_MONTH[month] ?? 31));
  return Math.min(...days) > maxDays;
}


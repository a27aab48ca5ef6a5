import {
  classifyField, formatClock, getStepEnd, listClockTimes, listStepDays, phraseParts, type FieldShape, type PartWords,
} from './describe-helpers';
import type { CronPart, CronSchedule } from './types';
import { WEEKDAY_WORDS_EN } from './weekdays';

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const ORDINALS = ['first', 'second', 'third', 'fourth', 'fifth'];

/** Joins phrases as "a, b and c". */
function joinEnglish(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

function wordsFor(unit: string): PartWords {
  return {
    through: (from, to) => `${from} through ${to}`,
    every: (step, from, to) => `every ${step} ${unit} from ${from}${to === null ? '' : ` through ${to}`}`,
    join: joinEnglish,
  };
}

const weekdayName = (weekday: number): string => WEEKDAY_WORDS_EN[weekday - 1] ?? String(weekday);
const monthName = (month: number): string => MONTHS[month - 1] ?? String(month);
const hourStart = (hour: number): string => formatClock(hour, 0);

/** Describes a cron schedule in plain English, e.g. "At 10:00 on Monday". */
export function describeCronInEnglish(schedule: CronSchedule): string {
  const time = describeTime(schedule);
  const days = describeDays(schedule);
  const month = classifyField('month', schedule.month);
  const year = classifyField('year', schedule.year);
  let sentence = time.text;
  if (days !== null) sentence += ` ${days}`;
  else if (!time.periodic) sentence += ' every day';
  if (month.kind !== 'any') sentence += `, ${describeCalendarField(schedule.month.parts, month, monthName, 'months')}`;
  if (year.kind !== 'any') sentence += `, ${describeCalendarField(schedule.year.parts, year, String, 'years')}`;
  return sentence;
}

function describeTime(schedule: CronSchedule): { text: string; periodic: boolean } {
  const minutes = classifyField('minutes', schedule.minutes);
  const hours = classifyField('hours', schedule.hours);
  const clock = listClockTimes(minutes, hours, 6);
  if (clock) return { text: `At ${joinEnglish(clock)}`, periodic: false };
  const pointInHour = minutes.kind === 'values' || minutes.kind === 'mixed';
  const minuteWords = wordsFor('minutes');
  let text: string;
  if (minutes.kind === 'any') text = 'Every minute';
  else if (minutes.kind === 'values') text = `At minute${minutes.values.length > 1 ? 's' : ''} ${joinEnglish(minutes.values.map(String))}`;
  else if (minutes.kind === 'range') text = `Every minute from minute ${minutes.from} through ${minutes.to}`;
  else if (minutes.kind === 'step') {
    text = `Every ${minutes.step} minutes${minutes.from > 0 ? ` starting at minute ${minutes.from}` : ''}`;
    if (minutes.to !== null) text += ` through minute ${minutes.to}`;
  } else text = `At minutes ${phraseParts(minutes.parts, String, minuteWords)}`;
  return { text: text + describeHours(hours, pointInHour), periodic: true };
}

function describeHours(hours: FieldShape, pointInHour: boolean): string {
  if (hours.kind === 'any') return pointInHour ? ' past every hour' : '';
  if (hours.kind === 'values' && hours.values.length === 1) {
    const [hour = 0] = hours.values;
    return ` between ${formatClock(hour, 0)} and ${formatClock(hour, 59)}`;
  }
  if (hours.kind === 'values') return ` during the ${joinEnglish(hours.values.map(hourStart))} hours`;
  if (hours.kind === 'range') return ` between ${formatClock(hours.from, 0)} and ${formatClock(hours.to, 59)}`;
  if (hours.kind === 'step') {
    const lead = pointInHour ? ' past every' : ', every';
    const start = hours.from > 0 ? ` from ${hourStart(hours.from)}` : '';
    const end = hours.to === null ? '' : ` through ${hourStart(getStepEnd('hours', hours.to))}`;
    return `${lead} ${hours.step} hours${start}${end}`;
  }
  return ` during hours ${phraseParts(hours.parts, hourStart, wordsFor('hours'))}`;
}

/** Describes the day fields, or returns null when every day runs. */
function describeDays(schedule: CronSchedule): string | null {
  const byWeekday = schedule.dayOfWeek.parts.length > 0;
  const name = byWeekday ? 'dayOfWeek' : 'dayOfMonth';
  const field = byWeekday ? schedule.dayOfWeek : schedule.dayOfMonth;
  const shape = classifyField(name, field);
  if (shape.kind === 'any') return null;
  const plainParts = field.parts.filter((part) => ['value', 'range', 'step'].includes(part.kind));
  const phrases = field.parts.filter((part) => !plainParts.includes(part)).map(describeSpecialDay);
  if (plainParts.length > 0 && byWeekday) {
    phrases.unshift(`on ${phraseParts(listStepDays(field, plainParts), weekdayName, wordsFor('days'))}`);
  } else if (plainParts.length > 0) {
    const dayWords: PartWords = { ...wordsFor('days'), every: (step, from, to) => `every ${step} days from day ${from}${to === null ? '' : ` through ${to}`}` };
    const lead = plainParts.every((part) => part.kind === 'step') ? '' : plainParts.length === 1 && plainParts[0]?.kind === 'value' ? 'on day ' : 'on days ';
    phrases.unshift(`${lead}${phraseParts(plainParts, String, dayWords)} of the month`);
  }
  return joinEnglish(phrases);
}

function describeSpecialDay(part: CronPart): string {
  switch (part.kind) {
    case 'last-day': {
      const day = part.offset === 0 ? 'the last day' : `the last day minus ${part.offset} day${part.offset > 1 ? 's' : ''}`;
      if (part.weekday) return part.offset === 0 ? 'on the last weekday of the month' : `on the weekday nearest ${day} of the month`;
      return `on ${day} of the month`;
    }
    case 'nearest-weekday':
      return `on the weekday nearest day ${part.day} of the month`;
    case 'last-weekday-of-month':
      return `on the last ${weekdayName(part.weekday)} of the month`;
    case 'nth-weekday':
      return `on the ${ORDINALS[part.nth - 1] ?? `${part.nth}th`} ${weekdayName(part.weekday)} of the month`;
    default:
      return '';
  }
}

function describeCalendarField(parts: readonly CronPart[], shape: FieldShape, format: (value: number) => string, unit: string): string {
  const listed = phraseParts(parts, format, wordsFor(unit));
  return shape.kind === 'step' ? listed : `in ${listed}`;
}

import {
  classifyField, formatClock, getStepEnd, listClockTimes, listStepDays, phraseParts, type FieldShape, type PartWords,
} from './describe-helpers';
import type { CronPart, CronSchedule } from './types';
import { WEEKDAY_WORDS_ZH } from './weekdays';

const ORDINALS = ['一', '二', '三', '四', '五'];

const joinChinese = (items: readonly string[]): string => items.join('、');

function wordsFor(unit: string): PartWords {
  return {
    through: (from, to) => `${from}至${to}`,
    every: (step, from, to) => `从${from}起${to === null ? '' : `到${to}`}每 ${step} ${unit}`,
    join: joinChinese,
  };
}

const weekdayName = (weekday: number): string => WEEKDAY_WORDS_ZH[weekday - 1] ?? String(weekday);
const monthName = (month: number): string => ` ${month} 月`;
const yearName = (year: number): string => ` ${year} 年`;
const dayName = (day: number): string => ` ${day} 日`;
const hourName = (hour: number): string => ` ${hour} 点`;

/** Tidies the spaces the value formatters leave: one between digits and CJK, none around 、. */
function tidy(phrase: string): string {
  return phrase.replace(/\s+/g, ' ').replace(/ ?、 ?/g, '、').trim();
}

/** Describes a cron schedule in Simplified Chinese, e.g. "每周一 10:00". */
export function describeCronInChinese(schedule: CronSchedule): string {
  const time = describeTime(schedule);
  const days = describeDays(schedule) ?? (time.periodic ? '' : '每天');
  const month = classifyField('month', schedule.month);
  const year = classifyField('year', schedule.year);
  const prefixes: string[] = [];
  if (year.kind !== 'any') prefixes.push(tidy(phraseParts(schedule.year.parts, yearName, wordsFor('年'))));
  if (month.kind !== 'any') prefixes.push(tidy(phraseParts(schedule.month.parts, monthName, wordsFor('个月'))));
  const separator = /^[0-9]/.test(time.text) && days !== '' ? ' ' : '';
  const body = `${days}${separator}${time.text}`;
  return [...prefixes, body].join('，');
}

function describeTime(schedule: CronSchedule): { text: string; periodic: boolean } {
  const minutes = classifyField('minutes', schedule.minutes);
  const hours = classifyField('hours', schedule.hours);
  const clock = listClockTimes(minutes, hours, 6);
  if (clock) return { text: joinChinese(clock), periodic: false };
  const pointInHour = minutes.kind === 'values' || minutes.kind === 'mixed';
  let minuteText: string;
  if (minutes.kind === 'any') minuteText = '每分钟';
  else if (minutes.kind === 'values') minuteText = `第 ${joinChinese(minutes.values.map(String))} 分钟`;
  else if (minutes.kind === 'range') minuteText = `第 ${minutes.from} 至 ${minutes.to} 分钟内每分钟`;
  else if (minutes.kind === 'step') {
    const range = minutes.to === null ? `从第 ${minutes.from} 分钟起` : `第 ${minutes.from} 至 ${minutes.to} 分钟内`;
    minuteText = `每 ${minutes.step} 分钟${minutes.from > 0 || minutes.to !== null ? `（${range}）` : ''}`;
  } else minuteText = `第 ${tidy(phraseParts(minutes.parts, String, wordsFor('分钟')))} 分钟`;
  return { text: describeHours(hours, pointInHour) + minuteText, periodic: true };
}

function describeHours(hours: FieldShape, pointInHour: boolean): string {
  if (hours.kind === 'any') return pointInHour ? '每小时' : '';
  if (hours.kind === 'values' && hours.values.length === 1) {
    const [hour = 0] = hours.values;
    return `${formatClock(hour, 0)} 至 ${formatClock(hour, 59)} 之间`;
  }
  if (hours.kind === 'values') return `${tidy(joinChinese(hours.values.map(hourName)))}的`;
  if (hours.kind === 'range') return `${formatClock(hours.from, 0)} 至 ${formatClock(hours.to, 59)} 之间`;
  if (hours.kind === 'step') {
    const start = hours.from > 0 || hours.to !== null ? `从 ${formatClock(hours.from, 0)} 起` : '';
    const end = hours.to === null ? '' : `到 ${formatClock(getStepEnd('hours', hours.to), 0)} `;
    return `${start}${end}每 ${hours.step} 小时的`;
  }
  return `${tidy(phraseParts(hours.parts, hourName, wordsFor('小时')))}的`;
}

/** Describes the day fields, or returns null when every day runs. */
function describeDays(schedule: CronSchedule): string | null {
  const byWeekday = schedule.dayOfWeek.parts.length > 0;
  const field = byWeekday ? schedule.dayOfWeek : schedule.dayOfMonth;
  if (classifyField(byWeekday ? 'dayOfWeek' : 'dayOfMonth', field).kind === 'any') return null;
  const plainParts = field.parts.filter((part) => ['value', 'range', 'step'].includes(part.kind));
  const phrases = field.parts.filter((part) => !plainParts.includes(part)).map(describeSpecialDay);
  if (plainParts.length > 0 && byWeekday) phrases.unshift(`每${tidy(phraseParts(listStepDays(field, plainParts), weekdayName, wordsFor('天')))}`);
  else if (plainParts.length > 0) phrases.unshift(tidy(`每月 ${phraseParts(plainParts, dayName, wordsFor('天'))}`).replace('每月 从', '每月从'));
  return joinChinese(phrases);
}

function describeSpecialDay(part: CronPart): string {
  switch (part.kind) {
    case 'last-day': {
      const day = part.offset === 0 ? '最后一天' : `最后一天前 ${part.offset} 天`;
      if (part.weekday) return part.offset === 0 ? '每月最后一个工作日' : `每月离${day}最近的工作日`;
      return `每月${day}`;
    }
    case 'nearest-weekday':
      return `每月离 ${part.day} 日最近的工作日`;
    case 'last-weekday-of-month':
      return `每月最后一个${weekdayName(part.weekday)}`;
    case 'nth-weekday':
      return `每月第${ORDINALS[part.nth - 1] ?? ` ${part.nth} `}个${weekdayName(part.weekday)}`;
    default:
      return '';
  }
}

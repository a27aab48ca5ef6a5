import type { CronSchedule } from './types';

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Whether a year of the proleptic Gregorian calendar has 29 February. */
export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** Days in a month (1-12) of a year; 0 for a month that does not exist. The one implementation of the calendar's month lengths. */
export function getDaysInMonth(year: number, month: number): number {
  return month === 2 && isLeapYear(year) ? 29 : DAYS_IN_MONTH[month - 1] ?? 0;
}

/** A date's midnight as epoch ms read as if the wall clock were UTC (years below 100 included). */
export function getDayWall(year: number, month: number, day: number): number {
  const wall = Date.UTC(year, month - 1, day);
  // Date.UTC maps years 0-99 to 1900-1999.
  return year >= 100 ? wall : new Date(wall).setUTCFullYear(year, month - 1, day);
}

/** Day of the week in AWS numbering: 1 = Sunday … 7 = Saturday. */
export function getWeekday(year: number, month: number, day: number): number {
  return new Date(Date.UTC(year, month - 1, day)).getUTCDay() + 1;
}

/** Moves a day to the nearest weekday without leaving the month (Quartz's `W`). */
export function findNearestWeekday(day: number, weekday: number, daysInMonth: number): number {
  if (weekday === 7) return day === 1 ? day + 2 : day - 1;
  if (weekday === 1) return day === daysInMonth ? day - 2 : day + 1;
  return day;
}

/**
 * Days of a month that the day-of-month and day-of-week fields select, ascending. Exactly one of
 * the two fields is `?` (it has no parts), so the other one decides alone.
 */
export function listMatchingDays(schedule: CronSchedule, year: number, month: number): number[] {
  const daysInMonth = getDaysInMonth(year, month);
  const firstWeekday = getWeekday(year, month, 1);
  const weekdayOf = (day: number): number => ((firstWeekday - 1 + day - 1) % 7) + 1;
  const selected: boolean[] = new Array<boolean>(32).fill(false);
  const select = (day: number): void => {
    selected[day] = true;
  };

  const dayOfMonth = schedule.dayOfMonth;
  for (const day of dayOfMonth.values) if (day <= daysInMonth) select(day);
  for (const part of dayOfMonth.parts) {
    if (part.kind === 'last-day') {
      const day = daysInMonth - part.offset;
      if (day >= 1) select(part.weekday ? findNearestWeekday(day, weekdayOf(day), daysInMonth) : day);
    } else if (part.kind === 'nearest-weekday' && part.day <= daysInMonth) {
      select(findNearestWeekday(part.day, weekdayOf(part.day), daysInMonth));
    }
  }

  const dayOfWeek = schedule.dayOfWeek;
  if (dayOfWeek.values.length > 0) {
    const weekdays = new Set(dayOfWeek.values);
    for (let day = 1; day <= daysInMonth; day += 1) if (weekdays.has(weekdayOf(day))) select(day);
  }
  for (const part of dayOfWeek.parts) {
    if (part.kind === 'last-weekday-of-month') {
      select(daysInMonth - ((weekdayOf(daysInMonth) - part.weekday + 7) % 7));
    } else if (part.kind === 'nth-weekday') {
      const day = 1 + ((part.weekday - firstWeekday + 7) % 7) + 7 * (part.nth - 1);
      if (part.nth >= 1 && day <= daysInMonth) select(day);
    }
  }
  const days: number[] = [];
  for (let day = 1; day <= daysInMonth; day += 1) if (selected[day]) days.push(day);
  return days;
}

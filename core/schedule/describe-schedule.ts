import type { Lang } from '../diagnostics';
import { describeCronInEnglish } from './describe-cron-en';
import { describeCronInChinese } from './describe-cron-zh';
import { formatClock } from './describe-helpers';
import type { AtSchedule, RateSchedule, Schedule } from './types';

/** Describes a schedule in plain words, e.g. "At 10:00 on Monday" / "每周一 10:00". */
export function describeSchedule(schedule: Schedule, lang: Lang): string {
  switch (schedule.type) {
    case 'cron':
      return lang === 'zh-CN' ? describeCronInChinese(schedule) : describeCronInEnglish(schedule);
    case 'rate':
      return describeRate(schedule, lang);
    case 'at':
      return describeAt(schedule, lang);
  }
}

function describeRate(schedule: RateSchedule, lang: Lang): string {
  const singular = { minutes: 'minute', hours: 'hour', days: 'day' }[schedule.unit];
  const chinese = { minutes: '分钟', hours: '小时', days: '天' }[schedule.unit];
  if (lang === 'zh-CN') return schedule.value === 1 ? `每${chinese}` : `每 ${schedule.value} ${chinese}`;
  return schedule.value === 1 ? `Every ${singular}` : `Every ${schedule.value} ${schedule.unit}`;
}

function describeAt(schedule: AtSchedule, lang: Lang): string {
  const { year, month, day, hour, minute, second } = schedule.local;
  const date = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  const time = formatClock(hour, minute) + (second > 0 ? `:${String(second).padStart(2, '0')}` : '');
  return lang === 'zh-CN' ? `${date} ${time} 执行一次` : `Once at ${date} ${time}`;
}

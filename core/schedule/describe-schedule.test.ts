import { describe, expect, it } from 'vitest';
import { describeSchedule, parseSchedule } from './index';

const cases: Array<[string, string, string]> = [
  ['cron(0 10 ? * MON *)', 'At 10:00 on Monday', '每周一 10:00'],
  ['cron(0 10 * * ? *)', 'At 10:00 every day', '每天 10:00'],
  ['cron(5,35 14 * * ? *)', 'At 14:05 and 14:35 every day', '每天 14:05、14:35'],
  ['cron(0 18 ? * MON-FRI *)', 'At 18:00 on Monday through Friday', '每周一至周五 18:00'],
  ['cron(0 9 ? * MON,WED,FRI *)', 'At 09:00 on Monday, Wednesday and Friday', '每周一、周三、周五 09:00'],
  ['cron(0 8 1 * ? *)', 'At 08:00 on day 1 of the month', '每月 1 日 08:00'],
  ['cron(0 8 1,15 * ? *)', 'At 08:00 on days 1 and 15 of the month', '每月 1 日、15 日 08:00'],
  ['cron(0 8 1-7 * ? *)', 'At 08:00 on days 1 through 7 of the month', '每月 1 日至 7 日 08:00'],
  ['cron(0 9 1/2 * ? *)', 'At 09:00 every 2 days from day 1 of the month', '每月从 1 日起每 2 天 09:00'],
  ['cron(0/15 * * * ? *)', 'Every 15 minutes', '每 15 分钟'],
  ['cron(5/15 * * * ? *)', 'Every 15 minutes starting at minute 5', '每 15 分钟（从第 5 分钟起）'],
  ['cron(* * * * ? *)', 'Every minute', '每分钟'],
  ['cron(0/10 * ? * MON-FRI *)', 'Every 10 minutes on Monday through Friday', '每周一至周五每 10 分钟'],
  ['cron(0/5 8-17 ? * MON-FRI *)', 'Every 5 minutes between 08:00 and 17:59 on Monday through Friday', '每周一至周五 08:00 至 17:59 之间每 5 分钟'],
  ['cron(0/30 20-2 ? * MON-FRI *)', 'Every 30 minutes between 20:00 and 02:59 on Monday through Friday', '每周一至周五 20:00 至 02:59 之间每 30 分钟'],
  ['cron(0 * * * ? *)', 'At minute 0 past every hour', '每小时第 0 分钟'],
  ['cron(0 0/2 * * ? *)', 'At minute 0 past every 2 hours', '每 2 小时的第 0 分钟'],
  ['cron(0/15 9,12,15,18 * * ? *)', 'Every 15 minutes during the 09:00, 12:00, 15:00 and 18:00 hours', '9 点、12 点、15 点、18 点的每 15 分钟'],
  ['cron(15 10 ? * 6L 2019-2022)', 'At 10:15 on the last Friday of the month, in 2019 through 2022', '2019 年至 2022 年，每月最后一个周五 10:15'],
  ['cron(0 9 ? * 3#2 *)', 'At 09:00 on the second Tuesday of the month', '每月第二个周二 09:00'],
  ['cron(0 9 ? * L *)', 'At 09:00 on Saturday', '每周六 09:00'],
  ['cron(0 9 3W * ? *)', 'At 09:00 on the weekday nearest day 3 of the month', '每月离 3 日最近的工作日 09:00'],
  ['cron(0 9 L * ? *)', 'At 09:00 on the last day of the month', '每月最后一天 09:00'],
  ['cron(0 9 LW * ? *)', 'At 09:00 on the last weekday of the month', '每月最后一个工作日 09:00'],
  ['cron(0 9 L-2 * ? *)', 'At 09:00 on the last day minus 2 days of the month', '每月最后一天前 2 天 09:00'],
  ['cron(0 9 1 JAN-MAR ? 2027)', 'At 09:00 on day 1 of the month, in January through March, in 2027', '2027 年，1 月至 3 月，每月 1 日 09:00'],
  ['cron(0 9 ? */3 MON *)', 'At 09:00 on Monday, every 3 months from January', '从 1 月起每 3 个月，每周一 09:00'],
  ['rate(1 minute)', 'Every minute', '每分钟'],
  ['rate(15 minutes)', 'Every 15 minutes', '每 15 分钟'],
  ['rate(1 hour)', 'Every hour', '每小时'],
  ['rate(2 hours)', 'Every 2 hours', '每 2 小时'],
  ['rate(3 days)', 'Every 3 days', '每 3 天'],
  ['at(2026-09-10T20:00:00)', 'Once at 2026-09-10 20:00', '2026-09-10 20:00 执行一次'],
  ['at(2026-09-10T20:00:30)', 'Once at 2026-09-10 20:00:30', '2026-09-10 20:00:30 执行一次'],
  ['cron(0 9 ? * MON/2 *)', 'At 09:00 on Monday, Wednesday and Friday', '每周一、周三、周五 09:00'],
];

// Every shape a field can take, in every field, so no phrase escapes the language check below.
const FIELD_SHAPES: Array<[number, readonly string[]]> = [
  [0, ['0', '5,35', '10-20', '0/15', '*/20', '10-40/10', '*']],
  [1, ['9', '9,12,18', '9-17', '8/2', '9-17/2', '20-2', '*']],
  [2, ['1', '1,15', '1-7', '1/2', 'L', 'LW', 'L-2', '15W', '28-3']],
  [3, ['1', 'JAN,MAR', 'NOV-FEB', '1/3', '*']],
  [4, ['MON', 'MON,WED', 'MON-FRI', 'FRI-MON', 'MON/2', '6L', '3#2', 'L', '2-6']],
  [5, ['2027', '2027-2029', '2027/2', '*']],
];

describe('a description in Chinese is all Chinese; one in English all English', () => {
  const expressions = FIELD_SHAPES.flatMap(([position, shapes]) => shapes.map((shape) => {
    const fields = ['0', '10', '*', '*', '?', '*'];
    fields[position] = shape;
    if (position === 4) fields[2] = '?';
    return `cron(${fields.join(' ')})`;
  }));
  it.each(expressions)('%s', (expression) => {
    const result = parseSchedule(expression);
    if (!result.ok) throw new Error(`${expression}: ${JSON.stringify(result.problems)}`);
    const chinese = describeSchedule(result.schedule, 'zh-CN');
    expect(chinese, chinese).not.toMatch(/[A-Za-z]/);
    expect(chinese, chinese).not.toMatch(/[,;()]|:(?!\d)/);
    expect(describeSchedule(result.schedule, 'en')).not.toMatch(/[\u4e00-\u9fff]/);
  });
});

describe('describeSchedule', () => {
  it.each(cases)('%s', (expression, english, chinese) => {
    const result = parseSchedule(expression);
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    expect(describeSchedule(result.schedule, 'en')).toBe(english);
    expect(describeSchedule(result.schedule, 'zh-CN')).toBe(chinese);
  });
});

import * as z from 'zod';
import { describe } from './describe';
import {
  conditionSchema, durationSchema, idSchema, metricIdSchema, notifyRefsSchema, scheduleSchema,
  severitySchema, timezoneSchema, whereSchema,
} from './values';

export const CheckSpecSchema = z.strictObject({
  schedule: describe(scheduleSchema, 'When to evaluate, such as rate(15 minutes) or cron(0 9 * * ? *).', '评估时间, 例如 rate(15 minutes) 或 cron(0 9 * * ? *)。'),
  timezone: describe(timezoneSchema.optional(), 'Time zone of the schedule (default: the workspace time zone).', '计划的时区 (默认: 工作区时区)。'),
  metric: metricIdSchema,
  where: whereSchema.optional(),
  window: describe(durationSchema, 'Look-back window of each evaluation, such as 1h or 7d.', '每次评估的回溯窗口, 例如 1h、7d。'),
  condition: describe(conditionSchema, 'When the check fails (fires), such as "> 20".', '检查触发 (失败) 的条件, 例如 "> 20"。'),
  for: describe(z.number().int().min(1).max(1000).optional(), 'Consecutive failing evaluations before it fires (default 1).', '连续失败多少次才触发 (默认 1)。'),
  severity: severitySchema.optional(),
  notify: notifyRefsSchema.optional(),
  message: describe(
    z.string().optional(),
    'Alert text; {{value}} is the measured value (in the metric\'s unit), also {{threshold}}, {{condition}}, {{metric}}, {{window}}, {{severity}}, {{check.title}}, {{time}}.',
    '告警文本; {{value}} 为实际值 (按指标单位显示), 另有 {{threshold}}、{{condition}}、{{metric}}、{{window}}、{{severity}}、{{check.title}}、{{time}}。',
  ),
  sop: describe(idSchema.optional(), 'An SOP to start when it fires.', '触发时启动的 SOP。'),
});

export type CheckSpec = z.infer<typeof CheckSpecSchema>;

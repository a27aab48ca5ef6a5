import * as z from 'zod';
import { describe } from './describe';
import {
  PERCENT_PATTERN, conditionSchema, dateSchema, idSchema, metricIdSchema, notifyRefsSchema,
  numberOrConditionSchema, whereSchema, windowSchema,
} from './values';

export const PERIODS = ['day', 'week', 'month', 'quarter', 'year'] as const;

export const KeyResultSchema = describe(
  z.strictObject({
    id: idSchema,
    title: describe(z.string().optional(), 'What this key result means, in words.', '关键结果说明。'),
    metric: metricIdSchema,
    where: whereSchema.optional(),
    baseline: describe(z.number().optional(), 'Value at the window start; the expected path runs from here to the target.', '窗口开始时的数值; 预期路径从此处到目标值。'),
    target: describe(numberOrConditionSchema, 'Target value (a number) or condition (such as ">= 0.30").', '目标值 (数字) 或条件 (例如 ">= 0.30")。'),
    per: describe(z.enum(['post']).optional(), 'post: count posts whose metric passes threshold in each period.', 'post: 统计每个周期内指标达到阈值的内容条数。'),
    threshold: describe(conditionSchema.optional(), 'With per: post, what a post must reach to count, such as ">= 1000000".', '与 per: post 配合, 单条内容计入的门槛, 例如 ">= 1000000"。'),
    period: describe(z.enum(PERIODS).optional(), 'With per: post, the counting period: day, week, month, quarter or year.', '与 per: post 配合的统计周期: day、week、month、quarter 或 year。'),
    milestones: describe(
      z.array(z.strictObject({ date: dateSchema, value: describe(z.number(), 'Expected value on that date.', '该日期的预期数值。') })).optional(),
      'Optional points of the expected path between baseline and target.',
      '预期路径上的可选里程碑。',
    ),
  }),
  'A key result: a metric tracked against its expected path from baseline to target.',
  '关键结果: 按从基线到目标的预期路径跟踪的指标。',
);

export const GoalSpecSchema = z.strictObject({
  phase: describe(z.string().optional(), 'Phase label: short-term, mid-term, long-term or any label.', '阶段标签: short-term、mid-term、long-term 或任意标签。'),
  window: describe(windowSchema, 'The goal period.', '目标周期。'),
  owner: describe(idSchema.optional(), 'Person responsible.', '负责人。'),
  description: describe(z.string().optional(), 'What the goal is for.', '目标说明。'),
  keyResults: describe(z.array(KeyResultSchema).min(1), 'Key results; the goal\'s status is its worst key result\'s.', '关键结果; 目标状态取最差的关键结果。'),
  tolerance: describe(
    z.union([z.string().regex(PERCENT_PATTERN, 'flywheel:percent'), z.number().min(0).max(1)]).optional(),
    'How far behind the expected path still counts as on-track, such as 10% (default 10%).',
    '落后预期路径多少仍算正常, 例如 10% (默认 10%)。',
  ),
  notify: notifyRefsSchema.optional(),
});

export type GoalSpec = z.infer<typeof GoalSpecSchema>;
export type KeyResult = z.infer<typeof KeyResultSchema>;

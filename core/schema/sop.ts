import * as z from 'zod';
import { describe } from './describe';
import { durationSchema, idSchema, notifyRefsSchema, scheduleSchema, timezoneSchema } from './values';

export const SOP_EVENTS = ['post.failed', 'post.blocked', 'post.unconfirmed', 'post.held', 'goal.off-track', 'goal.at-risk', 'check.fired', 'credential.failed'] as const;

export const SopTriggerSchema = describe(
  z.strictObject({
    schedule: describe(scheduleSchema.optional(), 'Run as a routine on this schedule.', '按此计划例行执行。'),
    timezone: describe(timezoneSchema.optional(), 'Time zone of the schedule (default: the workspace time zone).', '计划的时区 (默认: 工作区时区)。'),
    check: describe(idSchema.optional(), 'Start when this check fires.', '该检查触发时启动。'),
    event: describe(z.enum(SOP_EVENTS).optional(), 'Start on this event: post.failed, post.blocked, post.unconfirmed, post.held (a pause held a post), goal.off-track, goal.at-risk, check.fired, credential.failed (a channel\'s or source\'s credentials were refused: renew them).', '在此事件发生时启动: post.failed、post.blocked、post.unconfirmed、post.held（暂停期间内容被暂缓发送）、goal.off-track、goal.at-risk、check.fired、credential.failed（渠道或数据源的凭据被拒绝，需要更新）。'),
  }),
  'What starts the SOP: exactly one of schedule, check and event.',
  '启动 SOP 的条件: schedule、check、event 三选一。',
);

export const SopStepSchema = describe(
  z.strictObject({
    id: idSchema,
    after: describe(durationSchema.optional(), 'Delay after the trigger, such as 30m (default: immediately).', '相对触发时刻的延迟, 例如 30m (默认: 立即)。'),
    notify: notifyRefsSchema.optional(),
    owner: describe(idSchema.optional(), 'Person who does this step.', '执行此步骤的人。'),
    message: describe(
      z.string().optional(),
      'Message sent for this step. Always: {{sop.title}}, {{sop.name}}, {{step}}, {{time}}; started by a check: {{check.title}}, {{check.value}}, {{check.condition}}, {{check.name}}; by an event: {{event}} and {{post}}, {{campaign}}, {{channel}} (post events) or {{goal}}, {{keyResult}}, {{status}} (goal events).',
      '此步骤发送的消息。始终可用: {{sop.title}}、{{sop.name}}、{{step}}、{{time}}; 由检查启动时: {{check.title}}、{{check.value}}、{{check.condition}}、{{check.name}}; 由事件启动时: {{event}}, 以及 {{post}}、{{campaign}}、{{channel}} (内容事件) 或 {{goal}}、{{keyResult}}、{{status}} (目标事件)。',
    ),
    report: describe(
      z.strictObject({
        window: describe(durationSchema, 'How far back the review looks from the step\'s minute, such as 7d.', '复盘从此步骤的时刻往回看多久，例如 7d。'),
      }).optional(),
      'Send a review (复盘) of the window instead of a message: each goal and key result with its status and change, checks that fired, posts published with their numbers (top first), posts that need a person, A/B verdicts.',
      '发送这段时间的复盘（代替消息）：各目标与关键结果的状态和变化、触发的检查、已发布内容及其数据（按阅读量排序）、需要人工处理的内容、A/B 结论。',
    ),
    pause: describe(
      z.union([
        z.strictObject({
          channels: describe(z.union([z.literal('all'), z.array(idSchema).min(1)]), 'all, or the ids of the channels to hold.', 'all，或要暂停的渠道 id 列表。'),
        }),
        z.strictObject({ campaigns: describe(z.array(idSchema).min(1), 'The ids of the campaigns whose posts to hold.', '要暂停其内容的活动 id 列表。') }),
      ]).optional(),
      'Hold every publish due on these channels (all, or a list of channel ids) or campaigns from this step on: held posts are kept, not sent, and each gives post.held. A pause a check started ends when the check resolves; any pause ends with flywheel resume.',
      '从此步骤起暂停这些渠道（all 或渠道 id 列表）或活动的发布：暂停的内容保留、不发送，每条产生 post.held。由检查启动的暂停在检查恢复时结束；任何暂停都可用 flywheel resume 结束。',
    ),
    unlessResolved: describe(z.boolean().optional(), 'Skip this step if the triggering check has recovered by then.', '若触发的检查届时已恢复, 则跳过此步骤。'),
  }),
  'One step of the SOP.',
  'SOP 的一个步骤。',
);

export const SopSpecSchema = z.strictObject({
  trigger: SopTriggerSchema,
  owner: describe(idSchema.optional(), 'Person responsible.', '负责人。'),
  description: describe(z.string().optional(), 'What the SOP is for.', 'SOP 说明。'),
  steps: describe(z.array(SopStepSchema).min(1), 'Ordered steps.', '有序步骤。'),
});

export type SopSpec = z.infer<typeof SopSpecSchema>;
export type SopStep = z.infer<typeof SopStepSchema>;
export type SopTrigger = z.infer<typeof SopTriggerSchema>;

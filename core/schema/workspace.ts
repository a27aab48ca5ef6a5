import * as z from 'zod';
import { describe } from './describe';
import {
  durationSchema, idSchema, metricIdSchema, secretRefSchema, timezoneSchema,
} from './values';
import { SourceSchema } from './source';

export const PLATFORMS = [
  'wechat-oa', 'douyin', 'xiaohongshu', 'bilibili', 'weibo', 'zhihu', 'wecom-group',
  'mastodon', 'bluesky', 'x', 'linkedin', 'webhook', 'outbox',
] as const;

export const NOTIFY_TYPES = ['wecom-bot', 'feishu-bot', 'dingtalk-bot', 'slack', 'webhook', 'email'] as const;

export const AGGREGATES = ['sum', 'avg', 'last', 'min', 'max', 'count'] as const;

export const METRIC_UNITS = ['count', 'ratio', 'percent', 'currency', 'seconds'] as const;

export const ChannelSchema = describe(
  z.strictObject({
    id: idSchema,
    platform: describe(z.enum(PLATFORMS), 'The platform this channel publishes to.', '该渠道发布到的平台。'),
    title: describe(z.string().optional(), 'Display name.', '显示名称。'),
    account: describe(z.string().optional(), 'The account handle or id on the platform.', '平台上的账号名或 ID。'),
    credentials: describe(
      secretRefSchema.optional(),
      'Credentials as a secret:/env: reference. Without them, posts go to the local outbox.',
      '凭据, 以 secret:/env: 引用。未配置时, 内容写入本地 outbox。',
    ),
    instance: describe(z.string().optional(), 'Server address, for mastodon and webhook channels.', '服务地址, 用于 mastodon 和 webhook 渠道。'),
    rateLimit: describe(
      z.strictObject({
        perMinute: describe(z.number().int().min(1).max(100_000), 'Most posts sent to this channel in any minute.', '每分钟最多向该渠道发送的内容数。'),
      }).optional(),
      'How fast Flywheel may send to this channel (default: the platform\'s documented limit, or 60 a minute).',
      '向该渠道发送的速度上限 (默认: 平台文档中的限制, 或每分钟 60 条)。',
    ),
  }),
  'A channel: one account on one platform where content is published.',
  '渠道: 某个平台上的一个发布账号。',
);

export const NotifyTargetSchema = describe(
  z.strictObject({
    id: idSchema,
    type: describe(z.enum(NOTIFY_TYPES), 'Kind of target: a group bot, Slack, a webhook or email.', '目标类型: 群机器人、Slack、webhook 或邮件。'),
    title: describe(z.string().optional(), 'Display name (the group or inbox it reaches).', '显示名称（送达的群或邮箱）。'),
    url: describe(
      z.string().optional(),
      'Webhook address. Bot webhook URLs embed their key: write secret:NAME or env:VAR, never the URL itself.',
      'Webhook 地址。机器人 webhook URL 内含密钥: 请写 secret:名称 或 env:变量名, 不要直接写 URL。',
    ),
    secret: describe(
      secretRefSchema.optional(),
      'Signing secret (Feishu and DingTalk bots with signature verification), as a reference.',
      '签名密钥 (开启签名校验的飞书、钉钉机器人), 以引用形式填写。',
    ),
    to: describe(z.array(z.string()).optional(), 'Email recipients (type email).', '邮件收件人 (type 为 email 时)。'),
    mentions: describe(z.array(z.string()).optional(), 'Who to @-mention in group bots (user ids or mobile numbers, or @all).', '群机器人中要 @ 的人 (用户 ID、手机号或 @all)。'),
  }),
  'Where alerts, reminders and SOP messages go.',
  '告警、提醒和 SOP 消息的发送目标。',
);

export const PersonSchema = describe(
  z.strictObject({
    id: idSchema,
    name: describe(z.string(), 'Display name.', '姓名。'),
    notify: describe(idSchema.optional(), 'The notify target that reaches this person.', '可以联系到此人的通知目标。'),
    role: describe(z.string().optional(), 'Role in the team, free text.', '团队角色, 自由文本。'),
  }),
  'A person who owns, reviews or is escalated to.',
  '负责人、审核人或升级处理对象。',
);

export const MetricDefinitionSchema = describe(
  z.strictObject({
    id: metricIdSchema,
    title: describe(z.string().optional(), 'Display name.', '显示名称。'),
    description: describe(z.string().optional(), 'What it measures and where it comes from.', '度量内容和数据来源。'),
    unit: describe(z.enum(METRIC_UNITS).optional(), 'Unit: count, ratio (0-1), percent, currency or seconds.', '单位: count、ratio (0-1)、percent、currency 或 seconds。'),
    aggregate: describe(
      z.enum(AGGREGATES).optional(),
      'How points in a window combine: sum, avg, last, min, max or count (default sum).',
      '窗口内数据点的聚合方式: sum、avg、last、min、max 或 count (默认 sum)。',
    ),
  }),
  'A metric that checks and goals can refer to.',
  '供检查和目标引用的指标。',
);

export const ComplianceTermSchema = describe(
  z.strictObject({
    term: describe(z.string().min(1), 'The word or phrase to flag.', '要标记的词或短语。'),
    severity: describe(z.enum(['error', 'warning', 'info']).optional(), 'error blocks a deploy; warning (default) and info do not.', 'error 会阻止部署; warning (默认) 和 info 不会。'),
    reason: describe(z.string().optional(), 'Why it is flagged; shown in the diagnostic.', '标记原因, 显示在诊断信息中。'),
    suggest: describe(z.array(z.string()).optional(), 'Suggested replacements, offered as quick fixes.', '建议替换词, 作为快速修复提供。'),
  }),
  'A term to flag in titles, bodies and tags.',
  '在标题、正文和标签中需要标记的词。',
);

export const ComplianceSchema = describe(
  z.strictObject({
    presets: describe(z.array(z.enum(['cn-ad-law'])).optional(), 'Built-in term lists: cn-ad-law (absolute terms, Advertising Law art. 9(3)).', '内置词表: cn-ad-law (广告法第九条第三项绝对化用语)。'),
    terms: describe(z.array(ComplianceTermSchema).optional(), 'Extra terms of this team.', '团队自定义词。'),
    brand: describe(
      z.strictObject({
        spelling: describe(
          z.record(z.string(), z.array(z.string())).optional(),
          'Preferred spelling → wrong forms, such as { ACME: [Acme, acme] }.',
          '规范写法 → 错误写法, 例如 { ACME: [Acme, acme] }。',
        ),
      }).optional(),
      'Brand rules.',
      '品牌规范。',
    ),
  }),
  'Pre-publish compliance checks.',
  '发布前的合规检查。',
);

export const WorkspaceSpecSchema = z.strictObject({
  timezone: describe(timezoneSchema, 'The workspace time zone (IANA), used for local times, windows and schedules.', '工作区时区 (IANA), 用于本地时间、窗口和计划。'),
  language: describe(
    z.enum(['zh-CN', 'en']).optional(),
    'The language of the messages Flywheel sends to the team\'s chats (notifications, reminders, SOP steps): zh-CN (default) or en.',
    'Flywheel 发到团队群的消息 (通知、提醒、SOP 步骤) 使用的语言: zh-CN (默认) 或 en。',
  ),
  channels: describe(z.array(ChannelSchema).optional(), 'Where content is published.', '内容发布的渠道。'),
  notify: describe(z.array(NotifyTargetSchema).optional(), 'Where alerts, reminders and SOP messages go.', '告警、提醒和 SOP 消息的发送目标。'),
  people: describe(z.array(PersonSchema).optional(), 'Who owns, reviews and is escalated to.', '负责人、审核人和升级对象。'),
  metrics: describe(z.array(MetricDefinitionSchema).optional(), 'Metrics beyond the built-ins.', '内置指标之外的自定义指标。'),
  sources: describe(z.array(SourceSchema).optional(), 'Metric sources pulled on a schedule: a channel\'s data API or an http-json feed.', '按计划拉取的数据源：渠道的数据接口或 http-json 数据源。'),
  compliance: ComplianceSchema.optional(),
  review: describe(
    z.strictObject({
      remindBefore: describe(durationSchema.optional(), 'How long before an unapproved post\'s time to remind its owner (default 2h).', '未审批内容在发布前多久提醒负责人 (默认 2h)。'),
      notify: describe(z.array(idSchema).optional(), 'Where review reminders go (default: the owner\'s notify target).', '审批提醒的发送目标 (默认: 负责人的通知目标)。'),
    }).optional(),
    'Review gating settings for campaigns with review: required.',
    '对 review: required 的营销活动的审批设置。',
  ),
  tracking: describe(
    z.strictObject({
      at: describe(z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'flywheel:clock-time').optional(), 'Local time of day when goals are tracked, HH:mm (default 00:05).', '每天跟踪目标的本地时间, HH:mm (默认 00:05)。'),
    }).optional(),
    'Goal tracking settings.',
    '目标跟踪设置。',
  ),
});

export type WorkspaceSpec = z.infer<typeof WorkspaceSpecSchema>;
export type Channel = z.infer<typeof ChannelSchema>;
export type NotifyTarget = z.infer<typeof NotifyTargetSchema>;
export type Person = z.infer<typeof PersonSchema>;
export type MetricDefinition = z.infer<typeof MetricDefinitionSchema>;
export type ComplianceTermSpec = z.infer<typeof ComplianceTermSchema>;

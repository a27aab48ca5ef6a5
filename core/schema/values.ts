import * as z from 'zod';
import { describe } from './describe';
import {
  CONDITION_PATTERN, DATE_PATTERN, DURATION_PATTERN, ID_PATTERN, INSTANT_PATTERN, LOCAL_TIME_PATTERN, METRIC_ID_PATTERN, PERCENT_PATTERN, SCHEDULE_PATTERN, SECRET_REF_PATTERN,
} from './patterns';

export * from './patterns';

/**
 * Value types shared by every kind. A format failure carries a message id (`flywheel:<type>`)
 * instead of prose; core/load turns it into a bilingual diagnostic with the stable code of the
 * value type, so the schema stays the single source of truth for what is accepted.
 */
export const idSchema = describe(
  z.string().regex(ID_PATTERN, 'flywheel:id'),
  'An id: lowercase letters, digits and hyphens, 1-63 characters, starting and ending with a letter or digit.',
  'ID: 小写字母、数字和连字符, 1-63 个字符, 以字母或数字开头和结尾。',
);

export const metricIdSchema = describe(
  z.string().regex(METRIC_ID_PATTERN, 'flywheel:metric-id'),
  'A metric id in snake_case, such as interaction_rate.',
  '指标 ID, 使用 snake_case, 例如 interaction_rate。',
);

export const dateSchema = describe(
  z.string().regex(DATE_PATTERN, 'flywheel:date'),
  'A date, YYYY-MM-DD.',
  '日期, 格式 YYYY-MM-DD。',
);

export const localTimeSchema = describe(
  z.string().regex(LOCAL_TIME_PATTERN, 'flywheel:local-time'),
  'A local time, YYYY-MM-DD HH:mm, read in the workspace time zone unless the holder sets `timezone`.',
  '本地时间, 格式 YYYY-MM-DD HH:mm, 按工作区时区解释 (除非所在对象设置了 `timezone`)。',
);

export const durationSchema = describe(
  z.string().regex(DURATION_PATTERN, 'flywheel:duration'),
  'A duration: a whole number and a unit, m (minutes), h (hours), d (days) or w (weeks), such as 30m or 7d.',
  '时长: 整数加单位 m (分钟)、h (小时)、d (天) 或 w (周), 例如 30m、7d。',
);

export const scheduleSchema = describe(
  z.string().regex(SCHEDULE_PATTERN, 'flywheel:schedule'),
  'An EventBridge Scheduler expression: cron(minutes hours day-of-month month day-of-week year), rate(value unit) or at(yyyy-mm-ddThh:mm:ss).',
  'EventBridge Scheduler 表达式: cron(分 时 日 月 周 年)、rate(数值 单位) 或 at(yyyy-mm-ddThh:mm:ss)。',
);

export const conditionSchema = describe(
  z.string().regex(CONDITION_PATTERN, 'flywheel:condition'),
  'A comparison and a number, such as ">= 0.05", "< 3%" or "> 1000". Quote it in YAML: a leading > starts a block scalar.',
  '比较运算符加数值, 例如 ">= 0.05"、"< 3%"、"> 1000"。在 YAML 中请加引号: 以 > 开头会被当作块标量。',
);

export const secretRefSchema = describe(
  z.string().regex(SECRET_REF_PATTERN, 'flywheel:secret-ref'),
  'A reference to a credential: secret:NAME (AWS Secrets Manager; locally the env var FLYWHEEL_SECRET_<NAME>) or env:VAR. Never the credential itself.',
  '凭据引用: secret:名称 (AWS Secrets Manager; 本地为环境变量 FLYWHEEL_SECRET_<名称>) 或 env:变量名。不要直接写入凭据。',
);

export const timezoneSchema = describe(
  z.string().min(1, 'flywheel:timezone'),
  'An IANA time zone name, such as Asia/Shanghai.',
  'IANA 时区名, 例如 Asia/Shanghai。',
);

export const windowSchema = describe(
  z.strictObject({
    start: describe(dateSchema, 'First day, from 00:00 in the workspace time zone.', '开始日期, 从工作区时区 00:00 起。'),
    end: describe(dateSchema, 'Last day, included up to 24:00.', '结束日期, 包含当天至 24:00。'),
  }),
  'A date window: from the start date 00:00 to the end of the end date, in the workspace time zone.',
  '日期窗口: 从开始日期 00:00 到结束日期当天结束, 按工作区时区。',
);

export const fileRefSchema = describe(
  z.strictObject({
    file: describe(
      z.string().min(1, 'flywheel:file-path'),
      'Path relative to this playbook file; it must stay inside the workspace folder.',
      '相对于本剧本文件的路径; 必须位于工作区目录内。',
    ),
  }),
  'A file in the workspace.',
  '工作区中的文件。',
);

export const textOrFileSchema = z.union([z.string(), fileRefSchema]);

export const numberOrConditionSchema = z.union([z.number(), conditionSchema]);

export const labelsSchema = describe(
  z.record(z.string(), z.string()),
  'Free key/value labels, such as { team: brand }.',
  '自由的键值标签, 例如 { team: brand }。',
);

export const severitySchema = describe(
  z.enum(['info', 'warning', 'critical']),
  'How serious an alert is: info, warning (default) or critical.',
  '告警级别: info、warning (默认) 或 critical。',
);

export const whereSchema = describe(
  z.strictObject({
    channel: describe(z.string().optional(), 'Only points of this channel id.', '只统计该渠道 ID 的数据点。'),
    campaign: describe(z.string().optional(), 'Only points of this campaign.', '只统计该营销活动的数据点。'),
    post: describe(z.string().optional(), 'Only points of this post id.', '只统计该内容 ID 的数据点。'),
    variant: describe(z.string().optional(), 'Only points of this A/B variant id.', '只统计该 A/B 版本的数据点。'),
    content_type: describe(z.string().optional(), 'Only points of this content type label.', '只统计该内容类型的数据点。'),
  }),
  'Dimension filter: only metric points with these dimension values count.',
  '维度过滤: 只统计这些维度取值的指标数据点。',
);

export const notifyRefsSchema = describe(
  z.array(idSchema),
  'Notify target ids from the Workspace `notify` list.',
  '通知目标 ID, 取自 Workspace 的 `notify` 列表。',
);

import * as z from 'zod';
import { describe } from './describe';
import { durationSchema, idSchema, metricIdSchema, scheduleSchema, secretRefSchema } from './values';

/** Platforms whose data API Flywheel pulls: a channel source must be on one of these. */
export const DATA_API_PLATFORMS = ['wechat-oa', 'mastodon'] as const;
export type DataApiPlatform = (typeof DATA_API_PLATFORMS)[number];

/** Kinds of source that are not a channel's platform. */
export const SOURCE_TYPES = ['http-json'] as const;

/**
 * When a source is pulled unless it says: WeChat's data for yesterday is ready after 08:00
 * (platforms-peers-compliance.md §5), Mastodon's counts are live, an http-json feed is the team's own.
 */
export const DEFAULT_SOURCE_SCHEDULES: Readonly<Record<DataApiPlatform | (typeof SOURCE_TYPES)[number], string>> = {
  'wechat-oa': 'cron(30 8 * * ? *)',
  mastodon: 'rate(1 hour)',
  'http-json': 'rate(1 hour)',
};

/** How far back a first pull (or one after a gap) reaches unless the source says. */
export const DEFAULT_BACKFILL = '7d';

export const SourceSchema = describe(
  z.strictObject({
    id: idSchema,
    channel: describe(
      idSchema.optional(),
      'The channel whose platform data API is pulled, with the channel\'s credentials (wechat-oa: followers, follower_gain, per-article views, shares, saves; mastodon: followers, favourites, boosts and replies of the statuses Flywheel posted).',
      '拉取其平台数据接口的渠道，使用该渠道的凭据（wechat-oa：粉丝数、净增粉丝、每篇文章的阅读、分享、收藏；mastodon：粉丝数、Flywheel 所发嘟文的喜欢、转嘟和回复）。',
    ),
    type: describe(
      z.enum(SOURCE_TYPES).optional(),
      'http-json: any service that answers GET with {"points": [...]}, like the ingest endpoint. Leave it out for a channel source.',
      'http-json：任何以 {"points": [...]} 应答 GET 请求的服务，格式同 ingest 接口。渠道数据源不填。',
    ),
    url: describe(
      secretRefSchema.optional(),
      'The http-json address, as a secret:/env: reference (such URLs usually carry a key).',
      'http-json 的地址，以 secret:/env: 引用填写（这类地址通常含密钥）。',
    ),
    schedule: describe(
      scheduleSchema.optional(),
      'When to pull, in the workspace time zone (default: wechat-oa daily 08:30, when yesterday\'s data is ready; mastodon and http-json every hour).',
      '拉取时间，按工作区时区（默认：wechat-oa 每天 08:30，此时前一天数据已就绪；mastodon 和 http-json 每小时一次）。',
    ),
    backfill: describe(
      durationSchema.optional(),
      'How far back the first pull, or one after a gap, reaches (default 7d; wechat-oa at most 365d).',
      '首次拉取或中断后补拉的回溯时长（默认 7d；wechat-oa 最多 365d）。',
    ),
    metrics: describe(
      z.array(metricIdSchema).optional(),
      'For http-json: the metric ids it may write; points of other metrics are refused.',
      'http-json 专用：允许写入的指标 ID；其他指标的数据点会被拒绝。',
    ),
  }),
  'A metric source: numbers Flywheel pulls by itself on a schedule into the same store as CSV import and the ingest endpoint. Give either channel or type: http-json.',
  '数据源：Flywheel 按计划自动拉取的指标数据，与 CSV 导入和 ingest 接口写入同一存储。channel 与 type: http-json 二选一。',
);

export type Source = z.infer<typeof SourceSchema>;

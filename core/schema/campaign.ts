import * as z from 'zod';
import { describe } from './describe';
import {
  conditionSchema, durationSchema, fileRefSchema, idSchema, localTimeSchema, metricIdSchema,
  notifyRefsSchema, scheduleSchema, severitySchema, textOrFileSchema, timezoneSchema, whereSchema, windowSchema,
} from './values';

const titleField = describe(z.string().optional(), 'Post title.', '标题。');
const bodyField = describe(
  textOrFileSchema.optional(),
  'Post text: inline, or { file: path.md } relative to this playbook file.',
  '正文: 直接填写, 或 { file: 路径.md } (相对于本剧本文件)。',
);
const coverField = describe(fileRefSchema.optional(), 'Cover image; WeChat Official Account posts require one.', '封面图; 公众号文章必须有封面。');

export const MediaItemSchema = describe(
  z.strictObject({
    file: describe(z.string().min(1, 'flywheel:file-path'), 'Image or video file, relative to this playbook file.', '图片或视频文件, 相对于本剧本文件。'),
    alt: describe(z.string().optional(), 'Alt text describing an image (required on Bluesky).', '图片的替代文本 (Bluesky 必填)。'),
  }),
  'An image or a video.',
  '一张图片或一个视频。',
);

export const VariantSchema = describe(
  z.strictObject({
    id: idSchema,
    title: titleField,
    body: bodyField,
    cover: coverField,
    weight: describe(
      z.number().positive().optional(),
      'Relative share of the audience (default: equal shares).',
      '受众分配的相对比例 (默认: 均分)。',
    ),
  }),
  'An A/B variant: overrides title, body or cover for its share of the audience.',
  'A/B 版本: 为其受众份额覆盖标题、正文或封面。',
);

export const PostSchema = describe(
  z.strictObject({
    id: idSchema,
    at: describe(localTimeSchema.optional(), 'One-time publish time, YYYY-MM-DD HH:mm. Exactly one of at and schedule.', '一次性发布时间, YYYY-MM-DD HH:mm。at 和 schedule 二选一。'),
    schedule: describe(scheduleSchema.optional(), 'A series: one post per run inside the campaign window. Exactly one of at and schedule.', '系列内容: 活动窗口内每次运行发布一条。at 和 schedule 二选一。'),
    timezone: describe(timezoneSchema.optional(), 'Time zone for at and schedule (default: the workspace time zone).', 'at 和 schedule 的时区 (默认: 工作区时区)。'),
    channels: describe(z.array(idSchema).min(1), 'Channel ids from the Workspace.', 'Workspace 中的渠道 ID。'),
    title: titleField,
    body: bodyField,
    cover: coverField,
    media: describe(z.array(MediaItemSchema).optional(), 'Images, or one video, in order.', '按顺序排列的图片, 或一个视频。'),
    tags: describe(z.array(z.string()).optional(), 'Tags / topics.', '标签 / 话题。'),
    contentType: describe(z.string().optional(), 'Content type label (default: the campaign\'s), a metric dimension.', '内容类型标签 (默认取活动的), 作为指标维度。'),
    owner: describe(idSchema.optional(), 'Person responsible (default: the campaign owner).', '负责人 (默认: 活动负责人)。'),
    approvedBy: describe(z.array(idSchema).optional(), 'People who approved this post (needed when review is required).', '审批人 (活动要求审核时必填)。'),
    variants: describe(z.array(VariantSchema).optional(), 'A/B variants of title and cover; each gets its share of the audience.', '标题和封面的 A/B 版本; 每个版本获得相应份额的受众。'),
  }),
  'A post: what to publish, where, and when.',
  '一条内容: 发布什么、在哪里、何时发布。',
);

export const CampaignKpiSchema = describe(
  z.strictObject({
    metric: metricIdSchema,
    target: describe(conditionSchema, 'What success looks like, such as ">= 0.05"; the check fires while it is not met.', '成功标准, 例如 ">= 0.05"; 未达到时检查触发。'),
    window: describe(durationSchema, 'Look-back window of each evaluation, such as 7d.', '每次评估的回溯窗口, 例如 7d。'),
    where: whereSchema.optional(),
    schedule: describe(scheduleSchema.optional(), 'When to evaluate (default: daily at 09:00 during the window).', '评估时间 (默认: 活动期间每天 09:00)。'),
    severity: severitySchema.optional(),
    notify: notifyRefsSchema.optional(),
    message: describe(z.string().optional(), 'Alert text; {{value}} is the measured value.', '告警文本; {{value}} 为实际值。'),
  }),
  'A campaign target; it becomes a check over the campaign window.',
  '活动指标目标; 会在活动窗口内生成一个检查。',
);

export const CampaignSpecSchema = z.strictObject({
  window: describe(windowSchema, 'When the campaign runs; every publish time must lie inside.', '活动时间窗口; 所有发布时间必须在窗口内。'),
  owner: describe(idSchema.optional(), 'Person responsible.', '负责人。'),
  review: describe(z.enum(['required', 'none']).optional(), 'required: a post publishes only when approved (approvedBy).', 'required: 内容经审批 (approvedBy) 后才会发布。'),
  contentType: describe(z.string().optional(), 'Free content type label, used as a metric dimension.', '内容类型标签, 用作指标维度。'),
  description: describe(z.string().optional(), 'What the campaign is for.', '活动说明。'),
  posts: describe(z.array(PostSchema).optional(), 'The content calendar.', '内容日历。'),
  kpis: describe(z.array(CampaignKpiSchema).optional(), 'Campaign targets, each checked over the window.', '活动指标目标, 每项在窗口内检查。'),
});

export type CampaignSpec = z.infer<typeof CampaignSpecSchema>;
export type Post = z.infer<typeof PostSchema>;
export type Variant = z.infer<typeof VariantSchema>;
export type CampaignKpi = z.infer<typeof CampaignKpiSchema>;

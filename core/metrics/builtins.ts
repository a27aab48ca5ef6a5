import { text, type LocalizedText } from '../diagnostics';

export type Aggregate = 'sum' | 'avg' | 'last' | 'min' | 'max' | 'count';
export type MetricUnit = 'count' | 'ratio' | 'percent' | 'currency' | 'seconds';

/** A metric the engine knows how to aggregate; derived ones are computed from other metrics. */
export interface MetricInfo {
  readonly id: string;
  readonly title: LocalizedText;
  readonly unit: MetricUnit;
  readonly aggregate: Aggregate;
  /** For derived metrics: the formula, as the sum of parts or a ratio of two metrics. */
  readonly derived?: { readonly sumOf: readonly string[] } | { readonly numerator: string; readonly denominator: string };
  /** A count that is a net change (gained minus lost), so it may be negative. */
  readonly signed?: boolean;
}

const count = (id: string, en: string, zh: string, aggregate: Aggregate = 'sum'): MetricInfo => ({ id, title: text(en, zh), unit: 'count', aggregate });

/** The built-in metrics of the playbook language; a workspace may add more but not redefine these. */
export const BUILTIN_METRICS: ReadonlyMap<string, MetricInfo> = new Map<string, MetricInfo>([
  ['views', count('views', 'Views / plays', '阅读 / 播放量')],
  ['likes', count('likes', 'Likes', '点赞数')],
  ['comments', count('comments', 'Comments', '评论数')],
  ['shares', count('shares', 'Shares', '分享 / 转发数')],
  ['saves', count('saves', 'Saves', '收藏数')],
  ['engagements', { ...count('engagements', 'Engagements (likes + comments + shares + saves)', '互动量 (赞 + 评 + 转 + 藏)'), derived: { sumOf: ['likes', 'comments', 'shares', 'saves'] } }],
  ['interaction_rate', { id: 'interaction_rate', title: text('Interaction rate (engagements / views)', '互动率 (互动量 / 阅读播放量)'), unit: 'ratio', aggregate: 'sum', derived: { numerator: 'engagements', denominator: 'views' } }],
  ['followers', count('followers', 'Followers', '粉丝数', 'last')],
  ['follower_gain', { ...count('follower_gain', 'Net follower gain', '净增粉丝数'), signed: true }],
  ['completion_rate', { id: 'completion_rate', title: text('Completion rate', '完播率'), unit: 'ratio', aggregate: 'last' }],
  ['mentions', count('mentions', 'Mentions', '提及量')],
  ['negative_mentions', count('negative_mentions', 'Negative mentions', '负面提及量')],
  ['leads', count('leads', 'Leads', '线索量')],
  ['orders', count('orders', 'Orders', '订单数')],
  ['revenue', { id: 'revenue', title: text('Revenue', '收入'), unit: 'currency', aggregate: 'sum' }],
]);

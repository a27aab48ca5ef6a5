/*
 * What the review says, in both languages, and how it shows numbers and times: shared by the
 * HTML page, the markdown and the bot formats, so every rendering of a review reads the same.
 */
import { localize, text, type Lang } from '../diagnostics';
import { formatMetricValue } from '../evaluate/render-message';
import { CHECK_EVENT_TEXT, GOAL_STATUS_TEXT, POST_OUTCOME_TEXT, SEVERITY_TEXT, TERMS, term } from '../i18n/glossary';
import type { MetricUnit } from '../metrics/index';
import { formatLocal } from '../time/index';
import { REVIEW_POST_METRICS, type Review, type ReviewAbTest, type ReviewCheck, type ReviewKeyResult } from './review';

const WORDS = {
  title: text('Review', '复盘'),
  window: text('Window', '时间范围'),
  goals: text('Goals and key results', '目标与关键结果'),
  checks: text('Checks', '检查'),
  published: text('Published posts (top first)', '已发布内容（按阅读量排序）'),
  needPerson: text('Needs a person', '需要人工处理'),
  abTests: text('A/B tests', 'A/B 测试'),
  noGoals: text('No goals in the playbooks.', '剧本中没有目标。'),
  noChecks: text('No check fired or resolved in this window.', '本时间范围内没有检查触发或恢复。'),
  noPublished: text('Nothing was published in this window.', '本时间范围内没有发布内容。'),
  noNeedPerson: text('Nothing needs a person.', '没有需要人工处理的内容。'),
  noAbTests: text('No A/B verdict in this window.', '本时间范围内没有 A/B 结论。'),
  change: text('change in window', '本期变化'),
  firingAtEnd: text('still firing', '仍在触发'),
  stale: text('stale data, latest point', '数据过期，最新数据点'),
  noData: text('no data', '无数据'),
  decidedBy: text('decided by interaction rate (engagements ÷ views)', '依据互动率（互动数 ÷ 阅读数）判定'),
  noDifference: text('no clear difference', '差异不显著'),
  insufficientData: text('not enough data yet', '数据不足'),
  winner: text('winner', '胜出'),
  when: text('when', '时间'),
  where: text('channel', '渠道'),
  outcome: text('what happened', '情况'),
  reason: text('why', '原因'),
  severity: text('severity', '级别'),
  actual: text('actual', '实际'),
  expectedPath: text('expected path', '应达路径'),
  endOfReview: text('end of review', '报告截止'),
} as const;

const METRIC_WORDS: Record<(typeof REVIEW_POST_METRICS)[number], ReturnType<typeof text>> = {
  views: text('views', '阅读/播放'),
  likes: text('likes', '点赞'),
  comments: text('comments', '评论'),
  shares: text('shares', '分享'),
  saves: text('saves', '收藏'),
  interaction_rate: text('interaction rate', '互动率'),
};

const POST_METRIC_UNITS: Record<(typeof REVIEW_POST_METRICS)[number], MetricUnit> = {
  views: 'count', likes: 'count', comments: 'count', shares: 'count', saves: 'count', interaction_rate: 'ratio',
};

/** The review's words and formats in one language. */
export function reviewWords(review: Review, lang: Lang) {
  const say = (key: keyof typeof WORDS) => localize(WORDS[key], lang);
  const zh = lang === 'zh-CN';
  const time = (isoInstant: string) => formatLocal(Date.parse(isoInstant), review.timezone);
  const date = (isoInstant: string) => time(isoInstant).slice(0, 10);
  const value = (amount: number | undefined, unit: MetricUnit) => (amount === undefined ? say('noData') : formatMetricValue(amount, unit));
  const signed = (amount: number, unit: MetricUnit) => `${amount > 0 ? '+' : amount < 0 ? '−' : '±'}${formatMetricValue(Math.abs(amount), unit)}`;
  const separator = zh ? '，' : ', ';
  return {
    lang, zh, say, time, date, value, separator,
    term: (key: keyof typeof TERMS) => localize(TERMS[key], lang),
    status: (status: string) => term(GOAL_STATUS_TEXT, status, lang),
    severity: (severity: string) => term(SEVERITY_TEXT, severity, lang),
    outcome: (outcome: string) => term(POST_OUTCOME_TEXT, outcome, lang),
    checkEvent: (kind: 'fired' | 'resolved' | 'acknowledged') => term(CHECK_EVENT_TEXT, kind, lang),
    metric: (metric: (typeof REVIEW_POST_METRICS)[number]) => localize(METRIC_WORDS[metric], lang),
    postMetricValue: (metric: (typeof REVIEW_POST_METRICS)[number], amount: number) => formatMetricValue(amount, POST_METRIC_UNITS[metric]),
    /** An acknowledgement of a check: "已确认处理 2026-12-08 10:00 张三：…". */
    acknowledged: (item: NonNullable<ReviewCheck['acknowledged']>[number]) =>
      `${term(CHECK_EVENT_TEXT, 'acknowledged', lang)} ${time(item.at)}${item.byName ?? item.by ? ` ${item.byName ?? item.by}` : ''}${item.note ? `${zh ? '：' : ': '}${item.note}` : ''}`,
    /** "2026-11-19 00:00 – 2026-11-26 00:00 (Asia/Shanghai)" */
    window: () => `${time(review.from)} – ${time(review.to)}${zh ? '（' : ' ('}${review.timezone}${zh ? '）' : ')'}`,
    /** A key result's numbers on one line: value / target, progress, expected, change, stale. */
    keyResultFacts: (keyResult: ReviewKeyResult): string[] => {
      const facts = [`${localize(TERMS.value, lang)} ${value(keyResult.value, keyResult.unit)} / ${localize(TERMS.target, lang)} ${formatMetricValue(keyResult.target, keyResult.unit)}`];
      if (keyResult.progress !== undefined) facts.push(`${localize(TERMS.progress, lang)} ${formatMetricValue(keyResult.progress, 'ratio')}${keyResult.expectedProgress === undefined ? '' : `${zh ? '（' : ' ('}${localize(TERMS.expected, lang)} ${formatMetricValue(keyResult.expectedProgress, 'ratio')}${zh ? '）' : ')'}`}`);
      else if (keyResult.expected !== undefined) facts.push(`${localize(TERMS.expected, lang)} ${formatMetricValue(keyResult.expected, keyResult.unit)}`);
      if (keyResult.value !== undefined && keyResult.valueAtStart !== undefined) facts.push(`${say('change')} ${signed(keyResult.value - keyResult.valueAtStart, keyResult.unit)}`);
      if (keyResult.stale && keyResult.latestPointAt) facts.push(`${say('stale')} ${time(keyResult.latestPointAt)}`);
      return facts;
    },
    abVerdict: (test: ReviewAbTest) => {
      if (test.verdict === 'winner') return `${say('winner')}${zh ? '：' : ': '}${test.winnerTitle ? `${test.winnerTitle}${zh ? '（' : ' ('}${test.winner}${zh ? '）' : ')'}` : test.winner ?? ''}${test.pValue === undefined ? '' : `${zh ? '（' : ' ('}p = ${test.pValue.toFixed(3)}${zh ? '）' : ')'}`}`;
      return say(test.verdict === 'no-difference' ? 'noDifference' : 'insufficientData');
    },
  };
}

export type ReviewWords = ReturnType<typeof reviewWords>;

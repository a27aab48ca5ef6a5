/*
 * The review as markdown: `flywheel report --format md`, and the base of the bot formats that take
 * markdown (WeCom, DingTalk). Plain CommonMark: headings, lists and bold, which those bots render.
 */
import type { Lang } from '../diagnostics';
import { REVIEW_POST_METRICS, type Review } from './review';
import { reviewWords } from './review-words';

/** Markdown text must not open formatting by accident (a title with `*` or `_`). */
function plain(text: string): string {
  return text.replace(/([\\`*_[\]<>#|])/g, '\\$1');
}

/** The review as markdown, one section per part, in the reader's language. */
export function renderReviewMarkdown(review: Review, lang: Lang): string {
  const words = reviewWords(review, lang);
  const { say } = words;
  const colon = words.zh ? '：' : ': ';
  const lines: string[] = [`# ${plain(review.workspaceTitle)} ${say('title')}`, '', `${say('window')}${colon}${words.window()}`, ''];

  lines.push(`## ${say('goals')}`, '');
  if (review.goals.length === 0) lines.push(say('noGoals'), '');
  for (const goal of review.goals) {
    lines.push(`**${plain(goal.title)}** · ${words.status(goal.status)}`, '');
    for (const keyResult of goal.keyResults) {
      lines.push(`- ${plain(keyResult.title)} · **${words.status(keyResult.stale ? 'stale' : keyResult.status)}** · ${words.keyResultFacts(keyResult).join(words.separator)}`);
    }
    lines.push('');
  }

  lines.push(`## ${say('checks')}`, '');
  if (review.checks.length === 0) lines.push(say('noChecks'), '');
  for (const check of review.checks) {
    const happened = [
      ...check.fired.map((item) => `${words.checkEvent('fired')} ${words.time(item.at)} ${words.value(item.value, check.unit)}`),
      ...check.resolved.map((item) => `${words.checkEvent('resolved')} ${words.time(item.at)} ${words.value(item.value, check.unit)}`),
      ...(check.acknowledged ?? []).map((item) => plain(words.acknowledged(item))),
    ];
    lines.push(`- **${plain(check.title)}** (${words.severity(check.severity)})${colon}${happened.join(words.separator)}${check.firingAtEnd ? `${words.separator}${say('firingAtEnd')}` : ''}`);
  }
  if (review.checks.length > 0) lines.push('');

  lines.push(`## ${say('published')}`, '');
  if (review.published.length === 0) lines.push(say('noPublished'), '');
  review.published.forEach((post, position) => {
    const numbers = REVIEW_POST_METRICS.flatMap((metric) => (post.numbers[metric] === undefined ? [] : [`${words.metric(metric)} ${words.postMetricValue(metric, post.numbers[metric] as number)}`]));
    lines.push(`${position + 1}. **${plain(post.postTitle)}** · ${plain(post.channelTitle)} · ${words.time(post.at)}${numbers.length > 0 ? ` · ${numbers.join(words.separator)}` : ''}`);
  });
  if (review.published.length > 0) lines.push('');

  lines.push(`## ${say('needPerson')}`, '');
  if (review.needPerson.length === 0) lines.push(say('noNeedPerson'), '');
  for (const item of review.needPerson) {
    lines.push(`- **${words.outcome(item.outcome)}** · ${plain(item.postTitle)} · ${plain(item.channelTitle)} · ${words.time(item.at)}${item.reason ? `${colon}${plain(item.reason)}` : ''}`);
  }
  if (review.needPerson.length > 0) lines.push('');

  lines.push(`## ${say('abTests')}`, '');
  if (review.abTests.length === 0) lines.push(say('noAbTests'), '');
  const [open, close] = words.zh ? ['（', '）'] : [' (', ')'];
  for (const test of review.abTests) lines.push(`- **${plain(test.postTitle)}**${colon}${words.abVerdict(test)}${open}${say('decidedBy')}${close}`);
  return `${lines.join('\n').trimEnd()}\n`;
}

/**
 * The review as a bot message (the `report` step): a title naming the workspace and the window's
 * dates, "ACME 新媒体部 复盘（11-30 – 12-07）", and the markdown without its heading, which the
 * title replaces.
 */
export function renderReviewMessage(review: Review, lang: Lang): { title: string; text: string } {
  const words = reviewWords(review, lang);
  const dates = `${words.date(review.from).slice(5)} – ${words.date(review.to).slice(5)}`;
  const title = `${review.workspaceTitle} ${words.say('title')}${words.zh ? `（${dates}）` : ` (${dates})`}`;
  const text = renderReviewMarkdown(review, lang).replace(/^# [^\n]*\n+/, '');
  return { title, text };
}

/** Review markdown for a bot without markdown (Feishu rich text): headings in 【】, no emphasis marks or escapes. */
export function reviewMarkdownAsPlainText(markdown: string): string {
  return markdown.split('\n').map((line) => line
    .replace(/^#{1,6} (.*)$/, '【$1】')
    .replace(/(?<!\\)\*\*/g, '')
    .replace(/\\([\\`*_[\]<>#|])/g, '$1')).join('\n');
}

/** Review markdown as Slack mrkdwn: headings and bold as *bold*, escapes removed. */
export function reviewMarkdownAsSlack(markdown: string): string {
  return markdown.split('\n').map((line) => line
    .replace(/^#{1,6} (.*)$/, '**$1**')
    .replace(/(?<!\\)\*\*/g, '*')
    .replace(/\\([\\`*_[\]<>#|])/g, '$1')).join('\n');
}

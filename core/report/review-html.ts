/*
 * The review as one self-contained HTML file (`flywheel report --format html`): people open it
 * without VS Code, forward it, print it. No script, no remote asset (charts are inline SVG, fonts
 * are the reader's), a CSP that forbids loading anything, light and dark by the reader's setting,
 * and print rules that keep each chart on one page.
 */
import type { Lang } from '../diagnostics';
import { CHART_STYLE, escapeHtml, renderChartSvg } from './chart-svg';
import { REVIEW_POST_METRICS, type Review, type ReviewKeyResult } from './review';
import { reviewWords, type ReviewWords } from './review-words';

const STYLE = `
:root { color-scheme: light dark; --fg: #1f2328; --bg: #ffffff; --muted: #59636e; --border: #d0d7de;
  --chart-actual: #0969da; --chart-expected: #8250df; --chart-forecast: #bc4c00; --chart-target: #1a7f37;
  --good: #1a7f37; --warn: #9a6700; --bad: #cf222e; --neutral: #59636e; }
@media (prefers-color-scheme: dark) { :root { --fg: #e6edf3; --bg: #0d1117; --muted: #9198a1; --border: #3d444d;
  --chart-actual: #4493f8; --chart-expected: #ab7df8; --chart-forecast: #f0883e; --chart-target: #3fb950;
  --good: #3fb950; --warn: #d29922; --bad: #f85149; --neutral: #9198a1; } }
body { color: var(--fg); background: var(--bg); margin: 0 auto; padding: 24px; max-width: 1100px; font-size: 14px; line-height: 1.5;
  font-family: system-ui, -apple-system, "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", "WenQuanYi Micro Hei", sans-serif; }
h1 { font-size: 22px; margin: 0 0 4px; } h2 { font-size: 18px; margin: 28px 0 8px; border-bottom: 1px solid var(--border); padding-bottom: 4px; }
h3 { font-size: 15px; margin: 16px 0 4px; }
.muted { color: var(--muted); }
.chip { display: inline-block; border-radius: 10px; padding: 0 8px; font-size: 12px; color: var(--bg); background: var(--neutral); margin-right: 6px; white-space: nowrap; }
.status-achieved, .status-on-track, .outcome-published { background: var(--good); }
.status-at-risk, .status-stale, .outcome-handed-off, .outcome-held, .outcome-blocked { background: var(--warn); }
.status-off-track, .outcome-failed, .outcome-unconfirmed, .severity-critical { background: var(--bad); }
.key-result { border: 1px solid var(--border); border-radius: 6px; padding: 8px 12px; margin: 8px 0; break-inside: avoid; }
.chart-scroll { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; } th, td { text-align: left; padding: 4px 10px 4px 0; border-bottom: 1px solid var(--border); vertical-align: top; }
td.number, th.number { text-align: right; font-variant-numeric: tabular-nums; }
@media print { body { padding: 0; max-width: none; } .chart-scroll { overflow: visible; } h2 { break-after: avoid; } }
${CHART_STYLE}`;

function chip(className: string, label: string): string {
  return `<span class="chip ${escapeHtml(className)}">${escapeHtml(label)}</span>`;
}

function renderKeyResult(review: Review, keyResult: ReviewKeyResult, words: ReviewWords): string {
  const status = keyResult.stale ? 'stale' : keyResult.status;
  const facts = words.keyResultFacts(keyResult).map(escapeHtml).join(' · ');
  const chart = keyResult.series && (keyResult.series.actual.length > 0 || keyResult.series.expected.length > 0)
    ? `<div class="chart-scroll">${renderChartSvg({ keyResult: keyResult.id, target: keyResult.target, now: review.to, ...keyResult.series }, {
      title: keyResult.title, formatValue: (value) => words.value(value, keyResult.unit), formatDate: words.date,
      legend: { actual: words.say('actual'), expected: words.say('expectedPath'), forecast: words.term('forecast'), target: words.term('target') },
      today: words.say('endOfReview'),
    })}</div>`
    : '';
  return `<div class="key-result" data-key-result="${escapeHtml(keyResult.id)}"><h3>${chip(`status-${status}`, words.status(status))}${escapeHtml(keyResult.title)}</h3>
<div class="muted">${facts}</div>${chart}</div>`;
}

function section(title: string, body: string, className: string): string {
  return `<section class="${className}"><h2>${escapeHtml(title)}</h2>${body}</section>`;
}

function empty(message: string): string {
  return `<p class="muted">${escapeHtml(message)}</p>`;
}

function renderGoals(review: Review, words: ReviewWords): string {
  if (review.goals.length === 0) return section(words.say('goals'), empty(words.say('noGoals')), 'goals');
  const goals = review.goals.map((goal) => `<div class="goal" data-goal="${escapeHtml(goal.id)}"><h3>${chip(`status-${goal.status}`, words.status(goal.status))}${escapeHtml(goal.title)}</h3>
${goal.keyResults.map((keyResult) => renderKeyResult(review, keyResult, words)).join('\n')}</div>`);
  return section(words.say('goals'), goals.join('\n'), 'goals');
}

function renderChecks(review: Review, words: ReviewWords): string {
  if (review.checks.length === 0) return section(words.say('checks'), empty(words.say('noChecks')), 'checks');
  const rows = review.checks.map((check) => {
    const happened = [
      ...check.fired.map((item) => `${words.checkEvent('fired')} ${words.time(item.at)} · ${words.value(item.value, check.unit)}`),
      ...check.resolved.map((item) => `${words.checkEvent('resolved')} ${words.time(item.at)} · ${words.value(item.value, check.unit)}`),
      ...(check.acknowledged ?? []).map((item) => words.acknowledged(item)),
    ];
    return `<tr><td>${escapeHtml(check.title)}</td><td>${chip(`severity-${check.severity}`, words.severity(check.severity))}</td><td>${happened.map(escapeHtml).join('<br>')}</td><td>${check.firingAtEnd ? chip('status-off-track', words.say('firingAtEnd')) : ''}</td></tr>`;
  });
  return section(words.say('checks'), `<table><thead><tr><th>${escapeHtml(words.term('check'))}</th><th>${escapeHtml(words.say('severity'))}</th><th>${escapeHtml(words.say('when'))}</th><th></th></tr></thead><tbody>${rows.join('')}</tbody></table>`, 'checks');
}

function renderPublished(review: Review, words: ReviewWords): string {
  if (review.published.length === 0) return section(words.say('published'), empty(words.say('noPublished')), 'published');
  const head = REVIEW_POST_METRICS.map((metric) => `<th class="number">${escapeHtml(words.metric(metric))}</th>`).join('');
  const rows = review.published.map((post) => {
    const cells = REVIEW_POST_METRICS.map((metric) => `<td class="number">${post.numbers[metric] === undefined ? '—' : escapeHtml(words.postMetricValue(metric, post.numbers[metric] as number))}</td>`).join('');
    return `<tr><td>${escapeHtml(post.postTitle)}<div class="muted">${escapeHtml(post.campaignTitle)}</div></td><td>${escapeHtml(post.channelTitle)}</td><td>${escapeHtml(words.time(post.at))}</td>${cells}</tr>`;
  });
  return section(words.say('published'), `<table><thead><tr><th>${escapeHtml(words.term('post'))}</th><th>${escapeHtml(words.say('where'))}</th><th>${escapeHtml(words.say('when'))}</th>${head}</tr></thead><tbody>${rows.join('')}</tbody></table>`, 'published');
}

function renderNeedPerson(review: Review, words: ReviewWords): string {
  if (review.needPerson.length === 0) return section(words.say('needPerson'), empty(words.say('noNeedPerson')), 'need-person');
  const rows = review.needPerson.map((item) => `<tr><td>${chip(`outcome-${item.outcome}`, words.outcome(item.outcome))}</td><td>${escapeHtml(item.postTitle)}<div class="muted">${escapeHtml(item.campaignTitle)}</div></td><td>${escapeHtml(item.channelTitle)}</td><td>${escapeHtml(words.time(item.at))}</td><td>${escapeHtml(item.reason ?? '')}</td></tr>`);
  return section(words.say('needPerson'), `<table><thead><tr><th>${escapeHtml(words.say('outcome'))}</th><th>${escapeHtml(words.term('post'))}</th><th>${escapeHtml(words.say('where'))}</th><th>${escapeHtml(words.say('when'))}</th><th>${escapeHtml(words.say('reason'))}</th></tr></thead><tbody>${rows.join('')}</tbody></table>`, 'need-person');
}

function renderAbTests(review: Review, words: ReviewWords): string {
  if (review.abTests.length === 0) return section(words.say('abTests'), empty(words.say('noAbTests')), 'ab-tests');
  const rows = review.abTests.map((test) => `<tr><td>${escapeHtml(test.postTitle)}<div class="muted">${escapeHtml(test.campaignTitle)}</div></td><td>${escapeHtml(words.abVerdict(test))}</td><td>${escapeHtml(words.time(test.at))}</td></tr>`);
  return section(words.say('abTests'), `<p class="muted">${escapeHtml(words.say('decidedBy'))}</p><table><tbody>${rows.join('')}</tbody></table>`, 'ab-tests');
}

/** The review as a complete HTML document. */
export function renderReviewHtml(review: Review, lang: Lang): string {
  const words = reviewWords(review, lang);
  const title = `${review.workspaceTitle} ${words.say('title')}`;
  return `<!DOCTYPE html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<header><h1>${escapeHtml(title)}</h1><div class="muted">${escapeHtml(words.say('window'))}${words.zh ? '：' : ': '}${escapeHtml(words.window())}</div></header>
${renderGoals(review, words)}
${renderChecks(review, words)}
${renderPublished(review, words)}
${renderNeedPerson(review, words)}
${renderAbTests(review, words)}
</body>
</html>
`;
}

/*
 * Pure: the goal dashboard page from a status report. One string of HTML with inline SVG
 * charts, a CSP that allows only this page's nonce (no remote anything), and colours from VS
 * Code's theme variables (with fallbacks for body.vscode-light / vscode-dark outside VS Code).
 */
import * as l10n from '@vscode/l10n';
import { CHART_STYLE, escapeHtml, renderChartSvg } from '../../core/report/chart-svg';
import { computeProgress, formatNumber, formatStatus } from './goal-tree-items';
import type { GoalReport, KeyResultReport, StatusReport } from './status-report';

/** What the page needs besides the report. */
export interface DashboardOptions {
  /** A fresh random value per render; the only script and stylesheet carry it. */
  readonly nonce: string;
  /** The webview's `cspSource`, for images it may load from the extension; empty outside VS Code. */
  readonly cspSource: string;
  readonly lang: 'en' | 'zh-CN';
}

/** The messages the page posts to the extension. */
export type DashboardMessage = { readonly type: 'open'; readonly goal: string; readonly keyResult?: string } | { readonly type: 'refresh' };

const STYLE = `
body { color: var(--vscode-foreground, #1f2328); background: var(--vscode-editor-background, #ffffff);
  font-family: var(--vscode-font-family, system-ui, "WenQuanYi Micro Hei", "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif);
  font-size: var(--vscode-font-size, 13px); margin: 0; padding: 12px 20px; }
body.vscode-dark, body.vscode-high-contrast { color: var(--vscode-foreground, #d4d4d4); background: var(--vscode-editor-background, #1e1e1e); }
h1 { font-size: 1.4em; margin: 0 0 4px; } h2 { font-size: 1.2em; margin: 20px 0 8px; } h3 { font-size: 1em; margin: 12px 0 4px; }
.muted { color: var(--vscode-descriptionForeground, #6e7781); }
body.vscode-dark .muted { color: var(--vscode-descriptionForeground, #9da5b4); }
a { color: var(--vscode-textLink-foreground, #0969da); cursor: pointer; text-decoration: none; }
body.vscode-dark a { color: var(--vscode-textLink-foreground, #4daafc); }
/* Chip text takes the editor background: the theme's chart colours are dark on light themes and light on dark ones. */
.chip { display: inline-block; border-radius: 10px; padding: 1px 8px; font-size: 0.85em; color: var(--vscode-editor-background, #ffffff); background: var(--vscode-descriptionForeground, #6e7781); margin-right: 6px; }
.status-on-track, .status-achieved { background: var(--vscode-charts-green, #1a7f37); }
.status-at-risk { background: var(--vscode-charts-yellow, #9a6700); }
.status-off-track { background: var(--vscode-charts-red, #cf222e); }
body.vscode-dark .chip, body.vscode-high-contrast .chip { color: var(--vscode-editor-background, #1e1e1e); background: var(--vscode-descriptionForeground, #9da5b4); }
body.vscode-dark .status-on-track, body.vscode-dark .status-achieved { background: var(--vscode-charts-green, #89d185); }
body.vscode-dark .status-at-risk { background: var(--vscode-charts-yellow, #cca700); }
body.vscode-dark .status-off-track { background: var(--vscode-charts-red, #f14c4c); }
.key-results { display: grid; grid-template-columns: repeat(auto-fill, minmax(680px, 1fr)); gap: 12px; }
.key-result { border: 1px solid var(--vscode-panel-border, #d0d7de); border-radius: 6px; padding: 8px 12px; }
body.vscode-dark .key-result { border-color: var(--vscode-panel-border, #3c3c3c); }
.chart-scroll { overflow-x: auto; }
body { --chart-actual: var(--vscode-charts-blue, #0969da); --chart-expected: var(--vscode-charts-purple, #8250df); --chart-forecast: var(--vscode-charts-orange, #bc4c00); --chart-target: var(--vscode-charts-green, #1a7f37); }
body.vscode-dark, body.vscode-high-contrast { --chart-actual: var(--vscode-charts-blue, #4daafc); --chart-expected: var(--vscode-charts-purple, #b180d7); --chart-forecast: var(--vscode-charts-orange, #f0883e); --chart-target: var(--vscode-charts-green, #89d185); }
table { border-collapse: collapse; } td, th { text-align: left; padding: 2px 12px 2px 0; }
button { color: var(--vscode-button-foreground, #ffffff); background: var(--vscode-button-background, #0969da); border: none; padding: 4px 12px; cursor: pointer; }
`;

// Runs inside the webview: turns clicks into messages. acquireVsCodeApi exists only in VS Code.
const SCRIPT = `
const vscode = typeof acquireVsCodeApi === 'function' ? acquireVsCodeApi() : undefined;
document.addEventListener('click', (event) => {
  const target = event.target instanceof Element ? event.target.closest('[data-open-goal], [data-refresh]') : null;
  if (!target || !vscode) return;
  event.preventDefault();
  if (target.hasAttribute('data-refresh')) { vscode.postMessage({ type: 'refresh' }); return; }
  const keyResult = target.getAttribute('data-open-key-result');
  vscode.postMessage({ type: 'open', goal: target.getAttribute('data-open-goal'), ...(keyResult ? { keyResult } : {}) });
});
`;

function dateFormatter(report: StatusReport, lang: DashboardOptions['lang']): (iso: string) => string {
  const format = new Intl.DateTimeFormat(lang === 'zh-CN' ? 'zh-CN' : 'en-CA', { timeZone: report.timezone ?? 'UTC', year: 'numeric', month: '2-digit', day: '2-digit' });
  return (iso) => format.format(new Date(iso));
}

function renderKeyResult(goal: GoalReport, keyResult: KeyResultReport, report: StatusReport, formatDate: (iso: string) => string): string {
  const value = (number: number) => formatNumber(number, keyResult.target, keyResult.unit);
  const facts = [
    keyResult.value === undefined ? l10n.t('No data measured yet') : l10n.t('Value: {0}', value(keyResult.value)),
    l10n.t('Target: {0}', value(keyResult.target)),
  ];
  const progress = computeProgress(keyResult);
  if (progress !== undefined) facts.push(l10n.t('Progress: {0}%', Math.round(progress * 100)));
  if (keyResult.expected !== undefined) facts.push(l10n.t('Expected today: {0}', value(keyResult.expected)));
  if (keyResult.forecast !== undefined) facts.push(l10n.t('Forecast at window end: {0}', value(keyResult.forecast)));
  const series = keyResult.series;
  const chart = series && (series.actual.length > 0 || series.expected.length > 0)
    ? `<div class="chart-scroll">${renderChartSvg({ keyResult: keyResult.id, target: keyResult.target, now: report.at, ...series }, {
      title: l10n.t('{0}: actual, expected path and forecast', keyResult.title ?? keyResult.id), formatValue: value, formatDate,
      legend: { actual: l10n.t('actual'), expected: l10n.t('expected path'), forecast: l10n.t('forecast'), target: l10n.t('target') },
      today: l10n.t('today'),
    })}</div>`
    : `<p class="muted">${escapeHtml(l10n.t('No chart: the key result has no data or no path over the window yet.'))}</p>`;
  return `<div class="key-result" data-key-result="${escapeHtml(keyResult.id)}">
<h3><span class="chip status-${escapeHtml(keyResult.status)}">${escapeHtml(formatStatus(keyResult.status))}</span><a data-open-goal="${escapeHtml(goal.goal)}" data-open-key-result="${escapeHtml(keyResult.id)}">${escapeHtml(keyResult.id)}</a></h3>
${keyResult.title ? `<div>${escapeHtml(keyResult.title)}</div>` : ''}
<div class="muted">${facts.map(escapeHtml).join(' · ')}</div>
${chart}
</div>`;
}

function renderGoal(goal: GoalReport, report: StatusReport, formatDate: (iso: string) => string): string {
  return `<section class="goal" data-goal="${escapeHtml(goal.goal)}">
<h2><span class="chip status-${escapeHtml(goal.status)}">${escapeHtml(formatStatus(goal.status))}</span><a data-open-goal="${escapeHtml(goal.goal)}">${escapeHtml(goal.title)}</a> <span class="muted">${escapeHtml(goal.goal)}</span></h2>
<div class="key-results">${goal.keyResults.map((keyResult) => renderKeyResult(goal, keyResult, report, formatDate)).join('\n')}</div>
</section>`;
}

function renderChecks(report: StatusReport): string {
  const firing = report.checks.filter((check) => check.firing);
  const body = firing.length === 0
    ? `<p class="muted">${escapeHtml(l10n.t('None of {0} checks is firing.', report.checks.length))}</p>`
    : `<ul>${firing.map((check) => `<li><span class="chip status-off-track">${escapeHtml(l10n.t('firing'))}</span>${escapeHtml(check.check)}</li>`).join('')}</ul>`;
  return `<section class="checks"><h2>${escapeHtml(l10n.t('Checks firing now'))}</h2>${body}</section>`;
}

function renderPublishes(report: StatusReport): string {
  if (report.nextPublishes.length === 0) return `<section class="publishes"><h2>${escapeHtml(l10n.t('Next publishes'))}</h2><p class="muted">${escapeHtml(l10n.t('Nothing scheduled.'))}</p></section>`;
  const rows = report.nextPublishes.map((item) => `<tr><td>${escapeHtml(item.local)}</td><td>${escapeHtml(`${item.campaign}/${item.post}`)}</td><td>${escapeHtml(item.channel)}${item.variant ? ` [${escapeHtml(item.variant)}]` : ''}</td><td>${item.blocked ? `<span class="chip status-at-risk">${escapeHtml(l10n.t('not approved'))}</span>` : ''}</td></tr>`);
  return `<section class="publishes"><h2>${escapeHtml(l10n.t('Next publishes'))}</h2><table><thead><tr><th>${escapeHtml(l10n.t('When'))}</th><th>${escapeHtml(l10n.t('Post'))}</th><th>${escapeHtml(l10n.t('Channel'))}</th><th></th></tr></thead><tbody>${rows.join('')}</tbody></table></section>`;
}

/** The whole dashboard page. */
export function renderDashboardHtml(report: StatusReport, options: DashboardOptions): string {
  const nonce = escapeHtml(options.nonce);
  const csp = [`default-src 'none'`, `img-src ${options.cspSource} data:`.trim(), `style-src 'nonce-${nonce}'`, `script-src 'nonce-${nonce}'`].join('; ');
  const formatDate = dateFormatter(report, options.lang);
  const asOf = new Intl.DateTimeFormat(options.lang === 'zh-CN' ? 'zh-CN' : 'en-CA', { timeZone: report.timezone ?? 'UTC', dateStyle: 'medium', timeStyle: 'short' }).format(new Date(report.at));
  return `<!DOCTYPE html>
<html lang="${options.lang}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(l10n.t('Goal dashboard'))}</title>
<style nonce="${nonce}">${STYLE}${CHART_STYLE}</style>
</head>
<body>
<header><h1>${escapeHtml(l10n.t('Goals of {0}', report.title ?? report.workspace))}</h1>
<div class="muted">${escapeHtml(l10n.t('As of {0} ({1})', asOf, report.timezone ?? 'UTC'))} <button data-refresh>${escapeHtml(l10n.t('Refresh'))}</button></div>
</header>
${report.goals.map((goal) => renderGoal(goal, report, formatDate)).join('\n')}
${renderChecks(report)}
${renderPublishes(report)}
<script nonce="${nonce}">${SCRIPT}</script>
</body>
</html>`;
}

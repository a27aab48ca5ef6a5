/*
 * Pure: one key result's chart as inline SVG (actual vs expected path vs forecast to the window
 * end). No script and no style attributes, so the webview's strict CSP needs no exceptions;
 * colours come from classes the dashboard's stylesheet maps to theme variables.
 */
import type { KeyResultReport, KeyResultSeries, TimedValue } from './status-report';

const WIDTH = 640;
const HEIGHT = 220;
const PAD = { left: 64, right: 16, top: 14, bottom: 28 };

/** Text for the chart's accessible title, axis labels and legend. */
export interface ChartText {
  readonly title: string;
  readonly formatValue: (value: number) => string;
  readonly formatDate: (iso: string) => string;
}

/** Escapes text for HTML and SVG content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char] as string);
}

const fixed = (value: number) => (Math.round(value * 10) / 10).toString();

/** The value range to draw (every value on the chart and the target, padded by 5%) and the lowest value itself. */
function valueRange(series: KeyResultSeries, target: number): { low: number; high: number; lowest: number } {
  const values = [target, ...series.actual, ...series.expected, ...series.forecast].map((item) => (typeof item === 'number' ? item : item.value));
  const lowest = Math.min(...values);
  let low = lowest;
  let high = Math.max(...values);
  if (low === high) {
    low -= Math.abs(low) * 0.5 || 1;
    high += Math.abs(high) * 0.5 || 1;
  }
  const margin = (high - low) * 0.05;
  return { low: low - margin, high: high + margin, lowest };
}

/** The chart of a key result with a series; its paths carry classes actual, expected and forecast. */
export function renderChartSvg(keyResult: KeyResultReport & { series: KeyResultSeries }, now: string, text: ChartText): string {
  const { series } = keyResult;
  const start = Date.parse(series.start);
  const end = Date.parse(series.end);
  const { low, high, lowest } = valueRange(series, keyResult.target);
  const x = (iso: string) => PAD.left + ((Date.parse(iso) - start) / (end - start)) * (WIDTH - PAD.left - PAD.right);
  const y = (value: number) => PAD.top + ((high - value) / (high - low)) * (HEIGHT - PAD.top - PAD.bottom);
  const line = (points: readonly TimedValue[]) => points.map((item, position) => `${position === 0 ? 'M' : 'L'}${fixed(x(item.at))},${fixed(y(item.value))}`).join(' ');
  const parts: string[] = [];
  const bottom = HEIGHT - PAD.bottom;
  parts.push(`<line class="axis" x1="${PAD.left}" y1="${bottom}" x2="${WIDTH - PAD.right}" y2="${bottom}"/>`);
  parts.push(`<line class="axis" x1="${PAD.left}" y1="${PAD.top}" x2="${PAD.left}" y2="${bottom}"/>`);
  parts.push(`<line class="target" x1="${PAD.left}" y1="${fixed(y(keyResult.target))}" x2="${WIDTH - PAD.right}" y2="${fixed(y(keyResult.target))}"/>`);
  parts.push(`<text class="label" x="${PAD.left - 6}" y="${fixed(y(keyResult.target) + 4)}" text-anchor="end">${escapeHtml(text.formatValue(keyResult.target))}</text>`);
  if (lowest !== keyResult.target) parts.push(`<text class="label" x="${PAD.left - 6}" y="${fixed(y(lowest) + 4)}" text-anchor="end">${escapeHtml(text.formatValue(lowest))}</text>`);
  parts.push(`<text class="label" x="${PAD.left}" y="${HEIGHT - 8}">${escapeHtml(text.formatDate(series.start))}</text>`);
  // The window's end instant is exclusive (midnight after its last day): label the last day.
  parts.push(`<text class="label" x="${WIDTH - PAD.right}" y="${HEIGHT - 8}" text-anchor="end">${escapeHtml(text.formatDate(new Date(end - 1).toISOString()))}</text>`);
  const nowTime = Date.parse(now);
  if (nowTime > start && nowTime < end) parts.push(`<line class="today" x1="${fixed(x(now))}" y1="${PAD.top}" x2="${fixed(x(now))}" y2="${bottom}"/>`);
  if (series.expected.length > 0) parts.push(`<path class="expected" d="${line(series.expected)}" fill="none"/>`);
  if (series.forecast.length > 0) parts.push(`<path class="forecast" d="${line(series.forecast)}" fill="none"/>`);
  if (series.actual.length > 0) {
    parts.push(`<path class="actual" d="${line(series.actual)}" fill="none"/>`);
    for (const item of series.actual) parts.push(`<circle class="actual-point" cx="${fixed(x(item.at))}" cy="${fixed(y(item.value))}" r="2"/>`);
  }
  return `<svg class="chart" viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-label="${escapeHtml(text.title)}" data-key-result="${escapeHtml(keyResult.id)}"><title>${escapeHtml(text.title)}</title>${parts.join('')}</svg>`;
}

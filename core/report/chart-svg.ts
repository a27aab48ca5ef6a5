/*
 * One key result's chart as inline SVG: measured values against the expected path and the
 * forecast, with the target, today, gridlines, a legend and a tooltip on every measured point.
 * Shared by the VS Code dashboard and the HTML report, so both read the same way.
 *
 * Pure and self-contained (no zod, no Intl): the extension's client bundles this one file. No
 * script and no style attributes, so a strict CSP needs no exceptions; colours come from classes
 * the page's stylesheet maps to its theme, and every line also differs by its dash pattern, so
 * the chart reads in print and for people who do not tell the colours apart.
 *
 * Sizes are in CSS pixels at the natural width (WIDTH): a page should show the chart at that
 * width or wider (scrolling a narrow panel), never scale it down, so that text stays ≥ 12 px.
 */

/** A point of a chart: an ISO instant and a value. */
export interface ChartPoint {
  readonly at: string;
  readonly value: number;
}

/** What one chart shows. */
export interface ChartInput {
  /** The key result's id, kept on the chart as `data-key-result` for pages and tests to find it. */
  readonly keyResult?: string;
  /** The window drawn: ISO instants, the end exclusive (midnight after the last day). */
  readonly start: string;
  readonly end: string;
  /** The report's moment: a labelled line when inside the window. */
  readonly now: string;
  readonly target: number;
  /** Measured values, oldest first; a stretch without points is drawn as a gap, not as a line across. */
  readonly actual: readonly ChartPoint[];
  readonly expected: readonly ChartPoint[];
  readonly forecast: readonly ChartPoint[];
}

/** Words and formats of the chart, in the reader's language. */
export interface ChartText {
  /** The accessible title (also the tooltip of the whole chart). */
  readonly title: string;
  readonly formatValue: (value: number) => string;
  /** A date (no time) in the workspace's zone, for axis labels and tooltips. */
  readonly formatDate: (iso: string) => string;
  readonly legend: { readonly actual: string; readonly expected: string; readonly forecast: string; readonly target: string };
  /** The label of the today line. */
  readonly today: string;
}

export const CHART_WIDTH = 640;
export const CHART_HEIGHT = 280;
/** Text size in CSS pixels at the chart's natural width. */
export const CHART_FONT_SIZE = 12;
const PAD = { left: 72, right: 20, top: 40, bottom: 40 };

/** Escapes text for HTML and SVG content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char] as string);
}

const fixed = (value: number) => (Math.round(value * 10) / 10).toString();

/** Between 3 and 5 round tick values covering [low, high] (steps of 1, 2, 2.5 or 5 × 10^k). */
export function niceTicks(low: number, high: number): number[] {
  // A flat (or numerically flat) range: spread it around the value so the line sits mid-chart.
  if (!(high - low > Math.max(Math.abs(low), Math.abs(high)) * 1e-9 + 1e-12)) {
    const spread = Math.abs(low) * 0.5 || 1;
    return niceTicks(low - spread, high + spread);
  }
  const rough = (high - low) / 4;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  for (const multiple of [1, 2, 2.5, 5, 10, 20]) {
    const step = multiple * magnitude;
    // Division can underflow (a tiny negative low over a step of 2 is -0): step outwards when it did.
    let first = Math.floor(low / step) * step;
    if (first > low) first -= step;
    let last = Math.ceil(high / step) * step;
    if (last < high) last += step;
    const count = Math.round((last - first) / step) + 1;
    if (count <= 5) {
      const ticks: number[] = [];
      // Rounded to the step's precision, so 0.1 + 0.2 shows as 0.3.
      const decimals = Math.min(20, Math.max(0, -Math.floor(Math.log10(step)) + 2));
      for (let index = 0; index < count; index += 1) ticks.push(Number((first + index * step).toFixed(decimals)));
      if (ticks.length >= 3) return ticks;
      // Two ticks only: add the midpoint so the axis has three labels.
      return [ticks[0] as number, Number(((ticks[0] as number) + step / 2).toFixed(Math.min(20, decimals + 1))), ticks[1] as number];
    }
  }
  return [low, (low + high) / 2, high];
}

/** Splits measured points where the spacing jumps: more than 3× the usual spacing (and more than a day and a half) means days without data. */
export function splitAtGaps(points: readonly ChartPoint[]): ChartPoint[][] {
  if (points.length < 2) return points.length === 0 ? [] : [[...points]];
  const spacings = points.slice(1).map((point, index) => Date.parse(point.at) - Date.parse((points[index] as ChartPoint).at)).sort((a, b) => a - b);
  // The lower median: with few points, one long gap must not become the usual spacing.
  const usual = spacings[Math.floor((spacings.length - 1) / 2)] as number;
  const limit = Math.max(usual * 3, 36 * 3_600_000);
  const segments: ChartPoint[][] = [[points[0] as ChartPoint]];
  for (let index = 1; index < points.length; index += 1) {
    const point = points[index] as ChartPoint;
    const gap = Date.parse(point.at) - Date.parse((points[index - 1] as ChartPoint).at);
    if (gap > limit) segments.push([point]);
    else (segments[segments.length - 1] as ChartPoint[]).push(point);
  }
  return segments;
}

/** Up to `count` instants evenly spread over [start, last day], for the date axis. */
function dateTicks(start: number, end: number, count: number): number[] {
  const last = end - 1;
  const days = Math.max(1, Math.floor((last - start) / 86_400_000));
  const ticks = Math.min(count, days + 1);
  return Array.from({ length: ticks }, (_, index) => start + Math.round((index * days) / (ticks - 1 || 1)) * 86_400_000);
}

/** The chart; its lines carry the classes actual, expected, forecast, target, today, grid and axis. */
export function renderChartSvg(input: ChartInput, text: ChartText): string {
  const start = Date.parse(input.start);
  const end = Date.parse(input.end);
  const values = [input.target, ...input.actual, ...input.expected, ...input.forecast].map((item) => (typeof item === 'number' ? item : item.value));
  const ticks = niceTicks(Math.min(...values), Math.max(...values));
  const low = ticks[0] as number;
  const high = ticks[ticks.length - 1] as number;
  const plotRight = CHART_WIDTH - PAD.right;
  const bottom = CHART_HEIGHT - PAD.bottom;
  const x = (instant: number) => PAD.left + ((instant - start) / (end - start)) * (plotRight - PAD.left);
  const y = (value: number) => PAD.top + ((high - value) / (high - low)) * (bottom - PAD.top);
  const pathOf = (points: readonly ChartPoint[]) => points.map((point, index) => `${index === 0 ? 'M' : 'L'}${fixed(x(Date.parse(point.at)))},${fixed(y(point.value))}`).join(' ');
  const font = `font-size="${CHART_FONT_SIZE}"`;
  const parts: string[] = [];

  for (const tick of ticks) {
    parts.push(`<line class="grid" x1="${PAD.left}" y1="${fixed(y(tick))}" x2="${plotRight}" y2="${fixed(y(tick))}"/>`);
    parts.push(`<text class="label" ${font} x="${PAD.left - 8}" y="${fixed(y(tick) + 4)}" text-anchor="end">${escapeHtml(text.formatValue(tick))}</text>`);
  }
  const days = dateTicks(start, end, 4);
  days.forEach((day, index) => {
    const anchor = index === 0 ? 'start' : index === days.length - 1 ? 'end' : 'middle';
    parts.push(`<line class="axis" x1="${fixed(x(day))}" y1="${bottom}" x2="${fixed(x(day))}" y2="${bottom + 5}"/>`);
    parts.push(`<text class="label" ${font} x="${fixed(x(day))}" y="${bottom + 20}" text-anchor="${anchor}">${escapeHtml(text.formatDate(new Date(day).toISOString()))}</text>`);
  });
  parts.push(`<line class="axis" x1="${PAD.left}" y1="${bottom}" x2="${plotRight}" y2="${bottom}"/>`);
  parts.push(`<line class="axis" x1="${PAD.left}" y1="${PAD.top}" x2="${PAD.left}" y2="${bottom}"/>`);

  const targetY = fixed(y(input.target));
  parts.push(`<line class="target" x1="${PAD.left}" y1="${targetY}" x2="${plotRight}" y2="${targetY}" stroke-dasharray="10 4 2 4"><title>${escapeHtml(`${text.legend.target}: ${text.formatValue(input.target)}`)}</title></line>`);

  const now = Date.parse(input.now);
  if (now > start && now < end) {
    parts.push(`<line class="today" x1="${fixed(x(now))}" y1="${PAD.top}" x2="${fixed(x(now))}" y2="${bottom}" stroke-dasharray="1 3"/>`);
    const anchor = x(now) > plotRight - 40 ? 'end' : x(now) < PAD.left + 40 ? 'start' : 'middle';
    parts.push(`<text class="label today-label" ${font} x="${fixed(x(now))}" y="${PAD.top - 6}" text-anchor="${anchor}">${escapeHtml(text.today)}</text>`);
  }

  const pathTitle = (label: string) => `<title>${escapeHtml(label)}</title>`;
  if (input.expected.length > 0) parts.push(`<path class="expected" d="${pathOf(input.expected)}" fill="none" stroke-dasharray="8 5">${pathTitle(text.legend.expected)}</path>`);
  if (input.forecast.length > 0) parts.push(`<path class="forecast" d="${pathOf(input.forecast)}" fill="none" stroke-dasharray="3 3">${pathTitle(text.legend.forecast)}</path>`);
  for (const segment of splitAtGaps(input.actual)) {
    if (segment.length > 1) parts.push(`<path class="actual" d="${pathOf(segment)}" fill="none">${pathTitle(text.legend.actual)}</path>`);
  }
  for (const point of input.actual) {
    const tooltip = `${text.formatDate(point.at)}: ${text.formatValue(point.value)}`;
    parts.push(`<circle class="actual-point" cx="${fixed(x(Date.parse(point.at)))}" cy="${fixed(y(point.value))}" r="3"><title>${escapeHtml(tooltip)}</title></circle>`);
  }

  parts.push(renderLegend(input, text));
  const title = escapeHtml(text.title);
  return `<svg class="chart" width="${CHART_WIDTH}" height="${CHART_HEIGHT}" viewBox="0 0 ${CHART_WIDTH} ${CHART_HEIGHT}" role="img" aria-label="${title}"${input.keyResult === undefined ? '' : ` data-key-result="${escapeHtml(input.keyResult)}"`}><title>${title}</title>${parts.join('')}</svg>`;
}

/** The chart's own legend, top left: only the lines it draws. */
function renderLegend(input: ChartInput, text: ChartText): string {
  const items: Array<{ className: string; label: string; dash?: string }> = [];
  if (input.actual.length > 0) items.push({ className: 'actual', label: text.legend.actual });
  if (input.expected.length > 0) items.push({ className: 'expected', label: text.legend.expected, dash: '8 5' });
  if (input.forecast.length > 0) items.push({ className: 'forecast', label: text.legend.forecast, dash: '3 3' });
  items.push({ className: 'target', label: text.legend.target, dash: '10 4 2 4' });
  let left = PAD.left;
  const parts: string[] = [];
  for (const item of items) {
    parts.push(`<line class="${item.className}" x1="${left}" y1="14" x2="${left + 22}" y2="14"${item.dash ? ` stroke-dasharray="${item.dash}"` : ''}/>`);
    parts.push(`<text class="label" font-size="${CHART_FONT_SIZE}" x="${left + 28}" y="18">${escapeHtml(item.label)}</text>`);
    // CJK glyphs are about a font size wide, Latin about half: enough room without measuring text.
    const width = [...item.label].reduce((sum, char) => sum + (/[\u2e80-\u9fff\uff00-\uffef]/.test(char) ? CHART_FONT_SIZE : CHART_FONT_SIZE * 0.6), 0);
    left += 28 + Math.ceil(width) + 18;
  }
  return `<g class="legend">${parts.join('')}</g>`;
}

/** The stylesheet rules a page needs for the chart (colours by class; `--chart-*` variables may override them per theme). */
export const CHART_STYLE = `
.chart { display: block; max-width: none; overflow: visible; }
.chart .grid { stroke: currentColor; stroke-opacity: 0.15; }
.chart .axis { stroke: currentColor; stroke-opacity: 0.55; }
.chart .label { fill: currentColor; }
.chart .today { stroke: currentColor; stroke-opacity: 0.7; stroke-width: 1.5; }
.chart .target { stroke: var(--chart-target, #1a7f37); stroke-width: 2; }
.chart .expected { stroke: var(--chart-expected, #8250df); stroke-width: 2; }
.chart .forecast { stroke: var(--chart-forecast, #bc4c00); stroke-width: 2; }
.chart .actual { stroke: var(--chart-actual, #0969da); stroke-width: 2.5; }
.chart .actual-point { fill: var(--chart-actual, #0969da); }
`;

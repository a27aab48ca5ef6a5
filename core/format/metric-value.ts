import type { Lang } from '../diagnostics';
import type { MetricUnit } from '../metrics/index';

/** How a number is shown: `lang` picks the locale's grouping and decimal marks (zh-CN and en agree today). */
export interface FormatOptions {
  readonly lang?: Lang;
}

// Built on first use, one per locale and precision: creating an Intl formatter loads ICU data
// (about 15 ms on these machines), which a Lambda cold start that shows no number should not pay.
const formats = new Map<string, Intl.NumberFormat>();
function formatNumber(amount: number, maximumFractionDigits: number, lang: Lang): string {
  const key = `${lang}:${maximumFractionDigits}`;
  let format = formats.get(key);
  if (!format) {
    // signDisplay 'negative': a value that rounds to zero shows as 0, never as -0.
    format = new Intl.NumberFormat(lang === 'zh-CN' ? 'zh-CN' : 'en-US', { maximumFractionDigits, signDisplay: 'negative' });
    formats.set(key, format);
  }
  return format.format(amount);
}

/**
 * The one way Flywheel shows a metric value to a person, by the metric's unit: a ratio (0-1) as a
 * percentage (0.025 → 2.5%), a percent (already 0-100) with a % sign, a count as a whole number
 * with thousands separators (1234567 → 1,234,567), any other unit with at most two decimals.
 * JSON output keeps the raw number; this is for text people read (messages, CLI, editor).
 */
export function formatMetricValue(amount: number, unit: MetricUnit, options: FormatOptions = {}): string {
  if (!Number.isFinite(amount)) return String(amount);
  const lang = options.lang ?? 'zh-CN';
  switch (unit) {
    case 'ratio': return `${formatNumber(amount * 100, 2, lang)}%`;
    case 'percent': return `${formatNumber(amount, 2, lang)}%`;
    case 'count': return formatNumber(amount, 0, lang);
    default: return formatNumber(amount, 2, lang);
  }
}

const OPERATOR_SIGN: Readonly<Record<string, string>> = { '>=': '≥', '<=': '≤', '!=': '≠', '==': '=', '=': '=', '>': '>', '<': '<' };
const CONDITION = /^\s*(>=|<=|==|!=|>|<|=)\s*(-?\d+(?:\.\d+)?)\s*(%?)\s*$/;

/**
 * A condition as people read it, its number in the metric's unit: `< 0.03` of a ratio shows as
 * `< 3%`, `>= 20000` of a count as `≥ 20,000`. A condition that does not parse shows as written.
 */
export function formatCondition(condition: string, unit: MetricUnit, options: FormatOptions = {}): string {
  const match = CONDITION.exec(condition);
  if (!match) return condition.trim();
  const number = Number(match[2]);
  // "3%" means 0.03 whatever the unit: shown as written, with its % sign.
  const shown = match[3] === '%' ? `${formatNumber(number, 2, options.lang ?? 'zh-CN')}%` : formatMetricValue(number, unit, options);
  return `${OPERATOR_SIGN[match[1] ?? ''] ?? match[1]} ${shown}`;
}

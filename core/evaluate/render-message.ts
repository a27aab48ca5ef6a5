import { parseCondition } from '../conditions';
import type { Lang } from '../diagnostics';
import { formatCondition, formatDuration, formatMetricValue } from '../format/index';
import { SEVERITY_TEXT, term } from '../i18n/glossary';
import type { MetricUnit } from '../metrics/index';

export { formatMetricValue } from '../format/index';

/** A number with its metric unit, so a message can show 0.0273 as 2.73%. */
export interface MeasuredValue {
  readonly amount: number;
  readonly unit: MetricUnit;
}

/** A value a message placeholder can take. */
export type MessageValue = string | number | MeasuredValue;

// The same pattern as the validator's template rule, so what it calls unknown is what gets the marker.
const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;

/**
 * What a placeholder nothing can fill shows: its name in square brackets (`{{post}}` in a
 * scheduled SOP sends `[post]`). Visible, so the gap is noticed, and never a `{{` that reads as
 * a broken template; the validator warns about each such placeholder before it is deployed.
 */
export function unfilledPlaceholder(name: string): string {
  return `[${name}]`;
}

/**
 * Fills `{{name}}` placeholders (names may be dotted, as in `{{check.value}}`): a number as a
 * count, a MeasuredValue by its unit. The result never contains `{{`: a placeholder without a
 * value shows as unfilledPlaceholder(name), and a stray `{{` (in the template or in a filled
 * title) is reduced to one brace.
 */
export function renderMessage(template: string, values: Readonly<Record<string, MessageValue | undefined>>): string {
  const filled = template.replace(PLACEHOLDER, (_placeholder, name: string) => {
    const value = Object.prototype.hasOwnProperty.call(values, name) ? values[name] : undefined;
    if (value === undefined) return unfilledPlaceholder(name);
    if (typeof value === 'string') return value;
    if (typeof value === 'number') return formatMetricValue(value, 'count');
    return formatMetricValue(value.amount, value.unit);
  });
  return filled.replace(/\{\{+/g, '{');
}

/** What a check knows when it sends a message; `time` comes already formatted in the workspace zone. */
export interface CheckMessageInput {
  readonly name: string;
  readonly title?: string;
  readonly metric: string;
  /** The metric's title in `lang`; the id when absent. */
  readonly metricTitle?: string;
  readonly unit: MetricUnit;
  readonly condition: string;
  readonly window: string;
  readonly severity?: string;
  readonly time?: string;
  readonly value?: number;
  /** The language of words in the values (severity, window); zh-CN by default. */
  readonly lang?: Lang;
}

/** The values for every placeholder a check message may use (the validator's list), `{{value}}` and `{{check.value}}` alike. */
export function buildCheckMessageValues(check: CheckMessageInput): Record<string, MessageValue | undefined> {
  const lang = check.lang ?? 'zh-CN';
  const value = check.value === undefined ? undefined : { amount: check.value, unit: check.unit };
  const threshold = parseCondition(check.condition);
  const condition = formatCondition(check.condition, check.unit, { lang });
  return {
    value,
    'check.value': value,
    check: check.name,
    'check.name': check.name,
    'check.title': check.title ?? check.name,
    'check.condition': condition,
    metric: check.metricTitle ?? check.metric,
    condition,
    threshold: threshold ? { amount: threshold.value, unit: threshold.percent ? 'ratio' : check.unit } : undefined,
    window: formatDuration(check.window, lang),
    severity: term(SEVERITY_TEXT, check.severity ?? 'warning', lang),
    time: check.time,
  };
}

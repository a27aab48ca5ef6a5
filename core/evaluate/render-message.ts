import { parseCondition } from '../conditions';
import type { MetricUnit } from '../metrics/index';

/** A number with its metric unit, so a message can show 0.0273 as 2.73%. */
export interface MeasuredValue {
  readonly amount: number;
  readonly unit: MetricUnit;
}

/** A value a message placeholder can take. */
export type MessageValue = string | number | MeasuredValue;

// The same pattern as the validator's template rule, so what it calls unknown is what stays as is.
const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;
// Built on first use: creating an Intl formatter loads ICU data (about 15 ms on these machines),
// which a Lambda cold start that renders no message should not pay.
let numberFormat: Intl.NumberFormat | undefined;
function formatNumber(amount: number): string {
  numberFormat ??= new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });
  return numberFormat.format(amount);
}

/**
 * Fills `{{name}}` placeholders (names may be dotted, as in `{{check.value}}`). A placeholder with
 * no value is left as written, so a typo shows up in the alert instead of vanishing.
 */
export function renderMessage(template: string, values: Readonly<Record<string, MessageValue | undefined>>): string {
  return template.replace(PLACEHOLDER, (placeholder, name: string) => {
    const value = Object.prototype.hasOwnProperty.call(values, name) ? values[name] : undefined;
    if (value === undefined) return placeholder;
    if (typeof value === 'string') return value;
    if (typeof value === 'number') return formatMetricValue(value, 'count');
    return formatMetricValue(value.amount, value.unit);
  });
}

/**
 * Formats a metric value for people: ratios (0-1) as percentages, percent values (already 0-100)
 * with a % sign, everything else as a number with thousands separators; at most 2 decimals.
 */
export function formatMetricValue(amount: number, unit: MetricUnit): string {
  if (!Number.isFinite(amount)) return String(amount);
  if (unit === 'ratio') return `${formatNumber(amount * 100)}%`;
  if (unit === 'percent') return `${formatNumber(amount)}%`;
  return formatNumber(amount);
}

/** What a check knows when it sends a message; `time` comes already formatted in the workspace zone. */
export interface CheckMessageInput {
  readonly name: string;
  readonly title?: string;
  readonly metric: string;
  readonly unit: MetricUnit;
  readonly condition: string;
  readonly window: string;
  readonly severity?: string;
  readonly time?: string;
  readonly value?: number;
}

/** The values for every placeholder a check message may use (the validator's list), `{{value}}` and `{{check.value}}` alike. */
export function buildCheckMessageValues(check: CheckMessageInput): Record<string, MessageValue | undefined> {
  const value = check.value === undefined ? undefined : { amount: check.value, unit: check.unit };
  const threshold = parseCondition(check.condition);
  return {
    value,
    'check.value': value,
    check: check.name,
    'check.name': check.name,
    'check.title': check.title ?? check.name,
    'check.condition': check.condition,
    metric: check.metric,
    condition: check.condition,
    threshold: threshold ? { amount: threshold.value, unit: check.unit } : undefined,
    window: check.window,
    severity: check.severity ?? 'warning',
    time: check.time,
  };
}

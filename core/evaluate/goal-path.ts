import { meetsCondition, parseCondition, type Condition } from '../conditions';
import { parseDate, windowInstants } from '../time/index';

/** A point of a path or a trend: an instant and a value. */
export interface TimedValue {
  readonly time: number;
  readonly value: number;
}

/** A key result's target read as a goal line: its value, the direction of progress and when it counts as met. */
export interface TargetRule {
  readonly value: number;
  /** +1 when progress means rising, -1 falling, 0 when the target has no direction (== or !=). */
  readonly direction: 1 | -1 | 0;
  readonly condition: Condition;
}

/**
 * Reads a target: a plain number means "reach it" from the baseline's side (rising when target ≥
 * baseline), a condition's operator sets the direction itself (">= 0.30" rises, "< 100" falls).
 */
export function resolveTarget(target: number | string, baseline: number | undefined): TargetRule {
  if (typeof target === 'number') {
    const rising = baseline === undefined || target >= baseline;
    return { value: target, direction: rising ? 1 : -1, condition: { operator: rising ? '>=' : '<=', value: target, percent: false } };
  }
  const condition = parseCondition(target);
  if (!condition) throw new RangeError(`Not a target: "${target}" (expected a number or a condition such as ">= 0.30")`);
  const { operator } = condition;
  const direction = operator === '>' || operator === '>=' ? 1 : operator === '<' || operator === '<=' ? -1 : 0;
  return { value: condition.value, direction, condition };
}

/** Whether a value meets the target. */
export function meetsTarget(value: number, target: TargetRule): boolean {
  return meetsCondition(value, target.condition);
}

/**
 * The expected path: straight lines from (start, baseline) through the milestones to (end, target).
 * A milestone is due at the end of its date in the zone, as the window's end date is.
 */
export function buildExpectedPath(
  window: { readonly start: number; readonly end: number }, baseline: number, target: number,
  milestones: readonly { readonly date: string; readonly value: number }[], timeZone: string,
): TimedValue[] {
  const inner: TimedValue[] = [];
  for (const milestone of milestones) {
    const date = parseDate(milestone.date);
    if (!date) continue;
    const due = windowInstants(date, date, timeZone).until;
    if (due > window.start && due < window.end) inner.push({ time: due, value: milestone.value });
  }
  inner.sort((left, right) => left.time - right.time);
  return [{ time: window.start, value: baseline }, ...inner, { time: window.end, value: target }];
}

/** The path's value at an instant, held flat before its first point and after its last. */
export function interpolatePath(path: readonly TimedValue[], at: number): number {
  const first = path[0];
  if (!first) throw new RangeError('An expected path needs at least one point');
  if (at <= first.time) return first.value;
  for (let position = 1; position < path.length; position++) {
    const left = path[position - 1] as TimedValue;
    const right = path[position] as TimedValue;
    if (at <= right.time) return left.value + ((right.value - left.value) * (at - left.time)) / (right.time - left.time);
  }
  return (path[path.length - 1] as TimedValue).value;
}

/**
 * Ordinary least-squares line through the samples, evaluated at `at`; undefined with fewer than
 * two samples or when they all share one instant. Times are centred first: epoch milliseconds
 * squared would lose precision.
 */
export function extrapolateTrend(samples: readonly TimedValue[], at: number): number | undefined {
  if (samples.length < 2) return undefined;
  const meanTime = samples.reduce((total, sample) => total + sample.time, 0) / samples.length;
  const meanValue = samples.reduce((total, sample) => total + sample.value, 0) / samples.length;
  let covariance = 0;
  let variance = 0;
  for (const sample of samples) {
    covariance += (sample.time - meanTime) * (sample.value - meanValue);
    variance += (sample.time - meanTime) ** 2;
  }
  if (variance === 0) return undefined;
  return meanValue + (covariance / variance) * (at - meanTime);
}

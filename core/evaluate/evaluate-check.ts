import { meetsCondition, parseCondition, type Condition, type Operator } from '../conditions';
import { parseDurationMinutes } from '../time/index';
import { aggregateMetric } from './aggregate-metric';
import type { MetricCatalogue } from './metric-catalogue';
import type { PointIndex, Where } from './point-index';

/** What a check remembers between evaluations. */
export interface CheckState {
  /** Failing evaluations in a row; evaluations without data neither add to it nor reset it. */
  readonly consecutiveFailures: number;
  /** Whether a `fired` event went out and no `resolved` has followed it yet. */
  readonly firing: boolean;
  /** Whether the latest evaluation had no data (so the `no-data` event is not repeated). */
  readonly noData: boolean;
}

/** An event a check evaluation emits, for notify and SOP triggers. */
export interface CheckEvent {
  readonly type: 'fired' | 'resolved' | 'no-data';
  readonly value?: number;
}

/** The check rule: `condition` says when the check fails; `for` failing evaluations in a row fire it (default 1). */
export interface CheckRule {
  readonly condition: string;
  readonly for?: number;
}

/** A check's state after an evaluation, and the event to send, if any. */
export interface CheckOutcome {
  readonly state: CheckState;
  readonly event?: CheckEvent;
}

const INITIAL_STATE: CheckState = { consecutiveFailures: 0, firing: false, noData: false };

const OPPOSITE: Readonly<Record<Operator, Operator>> = { '>': '<=', '>=': '<', '<': '>=', '<=': '>', '==': '!=', '!=': '==' };

/**
 * Advances a check by one evaluation.
 *
 * - A failing value counts towards `for`; the check fires once when the count reaches it and stays
 *   silent while it keeps failing. A passing value resets the count and, if the check was firing,
 *   sends one `resolved`.
 * - No data sends one `no-data` event per gap, and otherwise changes nothing: the failure count is
 *   kept (a flaky import must not hide a real breach, nor add to one) and a firing check stays
 *   firing, since only a passing measurement proves recovery.
 */
export function evaluateCheck(previous: CheckState | undefined, measured: number | undefined, rule: CheckRule): CheckOutcome {
  const state = previous ?? INITIAL_STATE;
  if (measured === undefined || Number.isNaN(measured)) {
    const next = { ...state, noData: true };
    return state.noData ? { state: next } : { state: next, event: { type: 'no-data' } };
  }
  const failing = meetsCondition(measured, requireCondition(rule.condition));
  if (!failing) {
    const next = { consecutiveFailures: 0, firing: false, noData: false };
    return state.firing ? { state: next, event: { type: 'resolved', value: measured } } : { state: next };
  }
  const consecutiveFailures = state.consecutiveFailures + 1;
  if (state.firing || consecutiveFailures < (rule.for ?? 1)) {
    return { state: { consecutiveFailures, firing: state.firing, noData: false } };
  }
  return { state: { consecutiveFailures, firing: true, noData: false }, event: { type: 'fired', value: measured } };
}

/** Turns a campaign KPI target (what success looks like) into the check condition that fires when it is missed: ">= 0.05" → "< 0.05". */
export function kpiToCheckCondition(target: string): string {
  const match = /^\s*(>=|<=|==|!=|>|<|=)\s*(.+?)\s*$/.exec(target);
  requireCondition(target);
  const operator = (match?.[1] === '=' ? '==' : match?.[1]) as Operator;
  // The number keeps its written form ("3%" stays "3%") so the message reads as the user wrote it.
  return `${OPPOSITE[operator]} ${match?.[2] ?? ''}`;
}

/** Measures a check's metric over the window that ends at `now`: (now − window, now]. */
export function measureCheck(
  index: PointIndex, catalogue: MetricCatalogue, check: { readonly metric: string; readonly window: string; readonly where?: Where }, now: number,
): number | undefined {
  const minutes = parseDurationMinutes(check.window);
  if (minutes === undefined) throw new RangeError(`Not a duration: "${check.window}" (expected such as 30m, 2h, 7d, 4w)`);
  return aggregateMetric(index, catalogue, check.metric, { from: now - minutes * 60_000, to: now, where: check.where });
}

function requireCondition(source: string): Condition {
  const condition = parseCondition(source);
  // The validator rejects bad conditions before anything runs, so reaching here is a caller bug.
  if (!condition) throw new RangeError(`Not a condition: "${source}" (expected such as ">= 0.05" or "< 3%")`);
  return condition;
}

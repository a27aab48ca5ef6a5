import { describe, expect, it } from 'vitest';
import { buildMetricCatalogue, evaluateCheck, indexPoints, kpiToCheckCondition, measureCheck, type CheckRule, type CheckState } from './index';

/** Runs a sequence of measurements through a check and lists the events, '-' for none. */
function run(measurements: readonly (number | undefined)[], rule: CheckRule): string[] {
  let state: CheckState | undefined;
  return measurements.map((measured) => {
    const outcome = evaluateCheck(state, measured, rule);
    state = outcome.state;
    return outcome.event ? `${outcome.event.type}${outcome.event.value === undefined ? '' : `:${outcome.event.value}`}` : '-';
  });
}

describe('evaluateCheck', () => {
  const spike: CheckRule = { condition: '> 20', for: 2 };

  it('fires on the second consecutive failure with for: 2, once, and recovers once', () => {
    expect(run([5, 25, 30, 40, 41, 10, 8], spike)).toEqual(['-', '-', 'fired:30', '-', '-', 'resolved:10', '-']);
  });

  it('fires on the first failure by default', () => {
    expect(run([25, 26, 3], { condition: '> 20' })).toEqual(['fired:25', '-', 'resolved:3']);
  });

  it('does not fire while failures keep being interrupted by passes (flapping)', () => {
    expect(run([25, 10, 25, 10, 25, 10], spike)).toEqual(['-', '-', '-', '-', '-', '-']);
  });

  it('fires and resolves on every real swing with for: 1', () => {
    expect(run([25, 10, 25, 10], { condition: '> 20' })).toEqual(['fired:25', 'resolved:10', 'fired:25', 'resolved:10']);
  });

  it('reports no data once per gap, neither passing nor firing', () => {
    expect(run([undefined, undefined, 5, undefined, undefined], spike)).toEqual(['no-data', '-', '-', 'no-data', '-']);
  });

  it('keeps the failure count across missing data, so fail, gap, fail fires', () => {
    expect(run([25, undefined, 25], spike)).toEqual(['-', 'no-data', 'fired:25']);
  });

  it('keeps firing through a gap: no resolved until a passing value arrives', () => {
    expect(run([25, 25, undefined, 25, 5], spike)).toEqual(['-', 'fired:25', 'no-data', '-', 'resolved:5']);
  });

  it('treats a percent condition as a fraction', () => {
    expect(run([0.031, 0.029], { condition: '< 3%' })).toEqual(['-', 'fired:0.029']);
  });

  it('refuses a condition that is not one', () => {
    expect(() => evaluateCheck(undefined, 1, { condition: 'more than 20' })).toThrow(RangeError);
  });
});

describe('kpiToCheckCondition', () => {
  it('negates each operator and keeps the number as written', () => {
    expect(['>= 0.05', '> 1000', '< 3%', '<= 10', '== 1', '!= 0', '= 2'].map(kpiToCheckCondition))
      .toEqual(['< 0.05', '<= 1000', '>= 3%', '> 10', '!= 1', '== 0', '!= 2']);
  });

  it('makes a check that fires exactly when the KPI target is missed', () => {
    const condition = kpiToCheckCondition('>= 0.05');
    expect(run([0.06, 0.05, 0.049], { condition })).toEqual(['-', '-', 'fired:0.049']);
  });
});

describe('measureCheck', () => {
  it('aggregates over the look-back window ending at now', () => {
    const hour = 3_600_000;
    const index = indexPoints([0.5, 1, 1.25, 2].map((hours) => ({ time: hours * hour, metric: 'negative_mentions', value: 10 })));
    const catalogue = buildMetricCatalogue();
    expect(measureCheck(index, catalogue, { metric: 'negative_mentions', window: '1h' }, 2 * hour)).toBe(20);
    expect(measureCheck(index, catalogue, { metric: 'negative_mentions', window: '2h' }, 2 * hour)).toBe(40);
    expect(measureCheck(index, catalogue, { metric: 'negative_mentions', window: '30m' }, 5 * hour)).toBeUndefined();
  });
});

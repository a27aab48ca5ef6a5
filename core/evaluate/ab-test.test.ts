import { describe, expect, it } from 'vitest';
import { decideAbTest, normalCdf, twoProportionZTest } from './index';

describe('normalCdf', () => {
  it('matches table values', () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 7);
    expect(normalCdf(1.96)).toBeCloseTo(0.9750021, 6);
    expect(normalCdf(-1)).toBeCloseTo(0.1586553, 6);
    expect(normalCdf(3)).toBeCloseTo(0.9986501, 6);
  });
});

describe('twoProportionZTest', () => {
  it('gives the textbook value for 200/1000 vs 250/1000', () => {
    const { z, pValue } = twoProportionZTest(200, 1000, 250, 1000);
    expect(z).toBeCloseTo(-2.677, 3);
    expect(pValue).toBeCloseTo(0.0074, 4);
  });

  it('is symmetric and gives p = 1 for equal rates', () => {
    expect(twoProportionZTest(250, 1000, 200, 1000).z).toBeCloseTo(2.677, 3);
    const equal = twoProportionZTest(50, 500, 100, 1000);
    expect(equal.z).toBe(0);
    expect(equal.pValue).toBeCloseTo(1, 6);
    expect(twoProportionZTest(0, 100, 0, 100)).toEqual({ z: 0, pValue: 1 });
  });

  it('rejects impossible counts', () => {
    expect(() => twoProportionZTest(5, 0, 1, 10)).toThrow(RangeError);
    expect(() => twoProportionZTest(11, 10, 1, 10)).toThrow(RangeError);
  });
});

describe('decideAbTest', () => {
  it('names the better variant as winner when p < alpha', () => {
    const decision = decideAbTest([{ id: 'a', successes: 200, trials: 1000 }, { id: 'b', successes: 250, trials: 1000 }]);
    expect(decision).toMatchObject({ verdict: 'winner', winner: 'b', rates: { a: 0.2, b: 0.25 } });
    expect(decision.pValue).toBeCloseTo(0.0074, 4);
  });

  it('says no-difference when p >= alpha', () => {
    const decision = decideAbTest([{ id: 'a', successes: 200, trials: 1000 }, { id: 'b', successes: 215, trials: 1000 }]);
    expect(decision.verdict).toBe('no-difference');
    expect(decision.winner).toBeUndefined();
    expect(decideAbTest([{ id: 'a', successes: 200, trials: 1000 }, { id: 'b', successes: 250, trials: 1000 }], { alpha: 0.005 }).verdict).toBe('no-difference');
  });

  it('waits for minTrials on every variant', () => {
    const few = [{ id: 'a', successes: 20, trials: 100 }, { id: 'b', successes: 60, trials: 100 }];
    expect(decideAbTest(few)).toEqual({ verdict: 'insufficient-data', rates: { a: 0.2, b: 0.6 } });
    expect(decideAbTest(few, { minTrials: 100 }).verdict).toBe('winner');
    expect(decideAbTest([{ id: 'a', successes: 200, trials: 1000 }]).verdict).toBe('insufficient-data');
  });

  it('compares the best two of several variants', () => {
    const decision = decideAbTest([
      { id: 'a', successes: 100, trials: 1000 }, { id: 'b', successes: 250, trials: 1000 }, { id: 'c', successes: 240, trials: 1000 },
    ]);
    expect(decision.verdict).toBe('no-difference');
  });
});

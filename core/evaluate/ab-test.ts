/** One arm of an A/B test: how many saw it (trials) and how many converted (successes). */
export interface AbVariant {
  readonly id: string;
  readonly successes: number;
  readonly trials: number;
}

/** Options of decideAbTest. */
export interface AbTestOptions {
  /** Trials every variant needs before any verdict. @default 1000 */
  readonly minTrials?: number;
  /** Significance level of the two-sided test. @default 0.05 */
  readonly alpha?: number;
}

/** The verdict of an A/B test, with every variant's success rate. */
export interface AbDecision {
  readonly verdict: 'winner' | 'no-difference' | 'insufficient-data';
  readonly winner?: string;
  readonly pValue?: number;
  readonly rates: Readonly<Record<string, number>>;
}

/**
 * Standard normal CDF by Abramowitz & Stegun, Handbook of Mathematical Functions (1964),
 * formula 26.2.17: absolute error below 7.5e-8, plenty for a significance test.
 */
export function normalCdf(x: number): number {
  const t = 1 / (1 + 0.2316419 * Math.abs(x));
  const density = Math.exp(-(x * x) / 2) / Math.sqrt(2 * Math.PI);
  const polynomial = t * (0.319381530 + t * (-0.356563782 + t * (1.781477937 + t * (-1.821255978 + t * 1.330274429))));
  const upperTail = density * polynomial;
  return x >= 0 ? 1 - upperTail : upperTail;
}

/**
 * Two-sided two-proportion z-test with the pooled standard error (normal approximation).
 * z is negative when A's rate is below B's; identical all-or-nothing rates give z 0, p 1.
 */
export function twoProportionZTest(successesA: number, trialsA: number, successesB: number, trialsB: number): { z: number; pValue: number } {
  requireCounts(successesA, trialsA);
  requireCounts(successesB, trialsB);
  const pooled = (successesA + successesB) / (trialsA + trialsB);
  const standardError = Math.sqrt(pooled * (1 - pooled) * (1 / trialsA + 1 / trialsB));
  if (standardError === 0) return { z: 0, pValue: 1 };
  const z = (successesA / trialsA - successesB / trialsB) / standardError;
  return { z, pValue: Math.min(1, 2 * (1 - normalCdf(Math.abs(z)))) };
}

/**
 * Decides an A/B(/n) test: insufficient-data until every variant has minTrials; then the two
 * variants with the best rates are compared, and the better one wins when p < alpha. With more
 * than two variants this is not corrected for multiple comparisons: it only asks whether the
 * leader beats the runner-up. A variant with no trials has rate 0.
 */
export function decideAbTest(variants: readonly AbVariant[], options: AbTestOptions = {}): AbDecision {
  const minTrials = options.minTrials ?? 1000;
  const alpha = options.alpha ?? 0.05;
  if (!(alpha > 0 && alpha < 1)) throw new RangeError(`alpha must lie between 0 and 1, got ${alpha}`);
  const rates: Record<string, number> = {};
  for (const variant of variants) {
    requireCounts(variant.successes, variant.trials, true);
    rates[variant.id] = variant.trials > 0 ? variant.successes / variant.trials : 0;
  }
  const enough = variants.length >= 2 && variants.every((variant) => variant.trials >= Math.max(1, minTrials));
  if (!enough) return { verdict: 'insufficient-data', rates };
  const [best, runnerUp] = [...variants].sort((left, right) => (rates[right.id] ?? 0) - (rates[left.id] ?? 0));
  if (!best || !runnerUp) return { verdict: 'insufficient-data', rates };
  const { pValue } = twoProportionZTest(best.successes, best.trials, runnerUp.successes, runnerUp.trials);
  return pValue < alpha ? { verdict: 'winner', winner: best.id, pValue, rates } : { verdict: 'no-difference', pValue, rates };
}

function requireCounts(successes: number, trials: number, allowEmpty = false): void {
  const valid = Number.isInteger(successes) && Number.isInteger(trials) && (allowEmpty ? trials >= 0 : trials > 0) && successes >= 0 && successes <= trials;
  if (!valid) throw new RangeError(`Expected whole numbers with 0 <= successes <= trials${allowEmpty ? '' : ' and trials > 0'}, got ${successes} of ${trials}`);
}

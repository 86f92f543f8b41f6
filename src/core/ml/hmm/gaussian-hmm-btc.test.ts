import { beforeAll, describe, expect, it } from 'vitest';
import { BTC_PERP, BTC_PERP_SAMPLE } from '../../../../test/support/btc-perp.ts';
import { loadBars } from '../../../adapters/data/index.ts';
import { fitGaussianHmm, type GaussianHmmFit } from './fit-gaussian-hmm.ts';
import { HmmFilter } from './hmm-filter.ts';
import { labelRegimes, Regime } from './label-regimes.ts';
import { viterbi } from './viterbi.ts';

/** Real data: FTX BTC-PERP 1-minute closes, January 2022 (45,031 bars → 45,030 log returns). */
let returns: Float64Array;
let fit: GaussianHmmFit;

beforeAll(async () => {
  const { series } = await loadBars({ path: BTC_PERP_SAMPLE, instrumentId: BTC_PERP.id, timeframe: '1m' });
  returns = new Float64Array(series.length - 1);
  for (let i = 1; i < series.length; i++) returns[i - 1] = Math.log(series.close[i] / series.close[i - 1]);
  fit = fitGaussianHmm(returns, { states: 3, restarts: 2, seed: 1 });
});

describe('Gaussian HMM on BTC-PERP 1-minute log returns', () => {
  it('fits three persistent states that explain the returns far better than one normal', () => {
    expect(returns.length).toBe(45_030);
    expect(fit.converged).toBe(true);
    const single = fitGaussianHmm(returns, { states: 1, restarts: 1 });
    // Volatility clustering: the regime model gains thousands of log-likelihood units over one Gaussian.
    expect(fit.logLikelihood - single.logLikelihood).toBeGreaterThan(5_000);
    for (let k = 0; k < 3; k++)
      expect(fit.transitions[k * 3 + k], `state ${k} lasts many minutes`).toBeGreaterThan(0.8);
  });

  it('labels one bull, one bear and one range state, ordered by mean, volatility ranks following the variances', () => {
    const labels = labelRegimes(fit);
    expect(labels.map((label) => label.regime).sort()).toEqual([Regime.Bear, Regime.Bull, Regime.Range]);
    const bull = labels.find((label) => label.regime === Regime.Bull)!;
    const bear = labels.find((label) => label.regime === Regime.Bear)!;
    const range = labels.find((label) => label.regime === Regime.Range)!;
    expect(bull.mean).toBeGreaterThan(range.mean);
    expect(range.mean).toBeGreaterThan(bear.mean);
    const byVariance = Array.from(fit.variances.keys()).sort((a, b) => fit.variances[a] - fit.variances[b]);
    expect(byVariance.map((state) => labels[state].volatilityRank)).toEqual([0, 1, 2]);
    // Per-minute volatilities of BTC: between 1 and 50 basis points, and clearly distinct.
    for (const label of labels) expect(label.volatility).toBeGreaterThan(1e-4);
    for (const label of labels) expect(label.volatility).toBeLessThan(5e-3);
    const calmest = labels[byVariance[0]].volatility;
    const wildest = labels[byVariance[2]].volatility;
    expect(wildest / calmest, 'the volatile regime is several times the calm one').toBeGreaterThan(3);
  });

  it('decodes the volatile state where the moves are large, and the online filter agrees with hindsight mostly', () => {
    const path = viterbi(fit, returns).states;
    const wildest = Array.from(fit.variances.keys()).sort((a, b) => fit.variances[b] - fit.variances[a])[0];
    let wildSum = 0;
    let wildCount = 0;
    let otherSum = 0;
    for (let t = 0; t < returns.length; t++)
      if (path[t] === wildest) {
        wildSum += Math.abs(returns[t]);
        wildCount++;
      } else otherSum += Math.abs(returns[t]);
    expect(wildCount).toBeGreaterThan(100);
    const otherMean = otherSum / (returns.length - wildCount);
    expect(wildSum / wildCount, 'mean |return| in the decoded volatile minutes').toBeGreaterThan(2 * otherMean);
    const filter = new HmmFilter(fit);
    let agree = 0;
    for (let t = 0; t < returns.length; t++) {
      filter.update(returns[t]);
      if (filter.mostLikelyState === path[t]) agree++;
    }
    expect(agree / returns.length, 'filtered (no look-ahead) vs Viterbi (hindsight) regime').toBeGreaterThan(0.8);
  });
});

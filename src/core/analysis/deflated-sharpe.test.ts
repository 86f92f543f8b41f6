import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../kernel/random.ts';
import { deflatedSharpe, expectedMaximumSharpe, probabilisticSharpe } from './deflated-sharpe.ts';
import { normalCdf, normalQuantile } from './normal-distribution.ts';

describe('normalCdf', () => {
  it('inverts normalQuantile and is symmetric', () => {
    for (const p of [0.001, 0.025, 0.1, 0.5, 0.8, 0.975, 0.999])
      expect(normalCdf(normalQuantile(p)), `Φ(Φ⁻¹(${p}))`).toBeCloseTo(p, 6);
    for (const x of [0.3, 1, 2.5]) expect(normalCdf(-x)).toBeCloseTo(1 - normalCdf(x), 7);
    expect(normalCdf(0)).toBeCloseTo(0.5, 6);
  });
});

describe('probabilisticSharpe', () => {
  it('for normal returns is Φ(SR √(T − 1) / √(1 + SR²/2)) against a zero benchmark', () => {
    const sr = 0.1;
    const expected = normalCdf((0.1 * Math.sqrt(99)) / Math.sqrt(1 + 0.01 / 2));
    expect(probabilisticSharpe({ sharpe: sr, benchmark: 0, observations: 100, skewness: 0, kurtosis: 3 })).toBeCloseTo(
      expected,
      10,
    );
  });

  it('is lower for negatively skewed, fat-tailed returns of the same Sharpe ratio', () => {
    const normal = probabilisticSharpe({ sharpe: 0.1, benchmark: 0, observations: 250, skewness: 0, kurtosis: 3 });
    const fat = probabilisticSharpe({ sharpe: 0.1, benchmark: 0, observations: 250, skewness: -2, kurtosis: 12 });
    expect(fat).toBeLessThan(normal);
  });

  it('is 0.5 at the benchmark and 0 without two observations', () => {
    expect(
      probabilisticSharpe({ sharpe: 0.2, benchmark: 0.2, observations: 50, skewness: 0, kurtosis: 3 }),
    ).toBeCloseTo(0.5, 7);
    expect(probabilisticSharpe({ sharpe: 0.2, benchmark: 0, observations: 1, skewness: 0, kurtosis: 3 })).toBe(0);
  });
});

describe('expectedMaximumSharpe', () => {
  it('matches the mean maximum of N simulated zero-edge Sharpe ratios (Monte Carlo, seeded)', () => {
    const random = new SeededRandom(11);
    const gaussian = (): number => Math.sqrt(-2 * Math.log(1 - random.next())) * Math.cos(2 * Math.PI * random.next());
    for (const trials of [10, 100, 1000]) {
      const variance = 0.04;
      let sum = 0;
      const repeats = 2000;
      for (let r = 0; r < repeats; r++) {
        let best = Number.NEGATIVE_INFINITY;
        for (let t = 0; t < trials; t++) best = Math.max(best, Math.sqrt(variance) * gaussian());
        sum += best;
      }
      const simulated = sum / repeats;
      expect(
        Math.abs(expectedMaximumSharpe(trials, variance) / simulated - 1),
        `${trials} trials: formula ${expectedMaximumSharpe(trials, variance)} vs simulated ${simulated}`,
      ).toBeLessThan(0.05);
    }
  });

  it('is 0 for one trial and grows with the number of trials', () => {
    expect(expectedMaximumSharpe(1, 0.5)).toBe(0);
    expect(expectedMaximumSharpe(100, 0.5)).toBeLessThan(expectedMaximumSharpe(1000, 0.5));
    expect(() => expectedMaximumSharpe(0, 0.5)).toThrow(/trials/);
  });
});

describe('deflatedSharpe', () => {
  it('works the published example by hand: SR 2.5 a year over 5 years of days, 100 trials of variance 0.5, γ₃ −3, γ₄ 10', () => {
    // Per-period figures on 250 days a year; SR₀ = √(0.5/250) · (0.4228·Φ⁻¹(0.99) + 0.5772·Φ⁻¹(1 − 1/(100e))).
    const perDay = Math.sqrt(250);
    const result = deflatedSharpe({
      sharpe: 2.5 / perDay,
      trials: 100,
      sharpeVariance: 0.5 / 250,
      observations: 1250,
      skewness: -3,
      kurtosis: 10,
    });
    const gamma = 0.5772156649015329;
    const benchmark =
      Math.sqrt(0.5 / 250) * ((1 - gamma) * normalQuantile(0.99) + gamma * normalQuantile(1 - 1 / (100 * Math.E)));
    expect(result.benchmark).toBeCloseTo(benchmark, 12);
    expect(result.benchmark * perDay, 'SR₀ a year').toBeCloseTo(1.789, 3);
    expect(result.probability, 'the paper reports DSR ≈ 0.9004').toBeCloseTo(0.9004, 3);
  });

  it('the more trials were searched, the less the same Sharpe ratio is worth', () => {
    const base = { sharpe: 0.08, sharpeVariance: 0.001, observations: 500, skewness: 0, kurtosis: 3 };
    const few = deflatedSharpe({ ...base, trials: 5 }).probability;
    const many = deflatedSharpe({ ...base, trials: 5000 }).probability;
    expect(few).toBeGreaterThan(many);
    expect(deflatedSharpe({ ...base, trials: 1 }).probability).toBeCloseTo(
      probabilisticSharpe({ ...base, benchmark: 0 }),
      12,
    );
  });
});

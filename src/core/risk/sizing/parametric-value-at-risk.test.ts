import { describe, expect, it } from 'vitest';
import { normalDensity, normalQuantile } from '../../analysis/normal-distribution.ts';
import { covarianceMatrix, parametricValueAtRisk } from './parametric-value-at-risk.ts';

// Φ⁻¹ from published tables (to 16 digits, e.g. R's qnorm).
const Z95 = 1.6448536269514722;
const Z99 = 2.3263478740408408;

describe('normalQuantile', () => {
  it('matches published values within Acklam’s 1.15e-9 relative error', () => {
    const cases: [number, number][] = [
      [0.95, Z95],
      [0.99, Z99],
      [0.975, 1.959963984540054],
      [0.999, 3.090232306167813],
      [1e-6, -4.753424308822899],
      [0.5, 0],
    ];
    for (const [p, z] of cases)
      expect(Math.abs(normalQuantile(p) - z), `Φ⁻¹(${p})`).toBeLessThanOrEqual(1.2e-9 * Math.max(1, Math.abs(z)));
    expect(normalQuantile(0.01)).toBeCloseTo(-normalQuantile(0.99), 9);
    expect(() => normalQuantile(1)).toThrow(/p must be in \(0, 1\)/);
  });
});

describe('parametricValueAtRisk', () => {
  it('is z · σ · |value| for one position: 2.3263 × 0.02 × 10,000 = 465.27 at 99%', () => {
    const long = parametricValueAtRisk({ exposures: [10_000], covariance: [[0.0004]], confidence: 0.99 });
    expect(long.valueAtRisk).toBeCloseTo(Z99 * 0.02 * 10_000, 5);
    const short = parametricValueAtRisk({ exposures: [-10_000], covariance: [[0.0004]], confidence: 0.99 });
    expect(short.valueAtRisk, 'a short risks as much').toBeCloseTo(long.valueAtRisk, 9);
    // Normal ES at 97.5%: φ(1.96) / 0.025 = 2.3378 σ.
    const es = parametricValueAtRisk({ exposures: [10_000], covariance: [[0.0004]], confidence: 0.975 });
    expect(es.expectedShortfall).toBeCloseTo((normalDensity(1.959963984540054) / 0.025) * 200, 5);
    expect(es.expectedShortfall / 200).toBeCloseTo(2.3378, 4);
  });

  it('combines two positions through the covariance: √92,500 × 1.6449 at 95%', () => {
    // w = (10,000, 5,000), σ = (0.02, 0.03), ρ = 0.5: 40,000 + 2 × 10,000 × 5,000 × 0.0003 + 22,500 = 92,500.
    const covariance = [
      [0.0004, 0.0003],
      [0.0003, 0.0009],
    ];
    const risk = parametricValueAtRisk({ exposures: [10_000, 5_000], covariance, confidence: 0.95 });
    expect(risk.standardDeviation).toBeCloseTo(Math.sqrt(92_500), 9);
    expect(risk.valueAtRisk).toBeCloseTo(Z95 * Math.sqrt(92_500), 5);
    // ρ = 1: no diversification, VaR = z × (200 + 150).
    const together = parametricValueAtRisk({
      exposures: [10_000, 5_000],
      covariance: [
        [0.0004, 0.0006],
        [0.0006, 0.0009],
      ],
      confidence: 0.95,
    });
    expect(together.valueAtRisk).toBeCloseTo(Z95 * 350, 5);
    // A 4-period horizon doubles σ.
    const longer = parametricValueAtRisk({ exposures: [10_000, 5_000], covariance, confidence: 0.95, horizon: 4 });
    expect(longer.valueAtRisk).toBeCloseTo(2 * risk.valueAtRisk, 9);
  });

  it('rejects a covariance of the wrong shape, asymmetric or not positive semi-definite', () => {
    expect(() => parametricValueAtRisk({ exposures: [1, 2], covariance: [[1]], confidence: 0.95 })).toThrow(
      /1 rows for 2/,
    );
    const asymmetric = [
      [1, 0.5],
      [0.4, 1],
    ];
    expect(() => parametricValueAtRisk({ exposures: [1, 1], covariance: asymmetric, confidence: 0.95 })).toThrow(
      /not symmetric at \[0\]\[1\]/,
    );
    const indefinite = [
      [1, 2],
      [2, 1],
    ];
    expect(() => parametricValueAtRisk({ exposures: [1, -1], covariance: indefinite, confidence: 0.95 })).toThrow(
      /positive semi-definite/,
    );
  });
});

describe('covarianceMatrix', () => {
  it('gives sample covariances by hand: x = 1…4, y = 2x', () => {
    // mean x 2.5, Σ(x − 2.5)² = 5 → 5/3; cov = 10/3; var y = 20/3.
    const matrix = covarianceMatrix([
      [1, 2, 3, 4],
      [2, 4, 6, 8],
    ]);
    expect(matrix[0]![0]).toBeCloseTo(5 / 3, 14);
    expect(matrix[0]![1]).toBeCloseTo(10 / 3, 14);
    expect(matrix[1]![0]).toBe(matrix[0]![1]);
    expect(matrix[1]![1]).toBeCloseTo(20 / 3, 14);
    expect(() =>
      covarianceMatrix([
        [1, 2, 3],
        [1, 2],
      ]),
    ).toThrow(/series 1 has 2 returns/);
  });
});

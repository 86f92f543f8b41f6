import { normalDensity, normalQuantile } from '../../analysis/normal-distribution.ts';
import { RollingComoments } from '../../indicators/correlation.ts';
import { requireConfidence, requirePositive } from './option-checks.ts';

export interface ParametricValueAtRiskInput {
  /** Signed position values (quantity × price; shorts negative), quote currency, one per instrument. */
  readonly exposures: ArrayLike<number>;
  /** Covariance matrix of the instruments' simple returns over one period, rows in `exposures` order. */
  readonly covariance: readonly ArrayLike<number>[];
  /** Confidence level α in (0, 1). */
  readonly confidence: number;
  /** Holding period in return periods, > 0; σ scales by √horizon (i.i.d. returns). Default 1. */
  readonly horizon?: number;
}

export interface ParametricValueAtRisk {
  /** z_α · σ_P, quote currency (a positive loss). */
  readonly valueAtRisk: number;
  /** σ_P · φ(z_α) / (1 − α), quote currency: the normal expected shortfall. */
  readonly expectedShortfall: number;
  /** σ_P = √(wᵀ Σ w · horizon), quote currency. */
  readonly standardDeviation: number;
  /** z_α = Φ⁻¹(α). */
  readonly z: number;
}

/**
 * Parametric (variance–covariance, normal, zero mean) VaR of a portfolio of positions:
 * VaR = Φ⁻¹(α) · √(wᵀ Σ w · horizon) with w the signed position values. For one position of value V
 * and return volatility σ it is z_α · σ · |V|. The covariance must be square, of the exposures' size,
 * symmetric and give wᵀ Σ w ≥ 0 (a RangeError names what is wrong). Φ⁻¹ is Acklam's approximation
 * (relative error < 1.15e-9).
 */
export function parametricValueAtRisk(input: ParametricValueAtRiskInput): ParametricValueAtRisk {
  const name = 'parametricValueAtRisk';
  const confidence = requireConfidence(name, input.confidence);
  const horizon = requirePositive(name, 'horizon', input.horizon ?? 1);
  const { exposures, covariance } = input;
  const n = exposures.length;
  if (covariance.length !== n)
    throw new RangeError(`${name}: covariance has ${covariance.length} rows for ${n} exposures`);
  let variance = 0;
  for (let i = 0; i < n; i++) {
    const row = covariance[i]!;
    if (row.length !== n) throw new RangeError(`${name}: covariance row ${i} has ${row.length} columns, expected ${n}`);
    const wi = exposures[i]!;
    if (!Number.isFinite(wi)) throw new RangeError(`${name}: exposure ${i} must be finite, got ${wi}`);
    for (let j = 0; j < n; j++) {
      const c = row[j]!;
      if (!Number.isFinite(c)) throw new RangeError(`${name}: covariance[${i}][${j}] must be finite, got ${c}`);
      const mirror = covariance[j]![i]!;
      if (Math.abs(c - mirror) > 1e-12 * Math.max(Math.abs(c), Math.abs(mirror), 1e-300))
        throw new RangeError(`${name}: covariance is not symmetric at [${i}][${j}] (${c} vs ${mirror})`);
      variance += wi * c * exposures[j]!;
    }
  }
  if (variance < 0) {
    const scale = sumOfSquaredTerms(exposures, covariance);
    if (variance < -1e-12 * scale)
      throw new RangeError(`${name}: wᵀΣw = ${variance} < 0: the covariance is not positive semi-definite`);
    variance = 0;
  }
  const standardDeviation = Math.sqrt(variance * horizon);
  const z = normalQuantile(confidence);
  return {
    valueAtRisk: z * standardDeviation,
    expectedShortfall: (standardDeviation * normalDensity(z)) / (1 - confidence),
    standardDeviation,
    z,
  };
}

function sumOfSquaredTerms(exposures: ArrayLike<number>, covariance: readonly ArrayLike<number>[]): number {
  let sum = 0;
  for (let i = 0; i < exposures.length; i++)
    for (let j = 0; j < exposures.length; j++) sum += Math.abs(exposures[i]! * covariance[i]![j]! * exposures[j]!);
  return sum;
}

/**
 * Sample covariance matrix (divisor n − 1) of aligned return series, all of one length n ≥ 2. Each
 * entry comes from the indicators' `RollingComoments` over the whole window (an exact two-pass sum
 * of cross-deviations). NaN throws a RangeError naming the series and index.
 */
export function covarianceMatrix(series: readonly ArrayLike<number>[]): Float64Array[] {
  const m = series.length;
  const n = m === 0 ? 0 : series[0]!.length;
  if (m > 0 && n < 2) throw new RangeError(`covarianceMatrix: series need ≥ 2 returns, got ${n}`);
  for (let s = 0; s < m; s++) {
    const values = series[s]!;
    if (values.length !== n)
      throw new RangeError(`covarianceMatrix: series ${s} has ${values.length} returns, series 0 has ${n}`);
    for (let i = 0; i < n; i++)
      if (Number.isNaN(values[i]!)) throw new RangeError(`covarianceMatrix: series ${s} return ${i} is NaN`);
  }
  const matrix = Array.from({ length: m }, () => new Float64Array(m));
  for (let a = 0; a < m; a++) {
    for (let b = a; b < m; b++) {
      const moments = new RollingComoments(n);
      const x = series[a]!;
      const y = series[b]!;
      for (let i = 0; i < n; i++) moments.push(x[i]!, y[i]!);
      const value = (a === b ? moments.squaresOfX : moments.crossProducts) / (n - 1);
      matrix[a]![b] = value;
      matrix[b]![a] = value;
    }
  }
  return matrix;
}

import type { BarSeries } from '../../model/data.ts';
import { requireFeatureInteger } from './feature-spec.ts';
import { volatilityKernel } from './price-features.ts';

/**
 * How barrier widths are measured: `fraction` — `upper` and `lower` are fractions of the entry
 * close (0.01 = 1%); `volatility` — they are multiples of the per-bar volatility at the entry bar
 * (the `volatility_<window>` feature: sample standard deviation of the last `window` one-bar log
 * returns, known at bar t).
 */
export type BarrierWidth = { readonly kind: 'fraction' } | { readonly kind: 'volatility'; readonly window: number };

export interface TripleBarrierOptions {
  /** The vertical barrier: bars after entry, an integer ≥ 1. */
  readonly horizon: number;
  /** Distance of the upper (profit) barrier above the entry close, > 0 (Infinity: none). */
  readonly upper: number;
  /** Distance of the lower (loss) barrier below the entry close, > 0 (Infinity: none). */
  readonly lower: number;
  readonly width: BarrierWidth;
  /**
   * Label when neither barrier is touched within the horizon: `zero` (default) gives 0; `sign`
   * gives the sign of close[t + h] − close[t] (0 when equal).
   */
  readonly vertical?: 'zero' | 'sign';
}

/** Triple-barrier labels with the bar that decided each. */
export interface TripleBarrierLabels {
  /** +1 upper first, −1 lower first, vertical outcome otherwise; NaN where unknown. */
  readonly label: Float64Array;
  /** Index of the deciding bar: the touching bar, or t + horizon; NaN with the label. */
  readonly end: Float64Array;
}

/**
 * Triple-barrier labels (López de Prado) for a long entry at each bar's close. For bar t the
 * barriers are `close[t]·(1 + upper·w)` and `close[t]·(1 − lower·w)`, w = 1 (`fraction`) or the
 * volatility at t; bars t + 1 … t + horizon are scanned in order and a barrier counts as touched
 * when the bar's high reaches the upper one (≥) or its low the lower one (≤).
 *
 * Ties are resolved conservatively: a bar that touches both barriers gives −1, because a bar's
 * high and low do not say which came first and the loss is the outcome a long position must
 * assume. The label is NaN for the last `horizon` bars (the vertical barrier lies beyond the data,
 * even when a barrier is touched before the end: labelling only those would select rows by their
 * future) and where the volatility is still warming up.
 */
export function tripleBarrierLabel(series: BarSeries, options: TripleBarrierOptions): TripleBarrierLabels {
  const horizon = requireFeatureInteger('triple-barrier horizon', options.horizon, 1);
  for (const side of ['upper', 'lower'] as const) {
    const value = options[side];
    if (!(value > 0)) throw new RangeError(`triple-barrier ${side} must be > 0, got ${value}`);
  }
  const { upper, lower } = options;
  const signAtVertical = options.vertical === 'sign';
  const length = series.length;
  const { close, high, low } = series;
  let scale: Float64Array | undefined;
  if (options.width.kind === 'volatility') {
    const window = requireFeatureInteger('triple-barrier volatility window', options.width.window, 2);
    scale = new Float64Array(length);
    volatilityKernel({ kind: 'volatility', window }, ['volatility']).batch(series, length, [scale]);
  }
  const label = new Float64Array(length).fill(Number.NaN);
  const end = new Float64Array(length).fill(Number.NaN);
  for (let t = 0; t + horizon < length; t++) {
    const width = scale === undefined ? 1 : scale[t]!;
    if (Number.isNaN(width)) continue;
    const entry = close[t]!;
    const upperPrice = entry * (1 + upper * width);
    const lowerPrice = entry * (1 - lower * width);
    let outcome = Number.NaN;
    let decided = t + horizon;
    for (let j = t + 1; j <= t + horizon; j++) {
      const hitLower = low[j]! <= lowerPrice;
      if (hitLower || high[j]! >= upperPrice) {
        outcome = hitLower ? -1 : 1;
        decided = j;
        break;
      }
    }
    if (Number.isNaN(outcome)) outcome = signAtVertical ? Math.sign(close[t + horizon]! - entry) : 0;
    label[t] = outcome;
    end[t] = decided;
  }
  return { label, end };
}

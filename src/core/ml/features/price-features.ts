import type { BarColumns, BarInput } from '../../indicators/indicator.ts';
import {
  type FeatureKernel,
  type FeatureStream,
  RingWindow,
  windowStandardDeviation,
  windowZScore,
} from './feature-kernel.ts';
import type { ReturnFeature, VolatilityFeature, VolumeZScoreFeature } from './feature-spec.ts';

/**
 * Kernels of the return, volatility and volume z-score features. Window statistics are two-pass
 * over the window (`windowStandardDeviation`, `windowZScore`): O(window) per bar but free of the
 * drift of running sums, and one function over the same contiguous values in both forms.
 */

/** `return_<h>` / `log_return_<h>`: close over the close h bars back. */
export function returnKernel(spec: ReturnFeature, columns: readonly string[]): FeatureKernel {
  const horizon = spec.horizon;
  const log = spec.form === 'log';
  return {
    columns,
    lookback: horizon,
    batch(bars: BarColumns, length: number, out: readonly Float64Array[]) {
      const close = bars.close;
      const column = out[0]!;
      for (let t = 0; t < length && t < horizon; t++) column[t] = Number.NaN;
      for (let t = horizon; t < length; t++) {
        const ratio = close[t]! / close[t - horizon]!;
        column[t] = log ? Math.log(ratio) : ratio - 1;
      }
    },
    stream(): FeatureStream {
      // Holds the last `horizon` closes before the current one.
      const window = new RingWindow(horizon);
      return {
        update(bar: BarInput, _index: number, row: Float64Array, offset: number) {
          if (window.isFull) {
            const ratio = bar.close / window.values[window.start]!;
            row[offset] = log ? Math.log(ratio) : ratio - 1;
          } else {
            row[offset] = Number.NaN;
          }
          window.push(bar.close);
        },
        reset: () => window.reset(),
      };
    },
  };
}

/** `volatility_<w>`: sample standard deviation of the last w one-bar log returns. */
export function volatilityKernel(spec: VolatilityFeature, columns: readonly string[]): FeatureKernel {
  const size = spec.window;
  return {
    columns,
    lookback: size,
    batch(bars: BarColumns, length: number, out: readonly Float64Array[]) {
      const close = bars.close;
      const column = out[0]!;
      // The one-bar log returns, ending at each bar (index 0 unused).
      const returns = new Float64Array(length);
      for (let t = 1; t < length; t++) returns[t] = Math.log(close[t]! / close[t - 1]!);
      for (let t = 0; t < length && t < size; t++) column[t] = Number.NaN;
      for (let t = size; t < length; t++) column[t] = windowStandardDeviation(returns, t - size + 1, size);
    },
    stream(): FeatureStream {
      const window = new RingWindow(size);
      let previous = Number.NaN;
      let seen = 0;
      return {
        update(bar: BarInput, _index: number, row: Float64Array, offset: number) {
          if (seen++ > 0) window.push(Math.log(bar.close / previous));
          previous = bar.close;
          if (!window.isFull) {
            row[offset] = Number.NaN;
            return;
          }
          row[offset] = windowStandardDeviation(window.values, window.start, size);
        },
        reset() {
          window.reset();
          previous = Number.NaN;
          seen = 0;
        },
      };
    },
  };
}

/** `volume_zscore_<w>`: the bar's volume against the last w volumes (its own included). */
export function volumeZScoreKernel(spec: VolumeZScoreFeature, columns: readonly string[]): FeatureKernel {
  const size = spec.window;
  return {
    columns,
    lookback: size - 1,
    batch(bars: BarColumns, length: number, out: readonly Float64Array[]) {
      const volume = bars.volume;
      const column = out[0]!;
      for (let t = 0; t < length && t < size - 1; t++) column[t] = Number.NaN;
      for (let t = size - 1; t < length; t++) column[t] = windowZScore(volume, t - size + 1, size);
    },
    stream(): FeatureStream {
      const window = new RingWindow(size);
      return {
        update(bar: BarInput, _index: number, row: Float64Array, offset: number) {
          window.push(bar.volume);
          if (!window.isFull) {
            row[offset] = Number.NaN;
            return;
          }
          row[offset] = windowZScore(window.values, window.start, size);
        },
        reset: () => window.reset(),
      };
    },
  };
}

/**
 * Resampling benchmark (issue 4 target: 1,000,000 one-minute bars to 1 hour in ≤ 50 ms), beside
 * its anchor in the same run: a plain hand-written loop over the same typed arrays doing the same
 * UTC-hour OHLCV aggregation into preallocated arrays, with none of resampleBars' checks
 * (timeframe multiples, grid, order, partial flags) and no shared aggregator.
 *
 * Figures are medians of `runs` timed runs after `warmup` untimed ones; the input is the
 * benchmark's synthetic bars (bench/synthetic-bars.ts, seed 1). The run fails (throws) when the
 * two do not produce the same bars, so a fast but wrong resampler cannot report a figure.
 */
import { resampleBars } from '../../src/core/data/resample-bars.ts';
import type { BarSeries } from '../../src/core/model/data.ts';
import { instrumentId } from '../../src/core/model/ids.ts';
import { median, seconds } from '../indicators/timing.ts';
import { generateSyntheticBars } from '../synthetic-bars.ts';

export interface ResampleBenchOptions {
  /** Source 1-minute bars (default 1,000,000). */
  readonly bars?: number;
  /** Timed runs of each (default 15). */
  readonly runs?: number;
  /** Untimed warm-up runs of each (default 3). */
  readonly warmup?: number;
  readonly seed?: number;
}

export interface ResampleBenchResult {
  readonly bars: number;
  readonly output_bars: number;
  /** Median ms of resampleBars(1m bars, '1h'). */
  readonly resample_1m_to_1h_ms: number;
  /** Median ms of the plain loop doing the same aggregation. */
  readonly anchor_ms: number;
  readonly target_ms: 50;
}

const HOUR_MS = 3_600_000;

/** The anchor's output columns, allocated once and reused by every run. */
interface AnchorOutput {
  length: number;
  readonly timestamp: Float64Array;
  readonly open: Float64Array;
  readonly high: Float64Array;
  readonly low: Float64Array;
  readonly close: Float64Array;
  readonly volume: Float64Array;
}

/**
 * The plain loop: running values in locals, a bucket change detected by comparing with the
 * bucket's end (one modulo per hour, not per bar), the finished hour written out on change.
 */
function anchorLoop(source: BarSeries, out: AnchorOutput): void {
  const { timestamp, open, high, low, close, volume } = source;
  const n = source.length;
  let k = 0;
  let bucketEnd = Number.NEGATIVE_INFINITY;
  let o = 0;
  let h = 0;
  let l = 0;
  let c = 0;
  let v = 0;
  for (let i = 0; i < n; i++) {
    const t = timestamp[i];
    if (t >= bucketEnd) {
      if (i > 0) {
        out.open[k] = o;
        out.high[k] = h;
        out.low[k] = l;
        out.close[k] = c;
        out.volume[k] = v;
        k++;
      }
      const start = t - (t % HOUR_MS);
      out.timestamp[k] = start;
      bucketEnd = start + HOUR_MS;
      o = open[i];
      h = high[i];
      l = low[i];
      v = 0;
    } else {
      if (high[i] > h) h = high[i];
      if (low[i] < l) l = low[i];
    }
    c = close[i];
    v += volume[i];
  }
  if (n > 0) {
    out.open[k] = o;
    out.high[k] = h;
    out.low[k] = l;
    out.close[k] = c;
    out.volume[k] = v;
    k++;
  }
  out.length = k;
}

/** Runs both, checks they agree bar for bar, and returns the median timings. */
export function runResampleBench(options: ResampleBenchOptions = {}): ResampleBenchResult {
  const n = options.bars ?? 1_000_000;
  const runs = options.runs ?? 15;
  const warmup = options.warmup ?? 3;
  const columns = generateSyntheticBars(n, { seed: options.seed ?? 1, timeframeMs: 60_000 });
  const source: BarSeries = { instrumentId: instrumentId('BTC-PERP', 'BENCH'), timeframe: '1m', length: n, ...columns };
  const capacity = Math.ceil(n / 60) + 2;
  const out: AnchorOutput = {
    length: 0,
    timestamp: new Float64Array(capacity),
    open: new Float64Array(capacity),
    high: new Float64Array(capacity),
    low: new Float64Array(capacity),
    close: new Float64Array(capacity),
    volume: new Float64Array(capacity),
  };
  const resampleTimes: number[] = [];
  const anchorTimes: number[] = [];
  let result = resampleBars(source, '1h');
  for (let r = 0; r < warmup + runs; r++) {
    let start = process.hrtime.bigint();
    result = resampleBars(source, '1h');
    const resampleSeconds = seconds(start);
    start = process.hrtime.bigint();
    anchorLoop(source, out);
    const anchorSeconds = seconds(start);
    if (r >= warmup) {
      resampleTimes.push(resampleSeconds * 1000);
      anchorTimes.push(anchorSeconds * 1000);
    }
  }
  const bars = result.series;
  if (bars.length !== out.length)
    throw new Error(`resample bench: resampleBars gave ${bars.length} bars, the plain loop ${out.length}`);
  for (let k = 0; k < out.length; k++) {
    if (
      bars.timestamp[k] !== out.timestamp[k] ||
      bars.open[k] !== out.open[k] ||
      bars.high[k] !== out.high[k] ||
      bars.low[k] !== out.low[k] ||
      bars.close[k] !== out.close[k] ||
      bars.volume[k] !== out.volume[k]
    )
      throw new Error(`resample bench: bar ${k} (open time ${bars.timestamp[k]}) differs from the plain loop's`);
  }
  return {
    bars: n,
    output_bars: bars.length,
    resample_1m_to_1h_ms: median(resampleTimes),
    anchor_ms: median(anchorTimes),
    target_ms: 50,
  };
}

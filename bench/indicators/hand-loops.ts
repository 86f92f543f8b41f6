/**
 * The limit of the indicator benchmark: for each of the six benchmarked indicators, the plain
 * loop a competent engineer would write by hand to compute the same outputs as our batch
 * function (TA-Lib conventions) into preallocated Float64Arrays — scalar state in locals, one
 * pass, no calls per element, no input validation (our batch functions also reject NaN; the
 * limit does not, which is part of the 0.7× allowance).
 *
 * Written independently of src/core/indicators on purpose: the benchmark first checks that each
 * loop agrees with our batch output, so the anchor cannot drift away from what is measured.
 *
 * Each recurrence runs through every bar as a dependency chain, so the limit writes it with the
 * fewest dependent operations, with precomputed factors: an EMA as `e = e·(1−α) + α·x` (a multiply
 * and an add on the chain; TA-Lib's `e + α·(x − e)` has three) and Wilder's smoothing (RSI, ATR)
 * as `s = s·(n−1)/n + x/n` (no division on the chain, where TA-Lib divides). The values equal
 * TA-Lib's up to rounding (~1e-15 relative, not accumulating: the factors are below 1); the
 * benchmark's check compares them with ours at 1e-6.
 * Every output before the indicator's lookback is NaN, as in our batch functions.
 */

/**
 * Updates between exact re-summations of a rolling window (SMA, Bollinger): a running sum left
 * alone for a million updates accumulates rounding error; re-summing the window every RESYNC
 * updates keeps it bounded at 2 % extra work for a window of 20.
 */
export const RESYNC = 1024;

/** Writes NaN into `out[0 .. end)` (the warm-up), end clipped to the buffer. */
function fillWarmup(out: Float64Array, end: number): void {
  out.fill(Number.NaN, 0, Math.min(end, out.length));
}

/** SMA(period), TA-Lib: the mean of the last `period` values, first at index period − 1. */
export function smaLoop(values: Float64Array, period: number, out: Float64Array): void {
  const n = values.length;
  fillWarmup(out, period - 1);
  if (n < period) return;
  const scale = 1 / period;
  for (let start = period - 1; start < n; start += RESYNC) {
    let sum = 0;
    for (let j = start - period + 1; j <= start; j++) sum += values[j];
    out[start] = sum * scale;
    const end = Math.min(n, start + RESYNC);
    for (let i = start + 1; i < end; i++) {
      sum += values[i] - values[i - period];
      out[i] = sum * scale;
    }
  }
}

/** EMA(period), TA-Lib: seeded with the SMA of the first `period` values at index period − 1, then α = 2 / (period + 1). */
export function emaLoop(values: Float64Array, period: number, out: Float64Array): void {
  const n = values.length;
  fillWarmup(out, period - 1);
  if (n < period) return;
  const alpha = 2 / (period + 1);
  const keep = 1 - alpha;
  let sum = 0;
  for (let i = 0; i < period; i++) sum += values[i];
  let value = sum / period;
  out[period - 1] = value;
  for (let i = period; i < n; i++) {
    value = value * keep + values[i] * alpha;
    out[i] = value;
  }
}

/** TA-Lib's threshold below which a sum counts as zero. */
const TALIB_EPSILON = 1e-14;

/**
 * RSI(period), TA-Lib: average gain and loss seeded with the plain means of the first `period`
 * changes, first value at index period, then Wilder-smoothed; RSI = 100 · gain / (gain + loss),
 * 0 when gain + loss is below TA-Lib's zero threshold 1e-14. Gain and loss are split without a
 * branch: (|d| ± d) / 2 is exactly max(±d, 0).
 */
export function rsiLoop(values: Float64Array, period: number, out: Float64Array): void {
  const n = values.length;
  fillWarmup(out, period);
  if (n <= period) return;
  let gain = 0;
  let loss = 0;
  for (let i = 1; i <= period; i++) {
    const change = values[i] - values[i - 1];
    const size = Math.abs(change);
    gain += (size + change) * 0.5;
    loss += (size - change) * 0.5;
  }
  gain /= period;
  loss /= period;
  let total = gain + loss;
  out[period] = total < TALIB_EPSILON ? 0 : (100 * gain) / total;
  const keep = (period - 1) / period;
  const take = 0.5 / period;
  let previous = values[period];
  for (let i = period + 1; i < n; i++) {
    const x = values[i];
    const change = x - previous;
    previous = x;
    const size = Math.abs(change);
    gain = gain * keep + (size + change) * take;
    loss = loss * keep + (size - change) * take;
    total = gain + loss;
    out[i] = total < TALIB_EPSILON ? 0 : (100 * gain) / total;
  }
}

/** MACD's three outputs. */
export interface MacdBuffers {
  readonly macd: Float64Array;
  readonly signal: Float64Array;
  readonly histogram: Float64Array;
}

/**
 * MACD(fast, slow, signal), TA-Lib: both EMAs start at index slow − 1, each seeded with the SMA
 * of its own last `period` values there (so the fast EMA is not a standalone EMA(fast)); the
 * signal is an EMA(signal) of the MACD line seeded with the SMA of its first `signal` values;
 * all three outputs start at (slow − 1) + (signal − 1).
 */
export function macdLoop(
  values: Float64Array,
  fastPeriod: number,
  slowPeriod: number,
  signalPeriod: number,
  out: MacdBuffers,
): void {
  const n = values.length;
  const lookback = slowPeriod - 1 + signalPeriod - 1;
  const { macd, signal, histogram } = out;
  fillWarmup(macd, lookback);
  fillWarmup(signal, lookback);
  fillWarmup(histogram, lookback);
  if (n <= lookback) return;
  const fastAlpha = 2 / (fastPeriod + 1);
  const slowAlpha = 2 / (slowPeriod + 1);
  const signalAlpha = 2 / (signalPeriod + 1);
  const fastKeep = 1 - fastAlpha;
  const slowKeep = 1 - slowAlpha;
  const signalKeep = 1 - signalAlpha;
  let slowSum = 0;
  let fastSum = 0;
  for (let i = 0; i < slowPeriod; i++) {
    slowSum += values[i];
    if (i >= slowPeriod - fastPeriod) fastSum += values[i];
  }
  let fast = fastSum / fastPeriod;
  let slow = slowSum / slowPeriod;
  let signalSum = fast - slow;
  for (let i = slowPeriod; i <= lookback; i++) {
    const x = values[i];
    fast = fast * fastKeep + x * fastAlpha;
    slow = slow * slowKeep + x * slowAlpha;
    signalSum += fast - slow;
  }
  let line = fast - slow;
  let average = signalSum / signalPeriod;
  macd[lookback] = line;
  signal[lookback] = average;
  histogram[lookback] = line - average;
  for (let i = lookback + 1; i < n; i++) {
    const x = values[i];
    fast = fast * fastKeep + x * fastAlpha;
    slow = slow * slowKeep + x * slowAlpha;
    line = fast - slow;
    average = average * signalKeep + line * signalAlpha;
    macd[i] = line;
    signal[i] = average;
    histogram[i] = line - average;
  }
}

/** Bollinger Bands' five outputs. */
export interface BollingerBuffers {
  readonly middle: Float64Array;
  readonly upper: Float64Array;
  readonly lower: Float64Array;
  readonly percentB: Float64Array;
  readonly bandwidth: Float64Array;
}

/**
 * Bollinger Bands(period, multiplier), TA-Lib BBANDS with an SMA middle: middle = mean of the
 * window, upper / lower = middle ± multiplier · population standard deviation, the variance from
 * running sums of x and x² (clamped at 0) re-summed every RESYNC updates; percentB =
 * (x − lower) / (upper − lower), ½ for a zero-width band; bandwidth = (upper − lower) / middle,
 * 0 for a zero middle.
 */
export function bollingerLoop(values: Float64Array, period: number, multiplier: number, out: BollingerBuffers): void {
  const n = values.length;
  const { middle, upper, lower, percentB, bandwidth } = out;
  for (const buffer of [middle, upper, lower, percentB, bandwidth]) fillWarmup(buffer, period - 1);
  if (n < period) return;
  const scale = 1 / period;
  for (let start = period - 1; start < n; start += RESYNC) {
    let sum = 0;
    let sumSquares = 0;
    for (let j = start - period + 1; j <= start; j++) {
      const x = values[j];
      sum += x;
      sumSquares += x * x;
    }
    writeBands(out, start, values[start], sum * scale, sumSquares * scale, multiplier);
    const end = Math.min(n, start + RESYNC);
    for (let i = start + 1; i < end; i++) {
      const x = values[i];
      const old = values[i - period];
      sum += x - old;
      sumSquares += x * x - old * old;
      const mean = sum * scale;
      const variance = sumSquares * scale - mean * mean;
      const band = variance > 0 ? multiplier * Math.sqrt(variance) : 0;
      const up = mean + band;
      const down = mean - band;
      const width = up - down;
      middle[i] = mean;
      upper[i] = up;
      lower[i] = down;
      percentB[i] = width > 0 ? (x - down) / width : 0.5;
      bandwidth[i] = mean !== 0 ? width / mean : 0;
    }
  }
}

/** The five Bollinger outputs at index i from the window's mean and mean square (the inner loop's body, once per block). */
function writeBands(
  out: BollingerBuffers,
  i: number,
  x: number,
  mean: number,
  meanSquare: number,
  multiplier: number,
): void {
  const variance = meanSquare - mean * mean;
  const band = variance > 0 ? multiplier * Math.sqrt(variance) : 0;
  const up = mean + band;
  const down = mean - band;
  const width = up - down;
  out.middle[i] = mean;
  out.upper[i] = up;
  out.lower[i] = down;
  out.percentB[i] = width > 0 ? (x - down) / width : 0.5;
  out.bandwidth[i] = mean !== 0 ? width / mean : 0;
}

/**
 * ATR(period), TA-Lib: true range from the second bar on, max(high − low, |high − previous
 * close|, |low − previous close|); the first ATR is the mean of the first `period` true ranges,
 * at index period; then Wilder-smoothed.
 */
export function atrLoop(
  high: Float64Array,
  low: Float64Array,
  close: Float64Array,
  period: number,
  out: Float64Array,
): void {
  const n = close.length;
  fillWarmup(out, period);
  if (n <= period) return;
  let sum = 0;
  for (let i = 1; i <= period; i++) {
    const h = high[i];
    const l = low[i];
    const previous = close[i - 1];
    let range = h - l;
    const up = Math.abs(h - previous);
    if (up > range) range = up;
    const down = Math.abs(l - previous);
    if (down > range) range = down;
    sum += range;
  }
  let value = sum / period;
  out[period] = value;
  const keep = (period - 1) / period;
  const take = 1 / period;
  let previous = close[period];
  for (let i = period + 1; i < n; i++) {
    const h = high[i];
    const l = low[i];
    let range = h - l;
    const up = Math.abs(h - previous);
    if (up > range) range = up;
    const down = Math.abs(l - previous);
    if (down > range) range = down;
    previous = close[i];
    value = value * keep + range * take;
    out[i] = value;
  }
}

/**
 * What the indicator benchmark measures: six indicators with their usual parameters, the same
 * for our batch and streaming forms, the hand loops and the npm peers.
 */

/** The six benchmarked indicators, in report order (also the keys of the JSON `indicators` object). */
export const INDICATOR_KEYS = ['sma', 'ema', 'rsi', 'macd', 'bbands', 'atr'] as const;
export type IndicatorKey = (typeof INDICATOR_KEYS)[number];

/** Parameters of each benchmarked indicator. */
export const BENCH_PARAMETERS = {
  sma: { period: 20 },
  ema: { period: 20 },
  rsi: { period: 14 },
  macd: { fastPeriod: 12, slowPeriod: 26, signalPeriod: 9 },
  bbands: { period: 20, multiplier: 2 },
  atr: { period: 14 },
} as const;

/** Display names, e.g. `MACD(12,26,9)`. */
export const INDICATOR_LABELS: Readonly<Record<IndicatorKey, string>> = {
  sma: `SMA(${BENCH_PARAMETERS.sma.period})`,
  ema: `EMA(${BENCH_PARAMETERS.ema.period})`,
  rsi: `RSI(${BENCH_PARAMETERS.rsi.period})`,
  macd: `MACD(${BENCH_PARAMETERS.macd.fastPeriod},${BENCH_PARAMETERS.macd.slowPeriod},${BENCH_PARAMETERS.macd.signalPeriod})`,
  bbands: `Bollinger(${BENCH_PARAMETERS.bbands.period},${BENCH_PARAMETERS.bbands.multiplier})`,
  atr: `ATR(${BENCH_PARAMETERS.atr.period})`,
};

/** Indicators with a streaming target (≥ TARGET_STREAMING_UPDATES_PER_SEC). */
export const STREAMING_TARGET_KEYS: ReadonlySet<IndicatorKey> = new Set<IndicatorKey>(['ema', 'rsi', 'atr']);

/** Targets of the issue: batch ≥ 0.7 × the hand loop; streaming ≥ 20 M updates/s; ours ≥ 3 × the fastest peer. */
export const TARGET_BATCH_VS_LIMIT = 0.7;
export const TARGET_STREAMING_UPDATES_PER_SEC = 20e6;
export const TARGET_OURS_VS_BEST_PEER = 3;

/** The columns the indicators read (closes; ATR also highs and lows). */
export interface IndicatorInput {
  readonly high: Float64Array;
  readonly low: Float64Array;
  readonly close: Float64Array;
}

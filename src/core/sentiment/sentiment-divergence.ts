/** What sentiment and price trend say together. */
export const DivergenceSignal = {
  /** News positive while the price fell: the fall may reverse upwards. */
  bullish: 'bullish',
  /** News negative while the price rose: the rise may reverse downwards. */
  bearish: 'bearish',
  /** They agree, one of them is too weak, or there is not enough data. */
  none: 'none',
} as const;
export type DivergenceSignal = (typeof DivergenceSignal)[keyof typeof DivergenceSignal];

/** Thresholds of {@link classifyDivergence} and {@link SentimentDivergence}. */
export interface DivergenceThresholds {
  /** |sentiment| at or above which it counts as positive or negative. Default 0.2. */
  readonly sentiment?: number;
  /** |return over the lookback| (a fraction: 0.01 = 1 %) at or above which the price trend counts. Default 0.01. */
  readonly priceReturn?: number;
  /** Fewest kept headlines behind the sentiment score. Default 2. */
  readonly minHeadlines?: number;
}

/** A divergence verdict with the figures it rests on. */
export interface DivergenceReading {
  readonly signal: DivergenceSignal;
  readonly sentiment: number;
  /** Simple return over the lookback, close[now] / close[now − N] − 1; NaN before N + 1 closes. */
  readonly priceReturn: number;
}

/**
 * Bullish when sentiment ≥ +θs and the return ≤ −θr; bearish when sentiment ≤ −θs and the
 * return ≥ +θr; none otherwise (also with fewer than `minHeadlines` headlines or no return yet).
 */
export function classifyDivergence(
  input: { readonly sentiment: number; readonly headlineCount: number; readonly priceReturn: number },
  thresholds: DivergenceThresholds = {},
): DivergenceSignal {
  const sentimentLimit = thresholds.sentiment ?? 0.2;
  const returnLimit = thresholds.priceReturn ?? 0.01;
  const minHeadlines = thresholds.minHeadlines ?? 2;
  const { sentiment, priceReturn } = input;
  if (input.headlineCount < minHeadlines || !Number.isFinite(priceReturn) || !Number.isFinite(sentiment))
    return DivergenceSignal.none;
  if (sentiment >= sentimentLimit && priceReturn <= -returnLimit) return DivergenceSignal.bullish;
  if (sentiment <= -sentimentLimit && priceReturn >= returnLimit) return DivergenceSignal.bearish;
  return DivergenceSignal.none;
}

/** Options of {@link SentimentDivergence}. */
export interface SentimentDivergenceOptions extends DivergenceThresholds {
  /** N: the price trend is the return over the last N bars. */
  readonly lookbackBars: number;
}

/**
 * Sentiment against the price trend of one instrument, for a strategy: feed it each bar's close
 * (`onClose`, no allocation), then read the divergence with the latest sentiment.
 */
export class SentimentDivergence {
  private readonly closes: Float64Array;
  private count = 0;
  private readonly thresholds: DivergenceThresholds;

  constructor(options: SentimentDivergenceOptions) {
    if (!Number.isInteger(options.lookbackBars) || options.lookbackBars < 1)
      throw new Error(`lookbackBars must be an integer >= 1, got ${options.lookbackBars}`);
    this.closes = new Float64Array(options.lookbackBars + 1);
    this.thresholds = options;
  }

  /** Records a bar's close (a positive price). */
  onClose(close: number): void {
    if (!(close > 0)) throw new Error(`close must be a positive price, got ${close}`);
    this.closes[this.count % this.closes.length] = close;
    this.count++;
  }

  /** Return over the lookback: close[now] / close[now − N] − 1; NaN until N + 1 closes were seen. */
  priceReturn(): number {
    const size = this.closes.length;
    if (this.count < size) return Number.NaN;
    const last = this.closes[(this.count - 1) % size]!;
    const first = this.closes[this.count % size]!;
    return last / first - 1;
  }

  /** The divergence of the given sentiment (an update's score and count) against the trend. */
  read(sentiment: { readonly score: number; readonly count: number }): DivergenceReading {
    const priceReturn = this.priceReturn();
    const signal = classifyDivergence(
      { sentiment: sentiment.score, headlineCount: sentiment.count, priceReturn },
      this.thresholds,
    );
    return { signal, sentiment: sentiment.score, priceReturn };
  }
}

import type { UnixMillis } from '../model/time.ts';
import type { Headline } from './headline.ts';
import { median, medianAbsoluteDeviation } from './robust-statistics.ts';
import { checkHeadlineSentiment, type HeadlineSentiment } from './sentiment-classifier.ts';
import type { SentimentUpdated } from './sentiment-updated.ts';

/** Options of {@link SentimentAggregator}. */
export interface SentimentAggregatorOptions {
  /** A headline's weight halves every this many ms after publication. Default 6 h. */
  readonly halfLifeMs?: number;
  /** Headlines published this long before `now` or earlier are forgotten. Default 24 h. */
  readonly windowMs?: number;
  /** k: a score farther than k × max(MAD, minSpread) from the window's median is an outlier. Default 3. */
  readonly outlierMads?: number;
  /** Floor of the MAD in the outlier test, so that a window of near-equal scores does not reject every other one. Default 0.1. */
  readonly minSpread?: number;
  /** Outliers are looked for only in windows of at least this many headlines. Default 4. */
  readonly minCountForOutliers?: number;
}

interface Observation {
  readonly headlineId: string;
  readonly publishedAt: UnixMillis;
  readonly score: number;
  readonly confidence: number;
}

/**
 * Per-symbol news sentiment from classified headlines, for a given time `now` (the clock's; the
 * core reads no wall clock):
 *
 * 1. window: headlines published in (now − windowMs, now]; later ones count as age 0, since a
 *    feed's clock may run slightly ahead;
 * 2. outliers: over the headlines with evidence (confidence > 0), m their median score and MAD the
 *    median of |s − m|; a score with |s − m| > k · max(MAD, minSpread) is dropped (when at least
 *    minCountForOutliers have evidence; headlines without evidence weigh 0 and are never outliers);
 * 3. score: Σ wᵢ sᵢ / Σ wᵢ with wᵢ = confidenceᵢ · 2^(−ageᵢ / halfLifeMs), in [-1, 1] since each
 *    sᵢ is; 0 when the weights sum to 0 (no evidence).
 *
 * A headline id is counted once per symbol, however often it is added.
 */
export class SentimentAggregator {
  private readonly halfLifeMs: number;
  private readonly windowMs: number;
  private readonly outlierMads: number;
  private readonly minSpread: number;
  private readonly minCountForOutliers: number;
  private readonly bySymbol = new Map<string, Observation[]>();

  constructor(options: SentimentAggregatorOptions = {}) {
    this.halfLifeMs = options.halfLifeMs ?? 6 * 3_600_000;
    this.windowMs = options.windowMs ?? 24 * 3_600_000;
    this.outlierMads = options.outlierMads ?? 3;
    this.minSpread = options.minSpread ?? 0.1;
    this.minCountForOutliers = options.minCountForOutliers ?? 4;
    if (!(this.halfLifeMs > 0)) throw new Error(`halfLifeMs must be > 0, got ${this.halfLifeMs}`);
    if (!(this.windowMs > 0)) throw new Error(`windowMs must be > 0, got ${this.windowMs}`);
    if (!(this.outlierMads > 0)) throw new Error(`outlierMads must be > 0, got ${this.outlierMads}`);
    if (!(this.minSpread >= 0)) throw new Error(`minSpread must be >= 0, got ${this.minSpread}`);
    if (!(this.minCountForOutliers >= 3))
      throw new Error(`minCountForOutliers must be >= 3, got ${this.minCountForOutliers}`);
  }

  /**
   * Adds a classified headline under each of its symbols. Returns the symbols it was newly
   * counted for (none when it was already counted or concerns no symbol). Throws when the
   * sentiment is for another headline or out of range: callers check untrusted results first.
   */
  add(headline: Headline, sentiment: HeadlineSentiment): string[] {
    if (sentiment.headlineId !== headline.id)
      throw new Error(`sentiment of headline ${sentiment.headlineId} added with headline ${headline.id}`);
    const problem = checkHeadlineSentiment(sentiment);
    if (problem !== undefined) throw new Error(`sentiment of headline ${headline.id}: ${problem}`);
    const added: string[] = [];
    for (const symbol of headline.symbols ?? []) {
      const observations = this.bySymbol.get(symbol) ?? [];
      if (observations.some((observation) => observation.headlineId === headline.id)) continue;
      observations.push({
        headlineId: headline.id,
        publishedAt: headline.publishedAt,
        score: sentiment.score,
        confidence: sentiment.confidence,
      });
      this.bySymbol.set(symbol, observations);
      added.push(symbol);
    }
    return added;
  }

  /** Symbols that have had at least one headline, in the order first seen. */
  symbols(): string[] {
    return [...this.bySymbol.keys()];
  }

  /** The symbol's sentiment at `now`; forgets its headlines that left the window. */
  evaluate(symbol: string, now: UnixMillis): SentimentUpdated {
    const since = now - this.windowMs;
    const window = (this.bySymbol.get(symbol) ?? []).filter((observation) => observation.publishedAt > since);
    if (this.bySymbol.has(symbol)) this.bySymbol.set(symbol, window);
    // Deterministic summation order whatever the arrival order.
    window.sort((a, b) => a.publishedAt - b.publishedAt || (a.headlineId < b.headlineId ? -1 : 1));
    let kept = window;
    // Only headlines with evidence (confidence > 0) take part in the outlier test: a lexicon scores
    // most headlines 0 with confidence 0, and their zeros would otherwise make every opinion an outlier.
    const evidence = window.filter((observation) => observation.confidence > 0);
    if (evidence.length >= this.minCountForOutliers) {
      const scores = evidence.map((observation) => observation.score);
      const center = median(scores);
      const spread = medianAbsoluteDeviation(scores, center);
      const limit = this.outlierMads * Math.max(spread, this.minSpread);
      kept = window.filter(
        (observation) => observation.confidence === 0 || Math.abs(observation.score - center) <= limit,
      );
    }
    let weighted = 0;
    let weight = 0;
    let latest: UnixMillis | undefined;
    for (const observation of kept) {
      const age = Math.max(0, now - observation.publishedAt);
      const w = observation.confidence * 2 ** (-age / this.halfLifeMs);
      weighted += w * observation.score;
      weight += w;
      latest = latest === undefined ? observation.publishedAt : Math.max(latest, observation.publishedAt);
    }
    // Clamped: rounding of the weighted mean may step a hair outside [-1, 1].
    const score = weight > 0 ? Math.min(1, Math.max(-1, weighted / weight)) : 0;
    return {
      type: 'SentimentUpdated',
      symbol,
      score,
      count: kept.length,
      outliers: window.length - kept.length,
      weight,
      ...(latest === undefined ? {} : { latestHeadlineAt: latest }),
      timestamp: now,
    };
  }

  /** {@link evaluate} for each of `symbols` (default: every symbol seen), in that order. */
  evaluateAll(now: UnixMillis, symbols: readonly string[] = this.symbols()): SentimentUpdated[] {
    return symbols.map((symbol) => this.evaluate(symbol, now));
  }
}

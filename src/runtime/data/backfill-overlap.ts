import type { Exchange } from 'ccxt';
import { fetchCandles } from '../../adapters/venues/ccxt/index.ts';
import type { BarSeries } from '../../core/model/data.ts';
import { callWithRetry, DEFAULT_RETRY_POLICY, type RetryPolicy } from './backfill-retry.ts';

/** One bar on which two sources disagree beyond the tolerance. */
export interface OverlapDisagreement {
  /** Open time, Unix ms. */
  readonly timestamp: number;
  /** The price field with the largest difference. */
  readonly field: 'open' | 'high' | 'low' | 'close';
  readonly reference: number;
  readonly candidate: number;
  /** |candidate − reference| / |reference|. */
  readonly relativeDifference: number;
}

/** How a source's bars compare with reference bars on the window they share. */
export interface OverlapReport {
  readonly reference: string;
  readonly candidate: string;
  /** The window compared, open times [from, to), Unix ms. */
  readonly from: number;
  readonly to: number;
  /** Bars present in both (bars only one side has are counted, not compared). */
  readonly comparedBars: number;
  readonly missingInCandidate: number;
  /** Relative price tolerance (e.g. 0.001 = 0.1 %). */
  readonly tolerance: number;
  readonly maxRelativeDifference: number;
  readonly disagreements: readonly OverlapDisagreement[];
  /** True when no shared bar differs beyond the tolerance. */
  readonly agree: boolean;
}

const PRICE_FIELDS = ['open', 'high', 'low', 'close'] as const;

/**
 * Fetches from `candidate` the window `reference` covers and compares open, high, low and close
 * bar by bar at equal open times; volume is not compared (venues differ in liquidity, not in
 * price). Bars the candidate lacks are counted in `missingInCandidate`.
 */
export async function checkOverlap(options: {
  reference: BarSeries;
  referenceName: string;
  candidate: Exchange;
  symbol: string;
  tolerance: number;
  now: () => number;
  sleep: (ms: number) => Promise<void>;
  random: () => number;
  retryPolicy?: RetryPolicy;
}): Promise<OverlapReport> {
  const { reference, candidate, symbol, tolerance } = options;
  const from = reference.timestamp[0];
  const to = reference.timestamp[reference.length - 1] + 1;
  const page = await callWithRetry(
    () =>
      fetchCandles({
        exchange: candidate,
        symbol,
        timeframe: reference.timeframe,
        since: from,
        limit: reference.length,
        now: options.now,
      }),
    { policy: options.retryPolicy ?? DEFAULT_RETRY_POLICY, sleep: options.sleep, random: options.random },
  );
  const byTime = new Map<number, number>();
  for (let i = 0; i < page.timestamp.length; i++) byTime.set(page.timestamp[i], i);
  const disagreements: OverlapDisagreement[] = [];
  let compared = 0;
  let missing = 0;
  let maxRelative = 0;
  for (let i = 0; i < reference.length; i++) {
    const j = byTime.get(reference.timestamp[i]);
    if (j === undefined) {
      missing++;
      continue;
    }
    compared++;
    let worst: OverlapDisagreement | undefined;
    for (const field of PRICE_FIELDS) {
      const a = reference[field][i];
      const b = page[field][j];
      const relative = Math.abs(b - a) / Math.abs(a);
      if (relative > maxRelative) maxRelative = relative;
      if (relative > tolerance && (worst === undefined || relative > worst.relativeDifference))
        worst = { timestamp: reference.timestamp[i], field, reference: a, candidate: b, relativeDifference: relative };
    }
    if (worst !== undefined) disagreements.push(worst);
  }
  return {
    reference: options.referenceName,
    candidate: candidate.id,
    from,
    to,
    comparedBars: compared,
    missingInCandidate: missing,
    tolerance,
    maxRelativeDifference: maxRelative,
    disagreements,
    agree: disagreements.length === 0,
  };
}

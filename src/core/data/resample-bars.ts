import type { BarSeries } from '../model/data.ts';
import type { Timeframe, UnixMillis } from '../model/time.ts';
import { type AggregatedBar, type AggregatedSeries, AggregatedSeriesBuilder } from './aggregated-bar.ts';
import { BarAggregator } from './bar-aggregator.ts';
import { bucketAlignment } from './bucket-alignment.ts';

export interface ResampleOptions {
  /**
   * The source is known complete from this time (Unix ms). Default: the first bar's open, so a
   * first bucket that opened before it is flagged partial.
   */
  readonly coverageStart?: UnixMillis;
  /**
   * The source is known complete up to this time (Unix ms, exclusive). Default: the last bar's
   * close, so a last bucket that closes after it is flagged partial (it may still grow). When
   * resampling bars that were themselves resampled, pass the original data's coverage (the source
   * bars' own partial flags are not known here).
   */
  readonly coverageEnd?: UnixMillis;
  /** Leave partial bars out instead of flagging them (default false: keep and flag). */
  readonly dropPartial?: boolean;
}

/**
 * Resamples bars to a longer timeframe that is a whole multiple of theirs (1m → 5m, 15m, 1h, 4h,
 * 1d, 1w, 1M, or any multiple such as 3m or 2h), aligned to UTC as {@link bucketAlignment}
 * describes: open = first open, high = max, low = min, close = last close, volume = sum.
 *
 * Gaps stay gaps: a bucket with no source bars gives no bar, and one with some gives a bar from
 * those. The first and last bars are flagged `partial` when the data does not cover their whole
 * bucket (see {@link ResampleOptions}); bars in between are complete even with missing source bars,
 * because later data shows the bucket is over. Throws, naming both timeframes, when the target is
 * not a multiple of the source, and on out-of-order or off-grid source bars.
 *
 * Runs the live {@link BarAggregator}, so streaming the same bars gives identical output. The
 * result's arrays are sized once from the data's span (no per-bar allocation).
 */
export function resampleBars(series: BarSeries, timeframe: Timeframe, options: ResampleOptions = {}): AggregatedSeries {
  const n = series.length;
  const builder = new AggregatedSeriesBuilder(series.instrumentId, timeframe, capacityFor(series, timeframe));
  const onBar = options.dropPartial
    ? (bar: AggregatedBar) => {
        if (!bar.partial) builder.push(bar);
      }
    : builder.handler;
  const aggregator = new BarAggregator({
    instrumentId: series.instrumentId,
    timeframe,
    sourceTimeframe: series.timeframe,
    onBar,
    coverageStart: options.coverageStart,
    coverageEnd: options.coverageEnd,
  });
  const { timestamp, open, high, low, close, volume } = series;
  for (let i = 0; i < n; i++) aggregator.add(timestamp[i], open[i], high[i], low[i], close[i], volume[i]);
  if (options.coverageEnd === undefined) aggregator.flush();
  else aggregator.flush(options.coverageEnd);
  return builder.finish();
}

/** An upper bound on the output bars: no more than the source bars or the buckets spanned. */
function capacityFor(series: BarSeries, timeframe: Timeframe): number {
  const n = series.length;
  if (n === 0) return 1;
  const span = series.timestamp[n - 1] - series.timestamp[0];
  const buckets = Math.floor(span / bucketAlignment(timeframe).minLengthMs) + 2;
  return Number.isFinite(buckets) ? Math.min(n, buckets) : n;
}

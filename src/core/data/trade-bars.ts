import { type QuoteSeries, quoteMid, type TradeSeries, type TradeTick } from '../model/data.ts';
import type { InstrumentId } from '../model/ids.ts';
import type { Timeframe, UnixMillis } from '../model/time.ts';
import {
  type AggregatedBar,
  type AggregatedBarHandler,
  type AggregatedSeries,
  AggregatedSeriesBuilder,
} from './aggregated-bar.ts';
import { BarAggregator, type LatePolicy } from './bar-aggregator.ts';
import { bucketAlignment } from './bucket-alignment.ts';
import { ThresholdBarAggregator, type ThresholdBarSpec, thresholdBarLabel } from './threshold-bar-aggregator.ts';

/** Which bars to build from trades: time bars of a timeframe, or tick, volume or notional bars. */
export type TradeBarSpec = { readonly kind: 'time'; readonly timeframe: Timeframe } | ThresholdBarSpec;

/** What a trade stream feeds: one shape for time and threshold bars, batch and live alike. */
export interface TradeBarAggregator {
  /** The bars' timeframe, or a label such as `100-tick` (see thresholdBarLabel). */
  readonly timeframe: Timeframe;
  /** Trades dropped as out of order (with `late: 'drop'`). */
  readonly lateCount: number;
  /** True while a bar has trades that were not emitted yet. */
  readonly pending: boolean;
  addTrade(timestamp: UnixMillis, price: number, size: number): void;
  updateTrade(trade: TradeTick): void;
  /** Time bars: emit the open bar if it closes by `timestamp` (a timer tick); others: nothing. */
  closeUpTo(timestamp: UnixMillis): number;
  /** Emit the open bar, partial unless the data covers it (time bars, see BarAggregator.flush). */
  flush(coverageEnd?: UnixMillis): number;
}

export interface TradeBarAggregatorOptions {
  readonly instrumentId: InstrumentId;
  readonly spec: TradeBarSpec;
  readonly onBar: AggregatedBarHandler;
  /** Time bars: trades are known complete from this time (see BarAggregatorOptions.coverageStart). */
  readonly coverageStart?: UnixMillis;
  readonly late?: LatePolicy;
}

/** The aggregator for a spec: a BarAggregator over trades for time bars, else a ThresholdBarAggregator. */
export function createTradeBarAggregator(options: TradeBarAggregatorOptions): TradeBarAggregator {
  const { instrumentId, spec, onBar, late } = options;
  if (spec.kind === 'time')
    return new BarAggregator({
      instrumentId,
      timeframe: spec.timeframe,
      onBar,
      late,
      coverageStart: options.coverageStart,
    });
  return new ThresholdBarAggregator({ instrumentId, spec, onBar, late });
}

/** The label of a spec's bars (its timeframe for time bars). */
export function tradeBarLabel(spec: TradeBarSpec): Timeframe {
  return spec.kind === 'time' ? spec.timeframe : thresholdBarLabel(spec);
}

export interface AggregateTradesOptions {
  /** Time bars: trades are known complete from this time (default: the first trade's time). */
  readonly coverageStart?: UnixMillis;
  /** Time bars: trades are known complete up to this time (default: the last trade's time). */
  readonly coverageEnd?: UnixMillis;
  /** Leave partial bars out instead of flagging them (default false). */
  readonly dropPartial?: boolean;
}

/**
 * Builds bars from a batch of trades (sorted by time) through the same aggregator a live stream
 * uses, so replaying the trades one by one gives identical bars. Time bars open on the UTC grid of
 * their timeframe; the first is partial when trades start after its open, the last when they end
 * before its close (override with the coverage options). A trailing threshold bar below its
 * threshold is flagged partial. Throws on out-of-order trades.
 */
export function aggregateTrades(
  trades: TradeSeries,
  spec: TradeBarSpec,
  options: AggregateTradesOptions = {},
): AggregatedSeries {
  const n = trades.length;
  const builder = new AggregatedSeriesBuilder(trades.instrumentId, tradeBarLabel(spec), capacityFor(trades, spec));
  const onBar = options.dropPartial
    ? (bar: AggregatedBar) => {
        if (!bar.partial) builder.push(bar);
      }
    : builder.handler;
  const aggregator = createTradeBarAggregator({
    instrumentId: trades.instrumentId,
    spec,
    onBar,
    coverageStart: options.coverageStart,
  });
  const { timestamp, price, size } = trades;
  for (let i = 0; i < n; i++) aggregator.addTrade(timestamp[i], price[i], size[i]);
  if (options.coverageEnd === undefined) aggregator.flush();
  else aggregator.flush(options.coverageEnd);
  return builder.finish();
}

/** A first guess at the output size from the inputs' times; the builder grows if a threshold spec splits more. */
function capacityFor(trades: Pick<TradeSeries, 'timestamp' | 'length'>, spec: TradeBarSpec): number {
  const n = trades.length;
  if (n === 0) return 1;
  if (spec.kind === 'tick') return Math.ceil(n / spec.trades);
  if (spec.kind === 'time') {
    const span = trades.timestamp[n - 1] - trades.timestamp[0];
    const buckets = Math.floor(span / bucketAlignment(spec.timeframe).minLengthMs) + 2;
    return Number.isFinite(buckets) ? Math.min(n, buckets) : n;
  }
  return Math.min(n, 65_536);
}

/**
 * Time bars of a batch of quotes' mids, volume 0 (a quote trades nothing), one-sided quotes
 * skipped: the bars the backtest engine builds from quotes (`aggregateBars`), the last one
 * included and flagged partial when the quotes end before its close.
 */
export function aggregateQuoteMids(quotes: QuoteSeries, timeframe: Timeframe): AggregatedSeries {
  const spec = { kind: 'time', timeframe } as const;
  const builder = new AggregatedSeriesBuilder(quotes.instrumentId, timeframe, capacityFor(quotes, spec));
  const aggregator = new BarAggregator({ instrumentId: quotes.instrumentId, timeframe, onBar: builder.handler });
  const { timestamp, bid, ask } = quotes;
  for (let i = 0; i < quotes.length; i++) {
    const mid = quoteMid(bid[i]!, ask[i]!);
    if (mid > 0) aggregator.addTrade(timestamp[i]!, mid, 0);
  }
  aggregator.flush();
  return builder.finish();
}

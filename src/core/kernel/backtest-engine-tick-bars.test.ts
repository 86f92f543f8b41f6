import { describe, expect, it } from 'vitest';
import { aggregateTrades } from '../data/trade-bars.ts';
import type { Bar, QuoteSeries, TradeSeries } from '../model/data.ts';
import type { OrderEvent, OrderFilled } from '../model/events.ts';
import type { Strategy } from '../strategy/strategy.ts';
import type { StrategyContext } from '../strategy/strategy-context.ts';
import {
  MINUTE,
  quoteSeriesFromRows,
  scriptedEngine,
  T0,
  type TradeRow,
  testInstrument,
  tradeSeriesFromRows,
} from '../testing/fixtures.ts';

const INSTRUMENT = testInstrument();
const ID = INSTRUMENT.id;
const SECOND = 1_000;

const trades = (rows: readonly TradeRow[]): TradeSeries => tradeSeriesFromRows(rows, INSTRUMENT);

/** Three minutes of prints (the third still open at the end); one lands exactly on the first close. */
const PRINTS = trades([
  [0, 100, 1],
  [20 * SECOND, 102, 2],
  [59 * SECOND, 101, 1],
  [MINUTE, 105, 3],
  [MINUTE + 1, 106, 1],
  [MINUTE + 30 * SECOND, 99, 2],
  [2 * MINUTE + 5 * SECOND, 98, 1],
  [2 * MINUTE + 10 * SECOND, 97, 1],
]);

/** Records each bar with the clock's time when it arrives; buys 1 on the first bar. */
class BarRecorder implements Strategy {
  readonly bars: { readonly bar: Bar; readonly clock: number }[] = [];
  readonly fills: OrderFilled[] = [];
  onStart(context: StrategyContext): void {
    context.subscribeBars(ID, '1m');
  }
  onBar(bar: Bar, context: StrategyContext): void {
    this.bars.push({ bar: { ...bar }, clock: context.now() });
    if (this.bars.length === 1)
      context.submitOrder(context.orders.market({ instrumentId: ID, side: 'buy', quantity: 1 }));
  }
  onOrderFilled(fill: OrderFilled): void {
    this.fills.push(fill);
  }
}

function runTrades(series: TradeSeries): { strategy: BarRecorder; barsProcessed: number; ticks: number } {
  const strategy = new BarRecorder();
  const engine = scriptedEngine(INSTRUMENT, strategy);
  engine.aggregateBars({ instrumentId: ID, timeframe: '1m', source: 'trades' });
  engine.processTrades(series);
  const result = engine.finish();
  return { strategy, barsProcessed: result.barsProcessed, ticks: result.ticksProcessed };
}

describe('BacktestEngine.aggregateBars: bar strategies on tick data', () => {
  it('publishes the same bars as the batch aggregation, each at its close, and never the one still open', () => {
    const { strategy, barsProcessed, ticks } = runTrades(PRINTS);
    const batch = aggregateTrades(PRINTS, { kind: 'time', timeframe: '1m' }).series;
    expect(batch.length, 'the batch has the open third minute too').toBe(3);
    expect(strategy.bars.map(({ bar }) => [bar.timestamp, bar.open, bar.high, bar.low, bar.close, bar.volume])).toEqual(
      [0, 1].map((i) => [
        batch.timestamp[i],
        batch.open[i],
        batch.high[i],
        batch.low[i],
        batch.close[i],
        batch.volume[i],
      ]),
    );
    expect(
      strategy.bars.map(({ clock }) => clock - T0),
      'each bar arrives when the clock reaches its close',
    ).toEqual([MINUTE, 2 * MINUTE]);
    expect(barsProcessed).toBe(2);
    expect(ticks).toBe(PRINTS.length);
  });

  it('fills an order sent on a bar at the first print after its close, not at the print stamped on the close', () => {
    const { strategy } = runTrades(PRINTS);
    expect(strategy.fills).toHaveLength(1);
    const fill = strategy.fills[0]!;
    expect(fill.timestamp - T0, 'the print at the close shares the order’s millisecond: too early').toBe(MINUTE + 1);
    expect(fill.lastPrice).toBe(106);
  });

  it('builds quote bars from the mids, with no volume, skipping one-sided quotes', () => {
    const strategy = new BarRecorder();
    const engine = scriptedEngine(INSTRUMENT, strategy);
    engine.aggregateBars({ instrumentId: ID, timeframe: '1m', source: 'quotes' });
    const quotes: QuoteSeries = {
      instrumentId: ID,
      length: 4,
      timestamp: Float64Array.of(T0, T0 + SECOND, T0 + 2 * SECOND, T0 + MINUTE),
      bid: Float64Array.of(99, 0, 101, 104),
      ask: Float64Array.of(101, 250, 103, 106),
      bidSize: Float64Array.of(5, 5, 5, 5),
      askSize: Float64Array.of(5, 5, 5, 5),
    };
    engine.processQuotes(quotes);
    engine.finish();
    expect(strategy.bars.map(({ bar }) => [bar.open, bar.high, bar.low, bar.close, bar.volume])).toEqual([
      [100, 102, 100, 102, 0],
    ]);
  });

  it('counts the time in the market in ticks when the data is ticks', () => {
    const strategy = new BarRecorder();
    const engine = scriptedEngine(INSTRUMENT, strategy);
    engine.aggregateBars({ instrumentId: ID, timeframe: '1m', source: 'trades' });
    engine.processTrades(PRINTS);
    const result = engine.finish();
    expect(result.stepsInMarket, 'the position opens on the 5th print and is held through the 8th').toBe(4);
    expect(result.equity.length).toBe(PRINTS.length);
  });

  it('makes one equity point of the ticks sharing a millisecond: the state after the last of them', () => {
    const strategy = new BarRecorder();
    const engine = scriptedEngine(INSTRUMENT, strategy);
    engine.aggregateBars({ instrumentId: ID, timeframe: '1m', source: 'trades' });
    engine.processTrades(
      trades([
        [0, 100, 1],
        [MINUTE, 100, 1],
        [MINUTE + 1, 100, 1],
        [MINUTE + 1, 110, 1],
        [MINUTE + 2, 120, 1],
      ]),
    );
    const result = engine.finish();
    expect(Array.from(result.equity.timestamps.subarray(0, result.equity.length), (t) => t - T0)).toEqual([
      0,
      MINUTE,
      MINUTE + 1,
      MINUTE + 2,
    ]);
    const cash = 1_000_000 - 100;
    expect(result.equity.equity[2], 'marked at the millisecond’s last print, 110').toBeCloseTo(cash + 110, 9);
    expect(result.stepsInMarket, 'held from the millisecond of the fill on: counted once there').toBe(2);
  });

  it('refuses to set up bars once ticks have run, or twice', () => {
    const engine = scriptedEngine(INSTRUMENT, new BarRecorder());
    engine.aggregateBars({ instrumentId: ID, timeframe: '1m', source: 'trades' });
    expect(() => engine.aggregateBars({ instrumentId: ID, timeframe: '5m', source: 'trades' })).toThrow(/once/);
    engine.processTrades(PRINTS);
    expect(() => engine.aggregateBars({ instrumentId: ID, timeframe: '1m', source: 'quotes' })).toThrow(
      /before any tick/,
    );
  });
});

/** On its first bar sends a buy limit far below the market that times out after two bars; on `cancelOnBar`, cancels it. */
class TimeoutLimit implements Strategy {
  readonly events: string[] = [];
  /** The order's status when each bar arrives (ms after T0 → status). */
  readonly statusOnBar: string[] = [];
  private id = '';
  constructor(private readonly cancelOnBar?: number) {}
  onStart(context: StrategyContext): void {
    context.subscribeBars(ID, '1m');
  }
  onBar(_bar: Bar, context: StrategyContext): void {
    const now = context.now() - T0;
    if (this.id === '') {
      const order = context.orders.limit({ instrumentId: ID, side: 'buy', quantity: 1, price: 50, expireAfterBars: 2 });
      this.id = order.clientOrderId;
      context.submitOrder(order);
      return;
    }
    const order = context.cache.order(this.id)!;
    this.statusOnBar.push(`${now} ${order.status}`);
    if (now === this.cancelOnBar) context.cancelOrder(this.id);
  }
  onOrderEvent(event: OrderEvent): void {
    this.events.push(`${event.type} +${event.timestamp - T0}`);
  }
}

/** Quotes every 10 s over four minutes and a bit, 100 / 100.1. */
const EVERY_TEN_SECONDS: QuoteSeries = {
  instrumentId: ID,
  length: 26,
  timestamp: Float64Array.from({ length: 26 }, (_, i) => T0 + i * 10 * SECOND),
  bid: new Float64Array(26).fill(100),
  ask: new Float64Array(26).fill(100.1),
  bidSize: new Float64Array(26).fill(5),
  askSize: new Float64Array(26).fill(5),
};

function runTimeout(strategy: TimeoutLimit): TimeoutLimit {
  const engine = scriptedEngine(INSTRUMENT, strategy);
  engine.aggregateBars({ instrumentId: ID, timeframe: '1m', source: 'quotes' });
  engine.processQuotes(EVERY_TEN_SECONDS);
  engine.finish();
  return strategy;
}

describe('BacktestEngine.aggregateBars: a limit with a timeout counts the bars built from the ticks', () => {
  it('works through two bars and expires at the first quote after the second one closes, not after two quotes', () => {
    const strategy = runTimeout(new TimeoutLimit());
    expect(strategy.events, 'sent on the first bar (1:00), accepted at the next quote (1:10)').toEqual([
      'OrderSubmitted +60000',
      'OrderAccepted +70000',
      'OrderExpired +180000',
    ]);
    expect(strategy.statusOnBar, 'still working when the second bar reaches the strategy').toEqual([
      '120000 accepted',
      '180000 accepted',
      '240000 expired',
    ]);
  });

  it('counts a bucket closed by both the quote bars and the trade bars once, whichever source was set up first', () => {
    const strategy = new TimeoutLimit();
    const engine = scriptedEngine(INSTRUMENT, strategy);
    engine.aggregateBars({ instrumentId: ID, timeframe: '1m', source: 'trades' });
    engine.aggregateBars({ instrumentId: ID, timeframe: '1m', source: 'quotes' });
    const quotesAt = (seconds: readonly number[]): QuoteSeries =>
      quoteSeriesFromRows(
        seconds.map((t) => [t * SECOND, 100, 100.1]),
        INSTRUMENT,
      );
    // Each minute: a quote on the minute (closing the last minute's quote bar), a print 5 s later
    // (closing its trade bar: the same bucket), then quotes every 10 s.
    for (let minute = 0; minute < 4; minute++) {
      const start = 60 * minute;
      engine.processQuotes(quotesAt([start]));
      engine.processTrades(trades([[(start + 5) * SECOND, 100, 1]]));
      engine.processQuotes(quotesAt([start + 10, start + 20, start + 30, start + 40, start + 50]));
    }
    engine.finish();
    expect(
      strategy.events,
      'accepted at the 1:05 print; the buckets of 2:00 and 3:00 counted at their quotes, not again at the prints',
    ).toEqual(['OrderSubmitted +60000', 'OrderAccepted +65000', 'OrderExpired +180000']);
  });

  it('expires it before the quote that closed the bar is matched: a cancel sent on that bar arrives after and is refused', () => {
    const strategy = runTimeout(new TimeoutLimit(3 * MINUTE));
    expect(strategy.events.slice(-2), 'the cancel, sent at 3:00, meets the first quote stamped after it').toEqual([
      'OrderExpired +180000',
      'OrderCancelRejected +190000',
    ]);
  });
});

import { describe, expect, it } from 'vitest';
import { BacktestEngine, type BacktestEngineConfig, type BacktestResult } from '../kernel/backtest-engine.ts';
import type { QuoteSeries, QuoteTick, TradeSeries, TradeTick } from '../model/data.ts';
import type { OrderEvent, OrderFilled } from '../model/events.ts';
import type { Strategy } from '../strategy/strategy.ts';
import type { StrategyContext } from '../strategy/strategy-context.ts';
import {
  type Action,
  all,
  type QuoteRow,
  quoteSeriesFromRows,
  scriptedEngine,
  T0,
  type TradeRow,
  testInstrument,
  tradeSeriesFromRows,
} from '../testing/fixtures.ts';

/** Whole units, cents; 10 bps maker and taker so the liquidity side shows in the fees. */
const INSTRUMENT = testInstrument({ makerFee: 0.001, takerFee: 0.001 });
const ID = INSTRUMENT.id;
const SECOND = 1_000;

const quotes = (rows: readonly QuoteRow[]): QuoteSeries => quoteSeriesFromRows(rows, INSTRUMENT);
const trades = (rows: readonly TradeRow[]): TradeSeries => tradeSeriesFromRows(rows, INSTRUMENT);

/** Runs `actions[i]` when tick i (a quote or a trade) reaches it, and records what it sees. */
class ScriptedTickStrategy implements Strategy {
  readonly events: OrderEvent[] = [];
  readonly seen: string[] = [];
  /** Equity after each tick, as the strategy reads it. */
  readonly equity: number[] = [];
  private index = -1;
  constructor(private readonly actions: Readonly<Record<number, Action>>) {}
  onStart(context: StrategyContext): void {
    context.subscribeQuotes(ID);
    context.subscribeTrades(ID);
  }
  onQuote(quote: QuoteTick, context: StrategyContext): void {
    this.seen.push(`quote ${quote.timestamp - T0} ${quote.bid}/${quote.ask} ${quote.bidSize}x${quote.askSize}`);
    this.tick(context);
  }
  onTrade(trade: TradeTick, context: StrategyContext): void {
    this.seen.push(
      `trade ${trade.timestamp - T0} ${trade.price} ${trade.size} ${trade.aggressorSide} ${trade.tradeId}`,
    );
    this.tick(context);
  }
  onOrderEvent(event: OrderEvent): void {
    this.events.push(event);
  }
  private tick(context: StrategyContext): void {
    this.index++;
    this.equity.push(context.portfolio.equity());
    this.actions[this.index]?.(context);
  }
}

interface Run {
  readonly result: BacktestResult;
  readonly strategy: ScriptedTickStrategy;
  readonly fills: readonly OrderFilled[];
  readonly types: (clientOrderId: string) => string[];
}

function run(
  data: QuoteSeries | TradeSeries,
  actions: Readonly<Record<number, Action>>,
  config: Partial<BacktestEngineConfig> = {},
): Run {
  const strategy = new ScriptedTickStrategy(actions);
  const engine = scriptedEngine(INSTRUMENT, strategy, config);
  if ('bid' in data) engine.processQuotes(data);
  else engine.processTrades(data);
  const result = engine.finish();
  return {
    result,
    strategy,
    fills: result.fills,
    types: (id) => strategy.events.filter((e) => e.clientOrderId === id).map((e) => e.type),
  };
}

const market =
  (side: 'buy' | 'sell', quantity: number): Action =>
  (c) =>
    c.submitOrder(c.orders.market({ instrumentId: ID, side, quantity }));
const limit =
  (side: 'buy' | 'sell', quantity: number, price: number, extra: { postOnly?: boolean } = {}): Action =>
  (c) =>
    c.submitOrder(c.orders.limit({ instrumentId: ID, side, quantity, price, ...extra }));
const fillsOf = (r: Run): string[] =>
  r.fills.map((f) => `${f.side} ${f.lastQuantity}@${f.lastPrice} ${f.liquiditySide} +${f.timestamp - T0}`);

describe('quotes: buys meet the ask, sells the bid', () => {
  it('fills a market order at the next quote, never the one it was sent on', () => {
    const data = quotes([
      [0, 100, 100.1],
      [SECOND, 100.2, 100.3],
      [2 * SECOND, 100.4, 100.5],
    ]);
    const r = run(data, { 0: market('buy', 3), 1: market('sell', 3) });
    expect(fillsOf(r), 'the buy sent on quote 0 takes quote 1 ask; the sell sent on quote 1 hits quote 2 bid').toEqual([
      'buy 3@100.3 taker +1000',
      'sell 3@100.4 taker +2000',
    ]);
    expect(r.result.ticksProcessed).toBe(3);
    expect(r.strategy.seen[1]).toBe('quote 1000 100.2/100.3 1000x1000');
  });

  it('waits for a quote stamped after the arrival: one at the same millisecond is too early', () => {
    const data = quotes([
      [0, 100, 100.1],
      [0, 100, 100.2],
      [5, 100, 100.3],
    ]);
    const r = run(data, { 0: market('buy', 1) });
    expect(fillsOf(r)).toEqual(['buy 1@100.3 taker +5']);
  });

  it('arrives after the latency: the first quote stamped after send time + latency', () => {
    const data = quotes([
      [0, 100, 100.1],
      [100, 100, 100.2],
      [600, 100, 100.3],
    ]);
    const r = run(data, { 0: market('buy', 1) }, { exchange: { latency: { fixedMs: 500, jitterMs: 0 } } });
    expect(fillsOf(r)).toEqual(['buy 1@100.3 taker +600']);
  });

  it('fills no more than the displayed size per quote; the rest keeps working', () => {
    const data = quotes([
      [0, 100, 100.1, 9, 9],
      [1, 100, 100.2, 9, 2],
      [2, 100, 100.3, 9, 2],
      [3, 100, 100.4, 9, 3],
      [4, 100, 100.5, 9, 3],
    ]);
    const r = run(data, { 0: market('buy', 5) });
    expect(fillsOf(r)).toEqual(['buy 2@100.2 taker +1', 'buy 2@100.3 taker +2', 'buy 1@100.4 taker +3']);
    expect(r.types('S-000001')).toEqual([
      'OrderSubmitted',
      'OrderAccepted',
      'OrderFilled',
      'OrderFilled',
      'OrderFilled',
    ]);
  });

  it('applies maxVolumeParticipation to the displayed size, per side', () => {
    const data = quotes([
      [0, 100, 100.1, 10, 10],
      [1, 100, 100.2, 8, 4],
    ]);
    const r = run(
      data,
      { 0: all(market('buy', 5), market('sell', 5)) },
      {
        exchange: { maxVolumeParticipation: 0.5 },
      },
    );
    expect(fillsOf(r), 'half of the ask size for the buy, half of the bid size for the sell').toEqual([
      'buy 2@100.2 taker +1',
      'sell 4@100 taker +1',
    ]);
  });

  it('fills a marketable limit at the ask as a taker, a resting one at its own price as a maker', () => {
    const data = quotes([
      [0, 100, 100.1],
      [1, 100, 100.2],
      [2, 100, 100.15],
      [3, 99.5, 99.6],
    ]);
    const r = run(data, { 0: all(limit('buy', 1, 100.5), limit('buy', 2, 99.8)) });
    expect(fillsOf(r), 'the ask fell through 99.8 between quotes: the resting bid was met at 99.8').toEqual([
      'buy 1@100.2 taker +1',
      'buy 2@99.8 maker +3',
    ]);
  });

  it('judges post-only against the ask: denied before it leaves, or rejected by the venue on arrival', () => {
    const data = quotes([
      [0, 100, 100.3],
      [1, 100, 100.2],
      [2, 100, 100.2],
    ]);
    const r = run(data, {
      0: all(
        limit('buy', 1, 100.3, { postOnly: true }),
        limit('buy', 1, 100.2, { postOnly: true }),
        limit('buy', 1, 100.19, { postOnly: true }),
      ),
    });
    expect(r.types('S-000001'), 'at the current ask: the pre-trade check denies it').toEqual(['OrderDenied']);
    expect(r.types('S-000002'), 'below the ask when sent, at the ask when it arrives').toEqual([
      'OrderSubmitted',
      'OrderRejected',
    ]);
    expect(r.types('S-000003'), 'a mid-spread bid stays passive').toEqual(['OrderSubmitted', 'OrderAccepted']);
  });

  it('triggers a buy stop on the ask and fills it there', () => {
    const data = quotes([
      [0, 100, 100.1],
      [1, 100.5, 100.6],
      [2, 100.9, 101.2],
    ]);
    const r = run(data, {
      0: (c) => c.submitOrder(c.orders.stopMarket({ instrumentId: ID, side: 'buy', quantity: 1, triggerPrice: 101 })),
    });
    expect(r.types('S-000001')).toEqual(['OrderSubmitted', 'OrderAccepted', 'OrderTriggered', 'OrderFilled']);
    expect(fillsOf(r)).toEqual(['buy 1@101.2 taker +2']);
  });

  it('charges the market impact but not the half spread: the quote already holds the spread', () => {
    const data = quotes([
      [0, 100, 100.1],
      [1, 100, 100, 100, 100],
    ]);
    const spreadOnly = run(
      data,
      { 0: market('buy', 1) },
      { exchange: { slippage: { halfSpreadBps: 50, impactBps: 0 } } },
    );
    expect(fillsOf(spreadOnly)).toEqual(['buy 1@100 taker +1']);
    // 100 bps × sqrt(25 / 100) = 50 bps on 100.
    const impact = run(
      data,
      { 0: market('buy', 25) },
      { exchange: { slippage: { halfSpreadBps: 50, impactBps: 100 } } },
    );
    expect(fillsOf(impact)).toEqual(['buy 25@100.5 taker +1']);
  });

  it('marks positions at the mid of each quote', () => {
    const data = quotes([
      [0, 100, 100.2],
      [1, 100, 100.2],
      [2, 110, 110.4],
    ]);
    const r = run(data, { 0: market('buy', 10) });
    // Bought 10 at 100.2 with a 10 bps fee (1.002, charged in whole cents: 1.00); marked at 110.2 on the last quote.
    expect(r.strategy.equity[2]).toBeCloseTo(1_000_000 - 1002 - 1 + 10 * 110.2, 6);
    expect(r.result.finalEquity).toBeCloseTo(r.strategy.equity[2]!, 6);
  });

  it('refuses a quote older than the engine time, naming the row', () => {
    const engine = new BacktestEngine({ startingCash: 1_000, baseCurrency: 'USD', accountType: 'cash', seed: 1 });
    engine.addInstrument(INSTRUMENT);
    expect(() =>
      engine.processQuotes(
        quotes([
          [5, 100, 100.1],
          [4, 100, 100.1],
        ]),
      ),
    ).toThrow(/quotes of TEST\.SIM must not go back in time: row 1/);
  });
});

describe('trades: both sides meet the print', () => {
  it('fills a market order at the next prints within their size', () => {
    const data = trades([
      [0, 50],
      [10, 51, 2, 1],
      [20, 52, 5, -1],
    ]);
    const r = run(data, { 0: market('buy', 4) });
    expect(fillsOf(r)).toEqual(['buy 2@51 taker +10', 'buy 2@52 taker +20']);
    expect(r.strategy.seen.slice(1)).toEqual(['trade 10 51 2 buyer t1', 'trade 20 52 5 seller t2']);
  });

  it('charges the whole slippage model on prints (a print is neither side of the book)', () => {
    const data = trades([
      [0, 100],
      [1, 100],
    ]);
    const r = run(data, { 0: market('sell', 1) }, { exchange: { slippage: { halfSpreadBps: 10, impactBps: 0 } } });
    expect(fillsOf(r)).toEqual(['sell 1@99.9 taker +1']);
  });

  it('fills a resting sell limit at its price when a print reaches it', () => {
    const data = trades([
      [0, 100],
      [1, 100.5],
      [2, 101.3, 3],
    ]);
    const r = run(data, { 0: limit('sell', 5, 101) }, { accountType: 'margin' });
    expect(fillsOf(r)).toEqual(['sell 3@101 maker +2']);
    expect(r.fills[0]!.fee, '10 bps of 303, in whole cents').toBe(0.3);
  });
});

describe('ticks without bars: a limit with a timeout in bars', () => {
  it('is rejected by the venue, naming what to give instead, since no bar would ever count', () => {
    const data = quotes([
      [0, 100, 100.1],
      [SECOND, 100, 100.1],
      [2 * SECOND, 100, 100.1],
      [3 * SECOND, 100, 100.1],
    ]);
    const r = run(data, {
      0: (c) =>
        c.submitOrder(c.orders.limit({ instrumentId: ID, side: 'buy', quantity: 1, price: 90, expireAfterBars: 2 })),
    });
    const events = r.strategy.events;
    expect(events.map((e) => e.type)).toEqual(['OrderSubmitted', 'OrderRejected']);
    const rejected = events[1]!;
    expect(rejected.type === 'OrderRejected' && rejected.reason).toMatch(/^NO_BARS_TO_COUNT: .*expireTime/);
  });
});

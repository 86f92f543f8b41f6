/**
 * The simulated venue on real tick data: NautilusTrader's recorded Binance BTCUSDT quotes (451)
 * and trades (2,001) of 2021-01-08 00:00:00–00:00:47 UTC, read by the market-data reader and fed
 * to the backtest engine. Every fill is checked against the tick it happened on.
 */
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readMarketDataFile } from '../../src/adapters/data/index.ts';
import { BacktestEngine, type BacktestResult } from '../../src/core/kernel/index.ts';
import type { QuoteSeries, QuoteTick, TradeSeries, TradeTick } from '../../src/core/model/data.ts';
import { createInstrument } from '../../src/core/model/instrument.ts';
import type { Order } from '../../src/core/model/order.ts';
import type { Strategy } from '../../src/core/strategy/strategy.ts';
import type { StrategyContext } from '../../src/core/strategy/strategy-context.ts';

const BINANCE = join(import.meta.dirname, '../../../shared/data/nautilus_trader/tests/test_data/binance');

const BTCUSDT = createInstrument({
  symbol: 'BTCUSDT',
  venue: 'BINANCE',
  kind: 'spot',
  baseCurrency: 'BTC',
  quoteCurrency: 'USDT',
  priceIncrement: 0.01,
  sizeIncrement: 0.000001,
  makerFee: 0.001,
  takerFee: 0.001,
});

/** Every `every` ticks: a market order of 0.5 BTC, alternately buy and sell, once the last one is done. */
class AlternatingTaker implements Strategy {
  private ticks = 0;
  private orders = 0;
  private working: string | undefined;
  constructor(private readonly every: number) {}
  onStart(context: StrategyContext): void {
    context.subscribeQuotes(BTCUSDT.id);
    context.subscribeTrades(BTCUSDT.id);
  }
  onQuote(_quote: QuoteTick, context: StrategyContext): void {
    this.tick(context);
  }
  onTrade(_trade: TradeTick, context: StrategyContext): void {
    this.tick(context);
  }
  private tick(context: StrategyContext): void {
    if (this.ticks++ % this.every !== 0) return;
    if (this.working !== undefined && context.cache.order(this.working)?.status !== 'filled') return;
    const side = this.orders++ % 2 === 0 ? 'buy' : 'sell';
    const order = context.orders.market({ instrumentId: BTCUSDT.id, side, quantity: 0.5 });
    this.working = order.clientOrderId;
    context.submitOrder(order);
  }
}

function backtest(data: QuoteSeries | TradeSeries): BacktestResult {
  const engine = new BacktestEngine({ startingCash: 100_000, baseCurrency: 'USDT', accountType: 'cash', seed: 1 });
  engine.addInstrument(BTCUSDT);
  engine.addStrategy(new AlternatingTaker(40), 'taker');
  if ('bid' in data) engine.processQuotes(data);
  else engine.processTrades(data);
  return engine.finish();
}

/** Rows of a series by timestamp (several ticks may share a millisecond). */
function rowsAt(timestamps: Float64Array, length: number): Map<number, number[]> {
  const rows = new Map<number, number[]>();
  for (let i = 0; i < length; i++) {
    const list = rows.get(timestamps[i]!) ?? [];
    list.push(i);
    rows.set(timestamps[i]!, list);
  }
  return rows;
}

const createdAt = (orders: readonly Order[]) => new Map(orders.map((o) => [o.clientOrderId, o.createdAt]));

let quotes: QuoteSeries;
let trades: TradeSeries;

beforeAll(async () => {
  const q = await readMarketDataFile({ path: join(BINANCE, 'btcusdt-quotes.parquet'), mode: 'strict' });
  const t = await readMarketDataFile({ path: join(BINANCE, 'btcusdt-trades.parquet'), mode: 'strict' });
  if (q.data.kind !== 'quotes' || t.data.kind !== 'trades') throw new Error('the recorded files changed kind');
  quotes = { instrumentId: BTCUSDT.id, ...q.data.columns };
  trades = { instrumentId: BTCUSDT.id, ...t.data.columns };
});

describe('Binance BTCUSDT quotes', () => {
  it('fills buys at an ask and sells at a bid of a quote stamped after the order, within its displayed size', () => {
    const result = backtest(quotes);
    expect(result.ticksProcessed).toBe(451);
    expect(result.fills.length, 'orders of 0.5 BTC against top-of-book sizes fill in parts').toBeGreaterThan(5);
    const at = rowsAt(quotes.timestamp, quotes.length);
    const created = createdAt(result.orders);
    const takenPerQuote = new Map<string, number>();
    for (const fill of result.fills) {
      expect(fill.timestamp, `${fill.tradeId} after its order was sent`).toBeGreaterThan(
        created.get(fill.clientOrderId)!,
      );
      const buy = fill.side === 'buy';
      const sizeOf = (i: number): number => (buy ? quotes.askSize[i]! : quotes.bidSize[i]!);
      // Several quotes may share a millisecond and a price: the fill belongs to one with room left.
      const row = (at.get(fill.timestamp) ?? []).find((i) => {
        const taken = takenPerQuote.get(`${i} ${fill.side}`) ?? 0;
        return (
          (buy ? quotes.ask[i] : quotes.bid[i]) === fill.lastPrice && taken + fill.lastQuantity <= sizeOf(i) + 1e-12
        );
      });
      expect(
        row,
        `${fill.tradeId} ${fill.side} ${fill.lastQuantity} @ ${fill.lastPrice}: a quote's ${buy ? 'ask' : 'bid'} with that much size left`,
      ).toBeDefined();
      const key = `${row} ${fill.side}`;
      takenPerQuote.set(key, (takenPerQuote.get(key) ?? 0) + fill.lastQuantity);
      expect(fill.liquiditySide).toBe('taker');
    }
    const filled = result.orders.filter((o) => o.status === 'filled');
    expect(filled.length).toBeGreaterThanOrEqual(2);
    for (const o of filled) {
      const sum = result.fills
        .filter((f) => f.clientOrderId === o.clientOrderId)
        .reduce((s, f) => s + f.lastQuantity, 0);
      expect(sum, `${o.clientOrderId} fills add up to its quantity`).toBeCloseTo(0.5, 9);
    }
  });

  it('marks the position at the last mid: equity = cash + position × mid', () => {
    const result = backtest(quotes);
    const last = quotes.length - 1;
    const mid = (quotes.bid[last]! + quotes.ask[last]!) / 2;
    const position = result.finalPositions[BTCUSDT.id] ?? 0;
    expect(result.finalEquity).toBeCloseTo(result.finalCash!.USDT! + position * mid, 6);
  });

  it('is deterministic: the same data and seed give the same fills', () => {
    expect(JSON.stringify(backtest(quotes).fills)).toBe(JSON.stringify(backtest(quotes).fills));
  });
});

describe('Binance BTCUSDT trades', () => {
  it('fills at the price of a print stamped after the order, within the print size', () => {
    const result = backtest(trades);
    expect(result.ticksProcessed).toBe(2001);
    expect(result.fills.length).toBeGreaterThan(5);
    const at = rowsAt(trades.timestamp, trades.length);
    const created = createdAt(result.orders);
    for (const fill of result.fills) {
      expect(fill.timestamp).toBeGreaterThan(created.get(fill.clientOrderId)!);
      const rows = (at.get(fill.timestamp) ?? []).filter((i) => trades.price[i] === fill.lastPrice);
      expect(rows.length, `${fill.tradeId} ${fill.lastPrice} is a print's price`).toBeGreaterThan(0);
      const largest = Math.max(...rows.map((i) => trades.size[i]!));
      expect(fill.lastQuantity, `${fill.tradeId} within a print's size`).toBeLessThanOrEqual(largest + 1e-12);
    }
  });
});

import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadBars } from '../../adapters/data/index.ts';
import type { TradeSeries } from '../model/data.ts';
import { instrumentId } from '../model/ids.ts';
import type { AggregatedBar, AggregatedSeries } from './aggregated-bar.ts';
import { aggregateTrades, createTradeBarAggregator, type TradeBarSpec } from './trade-bars.ts';

const SHARED = new URL('../../../../shared/data/', import.meta.url);
const ID = instrumentId('XRP/ETH', 'BINANCE');
const T0 = Date.parse('2024-01-01T00:00:00Z');

function tradeSeries(rows: readonly (readonly [number, number, number])[], id = ID): TradeSeries {
  return {
    instrumentId: id,
    length: rows.length,
    timestamp: Float64Array.from(rows, (r) => r[0]),
    price: Float64Array.from(rows, (r) => r[1]),
    size: Float64Array.from(rows, (r) => r[2]),
    aggressor: new Int8Array(rows.length),
    tradeId: rows.map((_, i) => String(i)),
  };
}

/** Rows [open time, o, h, l, c, v, count, partial] of a result, for readable comparisons. */
const rowsOf = (out: AggregatedSeries) =>
  Array.from({ length: out.series.length }, (_, k) => [
    out.series.timestamp[k],
    out.series.open[k],
    out.series.high[k],
    out.series.low[k],
    out.series.close[k],
    out.series.volume[k],
    out.count[k],
    out.partial[k],
  ]);

describe('threshold bars, hand-computed', () => {
  const trades = tradeSeries([
    [T0 + 1, 10, 0.25],
    [T0 + 2, 12, 0.5],
    [T0 + 3, 11, 0.5],
    [T0 + 4, 9, 2.5],
    [T0 + 5, 13, 0.125],
  ]);

  it('tick bars: every 2 trades, the odd one out partial', () => {
    const out = aggregateTrades(trades, { kind: 'tick', trades: 2 });
    expect(out.series.timeframe).toBe('2-tick');
    expect(rowsOf(out)).toEqual([
      [T0 + 1, 10, 12, 10, 12, 0.75, 2, 0],
      [T0 + 3, 11, 11, 9, 9, 3, 2, 0],
      [T0 + 5, 13, 13, 13, 13, 0.125, 1, 1],
    ]);
    expect(Array.from(out.closeTimestamp), 'closed by their last trade').toEqual([T0 + 2, T0 + 4, T0 + 5]);
  });

  it('volume bars, split: the crossing trade is cut so every complete bar holds exactly 1', () => {
    const out = aggregateTrades(trades, { kind: 'volume', volume: 1 });
    expect(rowsOf(out)).toEqual([
      // 0.25 + 0.5 + 0.25 of the third trade
      [T0 + 1, 10, 12, 10, 11, 1, 3, 0],
      // the third trade's other 0.25 + 0.75 of the 2.5
      [T0 + 3, 11, 11, 9, 9, 1, 2, 0],
      // another 1 of the 2.5, all at its price and time
      [T0 + 4, 9, 9, 9, 9, 1, 1, 0],
      // its last 0.75 + 0.125, below the threshold
      [T0 + 4, 9, 13, 9, 13, 0.875, 2, 1],
    ]);
  });

  it('volume bars, close: the crossing trade goes whole into the bar that it closes', () => {
    const out = aggregateTrades(trades, { kind: 'volume', volume: 1, overflow: 'close' });
    expect(rowsOf(out)).toEqual([
      [T0 + 1, 10, 12, 10, 11, 1.25, 3, 0],
      [T0 + 4, 9, 9, 9, 9, 2.5, 1, 0],
      [T0 + 5, 13, 13, 13, 13, 0.125, 1, 1],
    ]);
  });

  it('notional (dollar) bars of 10: price × size summed, split at the threshold', () => {
    const out = aggregateTrades(trades, { kind: 'notional', notional: 10 });
    // notionals: 2.5, 6, 5.5, 22.5, 1.625. Bar 1: 2.5 + 6 + 1.5 (size 1.5/11) of the third.
    const s = out.series;
    expect(s.length).toBe(4);
    expect(s.volume[0]).toBeCloseTo(0.25 + 0.5 + 1.5 / 11, 12);
    expect(s.close[0]).toBe(11);
    // Bar 2: the third's remaining 4 + 6 of the 22.5 (size 6/9). Bar 3: 10 of it. Bar 4: 6.5 + 1.625, partial.
    expect(s.volume[1]).toBeCloseTo(0.5 - 1.5 / 11 + 6 / 9, 12);
    expect(s.volume[2]).toBeCloseTo(10 / 9, 12);
    expect(s.volume[3]).toBeCloseTo(6.5 / 9 + 0.125, 12);
    expect(Array.from(out.partial)).toEqual([0, 0, 0, 1]);
    let total = 0;
    for (let k = 0; k < s.length; k++) total += s.volume[k];
    expect(total, 'splitting keeps the traded size').toBeCloseTo(3.875, 12);
  });

  it('refuses bad thresholds and out-of-order or malformed trades', () => {
    expect(() => aggregateTrades(trades, { kind: 'tick', trades: 1.5 })).toThrow(/positive integer/);
    expect(() => aggregateTrades(trades, { kind: 'volume', volume: 0 })).toThrow(/positive finite/);
    const backwards = tradeSeries([
      [T0 + 5, 1, 1],
      [T0 + 4, 1, 1],
    ]);
    expect(() => aggregateTrades(backwards, { kind: 'tick', trades: 10 })).toThrow(
      '10-tick bars: trade at 2024-01-01T00:00:00.004Z is earlier than the previous one at 2024-01-01T00:00:00.005Z',
    );
    expect(() => aggregateTrades(backwards, { kind: 'time', timeframe: '1m' })).toThrow(/out of order/);
    expect(() => aggregateTrades(tradeSeries([[T0, 1, Number.NaN]]), { kind: 'volume', volume: 1 })).toThrow(
      /size NaN/,
    );
  });
});

const arbitraryTrades = fc
  .array(
    fc.record({
      step: fc.integer({ min: 0, max: 20_000 }),
      price: fc.integer({ min: 1, max: 500 }),
      size: fc.double({ min: 0, max: 5, noNaN: true }),
      tick: fc.boolean(),
    }),
    { minLength: 1, maxLength: 300 },
  )
  .map((rows) => {
    let t = T0;
    return rows.map((r) => ({ ...r, t: (t += r.step) }));
  });
const specs = fc.constantFrom<TradeBarSpec>(
  { kind: 'time', timeframe: '1m' },
  { kind: 'time', timeframe: '5m' },
  { kind: 'tick', trades: 7 },
  { kind: 'volume', volume: 3 },
  { kind: 'volume', volume: 3, overflow: 'close' },
  { kind: 'notional', notional: 400 },
);

describe('trade bars, properties', () => {
  it('a live stream of ticks with timer closes gives the batch bars; volume is conserved', () => {
    fc.assert(
      fc.property(arbitraryTrades, specs, (rows, spec) => {
        const trades = tradeSeries(rows.map((r) => [r.t, r.price / 100, r.size]));
        const batch = rowsOf(aggregateTrades(trades, spec));
        const streamed: unknown[][] = [];
        const aggregator = createTradeBarAggregator({
          instrumentId: ID,
          spec,
          onBar: (b: AggregatedBar) =>
            streamed.push([b.timestamp, b.open, b.high, b.low, b.close, b.volume, b.count, b.partial ? 1 : 0]),
        });
        for (const r of rows) {
          if (r.tick) aggregator.closeUpTo(r.t);
          aggregator.updateTrade({
            instrumentId: ID,
            timestamp: r.t,
            price: r.price / 100,
            size: r.size,
            aggressorSide: 'none',
            tradeId: '',
          });
        }
        aggregator.flush();
        expect(streamed).toEqual(batch);
        const total = rows.reduce((sum, r) => sum + r.size, 0);
        const barTotal = batch.reduce((sum, b) => sum + (b[5] as number), 0);
        expect(barTotal).toBeCloseTo(total, 9);
        if (spec.kind === 'volume' && spec.overflow === undefined)
          for (const b of batch.slice(0, -1))
            expect(b[5], 'split volume bars hold exactly the threshold').toBeCloseTo(3, 9);
      }),
      { numRuns: 200 },
    );
  });
});

describe('time bars from real trades', () => {
  it("freqtrade XRP/ETH: 12,477 Binance trades → 1m equals freqtrade's 1m candles of the same trades", async () => {
    const path = new URL('freqtrade/tests/testdata/', SHARED);
    // [timestamp ms, id, type, side, price, amount, cost]
    const raw = JSON.parse(gunzipSync(readFileSync(new URL('XRP_ETH-trades.json.gz', path))).toString()) as [
      number,
      string,
      null,
      string,
      number,
      number,
      number,
    ][];
    expect(raw.length, 'SOURCE.md: 12,477 trades').toBe(12_477);
    const trades = tradeSeries(raw.map((r) => [r[0], r[4], r[5]]));
    const out = aggregateTrades(trades, { kind: 'time', timeframe: '1m' });
    const { series: candles } = await loadBars({
      path: new URL('XRP_ETH-1m.feather', path).pathname,
      instrumentId: ID,
    });
    expect(candles.length, 'SOURCE.md: 2,469 one-minute candles, only minutes that had trades').toBe(2469);
    const s = out.series;
    expect(s.length).toBe(candles.length);
    for (let k = 0; k < s.length; k++) {
      const where = `minute ${new Date(candles.timestamp[k]).toISOString()}`;
      expect([s.timestamp[k], s.open[k], s.high[k], s.low[k], s.close[k]], where).toEqual([
        candles.timestamp[k],
        candles.open[k],
        candles.high[k],
        candles.low[k],
        candles.close[k],
      ]);
      expect(s.volume[k], where).toBeCloseTo(candles.volume[k], 9);
    }
    expect(out.count.reduce((a, b) => a + b, 0)).toBe(12_477);
    expect(out.partial[0], 'the first trade is at 00:00:11.620, after the minute opened').toBe(1);
    expect(out.partial[s.length - 1], 'the trades end mid-minute').toBe(1);
  });

  it("Kraken XBT/USDT: 1,000 trades → 1m equals Kraken's own 1m OHLC, except the partial first minute", () => {
    const dir = new URL('nautilus_trader/crates/adapters/kraken/test_data/', SHARED);
    const tradesJson = JSON.parse(readFileSync(new URL('http_trades.json', dir), 'utf8'));
    const ohlcJson = JSON.parse(readFileSync(new URL('http_ohlc.json', dir), 'utf8'));
    // [price, volume, time_s, side, type, misc, id] and [time_s, o, h, l, c, vwap, volume, count]
    const rawTrades = tradesJson.result.XBTUSDT as [string, string, number][];
    const klines = ohlcJson.result.XBTUSDT as [number, string, string, string, string, string, string, number][];
    expect(rawTrades.length, 'SOURCE.md: 1,000 trades').toBe(1000);
    expect(klines.length, 'SOURCE.md: 721 bars').toBe(721);
    const trades = tradeSeries(
      rawTrades.map((r) => [Math.floor(r[2] * 1000), Number(r[0]), Number(r[1])]),
      instrumentId('XBT/USDT', 'KRAKEN'),
    );
    const out = aggregateTrades(trades, { kind: 'time', timeframe: '1m' });
    const s = out.series;
    const first = s.timestamp[0];
    const last = s.timestamp[s.length - 1];
    const traded = klines.filter((k) => k[7] > 0 && k[0] * 1000 >= first && k[0] * 1000 <= last);
    expect(s.length, 'one bar per kline minute with trades in the trades window').toBe(traded.length);
    expect(out.partial[0], 'the trades start at 17:23:53: the first minute misses earlier trades').toBe(1);
    const [t0, o0, , , , , , n0] = traded[0];
    expect([s.timestamp[0], s.open[0], out.count[0]], 'Kraken saw 2 trades in that minute, we have 1').toEqual([
      t0 * 1000,
      105433.6,
      1,
    ]);
    expect(Number(o0), 'so the open differs').not.toBe(s.open[0]);
    expect(n0).toBe(2);
    for (let k = 1; k < s.length; k++) {
      const [t, o, h, l, c, , v, n] = traded[k];
      const where = `minute ${new Date(t * 1000).toISOString()}`;
      expect([s.timestamp[k], s.open[k], s.high[k], s.low[k], s.close[k], out.count[k]], where).toEqual([
        t * 1000,
        Number(o),
        Number(h),
        Number(l),
        Number(c),
        n,
      ]);
      expect(s.volume[k], where).toBeCloseTo(Number(v), 8);
    }
  });
});

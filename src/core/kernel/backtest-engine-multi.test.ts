import { describe, expect, it } from 'vitest';
import type { Bar, BarSeries } from '../model/data.ts';
import type { OrderFilled } from '../model/events.ts';
import type { InstrumentId } from '../model/ids.ts';
import type { Strategy } from '../strategy/strategy.ts';
import type { StrategyContext } from '../strategy/strategy-context.ts';
import { MINUTE, T0, testInstrument } from '../testing/fixtures.ts';
import { BacktestEngine } from './backtest-engine.ts';
import { SeededRandom } from './random.ts';

/**
 * Several instruments over one period: bars merged by open time, one step per time slice, each
 * order handled at its own instrument's next bar.
 */
const A = testInstrument({ symbol: 'AAA' });
const B = testInstrument({ symbol: 'BBB' });

/** One-minute bars for `instrumentId` at the given minutes (gaps allowed), a seeded walk around `level`. */
function bars(instrumentId: InstrumentId, minutes: readonly number[], level: number, seed: number): BarSeries {
  const random = new SeededRandom(seed);
  const n = minutes.length;
  const column = () => new Float64Array(n);
  const series = {
    instrumentId,
    timeframe: '1m' as const,
    length: n,
    timestamp: column(),
    open: column(),
    high: column(),
    low: column(),
    close: column(),
    volume: column(),
  };
  let last = level;
  minutes.forEach((minute, i) => {
    const open = Math.round(last + (random.next() - 0.5) * 20);
    const close = Math.round(open + (random.next() - 0.5) * 40);
    series.timestamp[i] = T0 + minute * MINUTE;
    series.open[i] = open;
    series.high[i] = Math.max(open, close) + 3;
    series.low[i] = Math.min(open, close) - 3;
    series.close[i] = close;
    series.volume[i] = 1000;
    last = close;
  });
  return series;
}

/** Buys on every 4th bar and sells on every 7th bar of each instrument it trades. */
class Alternator implements Strategy {
  readonly seen: string[] = [];
  private readonly counts = new Map<string, number>();
  constructor(private readonly traded: readonly InstrumentId[]) {}
  onStart(context: StrategyContext): void {
    for (const id of this.traded) context.subscribeBars(id);
  }
  onBar(bar: Bar, context: StrategyContext): void {
    this.seen.push(`${bar.instrumentId}@${bar.timestamp}`);
    const count = (this.counts.get(bar.instrumentId) ?? 0) + 1;
    this.counts.set(bar.instrumentId, count);
    if (count % 4 === 0)
      context.submitOrder(context.orders.market({ instrumentId: bar.instrumentId, side: 'buy', quantity: 2 }));
    if (count % 7 === 0)
      context.submitOrder(context.orders.market({ instrumentId: bar.instrumentId, side: 'sell', quantity: 1 }));
  }
}

function engine(traded: readonly InstrumentId[]): { engine: BacktestEngine; strategy: Alternator } {
  const e = new BacktestEngine({ startingCash: 1_000_000, baseCurrency: 'USD', accountType: 'cash', seed: 3 });
  e.addInstrument(A);
  e.addInstrument(B);
  const strategy = new Alternator(traded);
  e.addStrategy(strategy, 'ALT');
  return { engine: e, strategy };
}

const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);
const slice = (s: BarSeries, from: number, to: number): BarSeries => ({
  ...s,
  length: to - from,
  timestamp: s.timestamp.subarray(from, to),
  open: s.open.subarray(from, to),
  high: s.high.subarray(from, to),
  low: s.low.subarray(from, to),
  close: s.close.subarray(from, to),
  volume: s.volume.subarray(from, to),
});

describe('BacktestEngine with several instruments', () => {
  const a = bars(A.id, range(0, 120), 100, 1);
  // B misses minutes 30-39 (a gap) and starts later.
  const b = bars(B.id, [...range(5, 30), ...range(40, 120)], 5000, 2);

  it('fills every order at its own instrument’s next bar open, and marks both on one equity curve', () => {
    const { engine: e, strategy } = engine([A.id, B.id]);
    e.processBars([a, b]);
    const result = e.finish();
    const fills = result.fills as OrderFilled[];
    expect(fills.some((f) => f.instrumentId === A.id) && fills.some((f) => f.instrumentId === B.id)).toBe(true);
    for (const fill of fills) {
      const series = fill.instrumentId === A.id ? a : b;
      const i = series.timestamp.indexOf(fill.timestamp);
      expect(i, `${fill.clientOrderId} fills at a bar of its own instrument`).toBeGreaterThan(0);
      expect(fill.lastPrice, `${fill.clientOrderId} at that bar's open`).toBe(series.open[i]);
    }
    expect(result.equity.length, 'one equity point per time slice (A has a bar every minute)').toBe(120);
    expect(result.barsProcessed).toBe(a.length + b.length);
    const order = strategy.seen.slice(5, 9);
    expect(order, 'within a slice bars are published in the order given').toEqual([
      `${A.id}@${T0 + 5 * MINUTE}`,
      `${B.id}@${T0 + 5 * MINUTE}`,
      `${A.id}@${T0 + 6 * MINUTE}`,
      `${B.id}@${T0 + 6 * MINUTE}`,
    ]);
  });

  it('an instrument nobody trades changes nothing; chunking changes nothing', () => {
    const alone = engine([A.id]);
    alone.engine.processBars(a);
    const together = engine([A.id]);
    together.engine.processBars([a, b]);
    const chunked = engine([A.id]);
    for (const [from, to] of [
      [0, 33],
      [33, 34],
      [34, 120],
    ] as const) {
      const cut = (s: BarSeries) => {
        const start = s.timestamp.findIndex((t) => t >= T0 + from * MINUTE);
        const end = s.timestamp.findIndex((t) => t >= T0 + to * MINUTE);
        return slice(s, start < 0 ? s.length : start, end < 0 ? s.length : end);
      };
      chunked.engine.processBars([cut(a), cut(b)]);
    }
    const fingerprint = (r: ReturnType<BacktestEngine['finish']>) =>
      JSON.stringify({ fills: r.fills, equity: Array.from(r.equity.equity.subarray(0, r.equity.length)) });
    const reference = fingerprint(alone.engine.finish());
    expect(fingerprint(together.engine.finish())).toBe(reference);
    expect(fingerprint(chunked.engine.finish())).toBe(reference);
  });

  it('accepts each order at its own instrument’s price: a post-only bid under B’s market is not judged by A’s', () => {
    const e = new BacktestEngine({ startingCash: 1_000_000, baseCurrency: 'USD', accountType: 'cash', seed: 3 });
    e.addInstrument(A);
    e.addInstrument(B);
    let bids = 0;
    e.addStrategy(
      {
        onStart: (context) => context.subscribeBars(B.id),
        onBar: (bar, context) => {
          if (++bids % 4 !== 0) return;
          const price = context.orders.roundPrice(B.id, bar.close - 50);
          context.submitOrder(
            context.orders.limit({ instrumentId: B.id, side: 'buy', quantity: 1, price, postOnly: true }),
          );
        },
      },
      'BID',
    );
    const outcomes: string[] = [];
    e.kernel.bus.subscribe<{ type: string; reason?: string }>('events.order.*', (event) => {
      if (event.type === 'OrderAccepted' || event.type === 'OrderRejected') outcomes.push(event.type);
    });
    e.processBars([a, b]);
    expect(outcomes.length, 'bids were sent').toBeGreaterThan(10);
    expect(
      outcomes.filter((x) => x === 'OrderRejected'),
      'a bid 50 under B (≈5,000) is far above A (≈100): judged at A’s price it would be rejected as taking',
    ).toEqual([]);
  });

  it('refuses instruments of one period fed in separate calls, and mixed timeframes', () => {
    const { engine: e } = engine([A.id, B.id]);
    e.processBars(a);
    expect(() => e.processBars(b)).toThrow(/processBars\(\[a, b\]\)/);
    const { engine: f } = engine([A.id, B.id]);
    expect(() => f.processBars([a, { ...b, timeframe: '5m' }])).toThrow(/share one timeframe/);
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { BarSeries } from '../model/data.ts';
import { instrumentId } from '../model/ids.ts';
import type { AggregatedBar } from './aggregated-bar.ts';
import { BarAggregator, type BarAggregatorOptions } from './bar-aggregator.ts';
import { resampleBars } from './resample-bars.ts';

const ID = instrumentId('BTC/USDT', 'TEST');
const T0 = Date.parse('2024-01-01T00:00:00Z');
const MIN = 60_000;

type Row = { t: number; o: number; h: number; l: number; c: number; v: number; n: number; partial: boolean };
const plain = (bar: AggregatedBar): Row => ({
  t: bar.timestamp,
  o: bar.open,
  h: bar.high,
  l: bar.low,
  c: bar.close,
  v: bar.volume,
  n: bar.count,
  partial: bar.partial,
});

function collector(options: Omit<BarAggregatorOptions, 'onBar' | 'instrumentId'>) {
  const rows: Row[] = [];
  const aggregator = new BarAggregator({ ...options, instrumentId: ID, onBar: (bar) => rows.push(plain(bar)) });
  return { rows, aggregator };
}

/** minute offset, open, high, low, close, volume */
const minuteBar = (aggregator: BarAggregator, minute: number, o: number, h: number, l: number, c: number, v: number) =>
  aggregator.add(T0 + minute * MIN, o, h, l, c, v);

describe('BarAggregator (1m → 5m)', () => {
  it('aggregates OHLCV, leaves a gap inside a bucket as a gap and flags the trailing bucket partial', () => {
    const { rows, aggregator } = collector({ timeframe: '5m', sourceTimeframe: '1m' });
    minuteBar(aggregator, 0, 10, 12, 9, 11, 1);
    minuteBar(aggregator, 1, 11, 15, 10, 14, 2);
    // minutes 2 and 3 are missing: no trades
    minuteBar(aggregator, 4, 14, 14, 8, 9, 3);
    expect(rows, 'the bucket is emitted as soon as its last minute (00:04) arrives').toEqual([
      { t: T0, o: 10, h: 15, l: 8, c: 9, v: 6, n: 3, partial: false },
    ]);
    // 00:05-00:10 is empty: no bar. 00:10 bucket gets minutes 11 and 12, then the data ends.
    minuteBar(aggregator, 11, 20, 21, 19, 20, 5);
    minuteBar(aggregator, 12, 20, 20, 18, 18, 7);
    expect(rows, 'an unfinished bucket is not emitted by itself').toHaveLength(1);
    expect(aggregator.flush(), 'flush emits the open bucket').toBe(1);
    expect(rows[1], 'data ends at 00:13 < 00:15: partial').toEqual({
      t: T0 + 10 * MIN,
      o: 20,
      h: 21,
      l: 18,
      c: 18,
      v: 12,
      n: 2,
      partial: true,
    });
    expect(aggregator.flush(), 'nothing left to flush').toBe(0);
  });

  it('flags a leading bucket partial when data starts after its open, unless coverage says otherwise', () => {
    const late = collector({ timeframe: '5m', sourceTimeframe: '1m' });
    minuteBar(late.aggregator, 2, 1, 2, 1, 2, 1);
    minuteBar(late.aggregator, 4, 2, 3, 2, 3, 1);
    minuteBar(late.aggregator, 5, 3, 3, 3, 3, 1);
    late.aggregator.flush(T0 + 10 * MIN);
    expect(late.rows.map((r) => [r.t - T0, r.partial])).toEqual([
      [0, true],
      [5 * MIN, false],
    ]);
    const covered = collector({ timeframe: '5m', sourceTimeframe: '1m', coverageStart: T0 });
    minuteBar(covered.aggregator, 2, 1, 2, 1, 2, 1);
    minuteBar(covered.aggregator, 4, 2, 3, 2, 3, 1);
    expect(covered.rows[0].partial, 'the caller knows minutes 0 and 1 had no trades').toBe(false);
  });

  it('closeUpTo closes a bucket whose last minute never came, and only once its close has passed', () => {
    const { rows, aggregator } = collector({ timeframe: '5m', sourceTimeframe: '1m', late: 'drop' });
    minuteBar(aggregator, 0, 1, 1, 1, 1, 1);
    minuteBar(aggregator, 3, 2, 2, 2, 2, 1);
    expect(aggregator.closeUpTo(T0 + 4 * MIN + 59_999), 'the bucket is open until 00:05').toBe(0);
    expect(aggregator.closeUpTo(T0 + 5 * MIN + 500)).toBe(1);
    expect(rows).toEqual([{ t: T0, o: 1, h: 2, l: 1, c: 2, v: 2, n: 2, partial: false }]);
    minuteBar(aggregator, 4, 3, 3, 3, 3, 1);
    expect(aggregator.lateCount, 'the 00:04 bar arriving after the close is dropped, not merged').toBe(1);
    expect(rows, 'the emitted bar is not re-emitted').toHaveLength(1);
  });

  it('throws on out-of-order, duplicate and off-grid source bars', () => {
    const { aggregator } = collector({ timeframe: '5m', sourceTimeframe: '1m' });
    minuteBar(aggregator, 3, 1, 1, 1, 1, 1);
    expect(() => minuteBar(aggregator, 3, 1, 1, 1, 1, 1), 'a duplicate open time').toThrow(
      /input at 2024-01-01T00:03:00.000Z is out of order or late: inputs must come at or after 2024-01-01T00:04:00.000Z/,
    );
    expect(() => minuteBar(aggregator, 1, 1, 1, 1, 1, 1)).toThrow(/out of order/);
    expect(() => aggregator.add(T0 + 4 * MIN + 30_000, 1, 1, 1, 1, 1)).toThrow(
      '5m aggregation: source bar at 2024-01-01T00:04:30.000Z does not open on the 1m grid',
    );
    expect(() => aggregator.add(Number.NaN, 1, 1, 1, 1, 1)).toThrow(/input at NaN/);
  });

  it('refuses a target that is not a multiple of the source at construction', () => {
    expect(() => collector({ timeframe: '7m', sourceTimeframe: '5m' })).toThrow(
      'cannot resample 5m bars to 7m: 7m is not a multiple of 5m',
    );
  });

  it('builds time bars from trades; a bucket closes on the first trade of a later one', () => {
    const { rows, aggregator } = collector({ timeframe: '1m', coverageStart: T0 });
    aggregator.addTrade(T0 + 1_000, 100, 0.5);
    aggregator.addTrade(T0 + 1_000, 101, 0.25);
    aggregator.addTrade(T0 + 59_999, 99, 1);
    expect(rows, 'a trade source never knows a bucket is over by itself').toHaveLength(0);
    aggregator.addTrade(T0 + 60_000, 98, 2);
    expect(rows).toEqual([{ t: T0, o: 100, h: 101, l: 99, c: 99, v: 1.75, n: 3, partial: false }]);
    aggregator.flush(T0 + 2 * MIN);
    expect(rows[1], 'coverage to 00:02 completes the last minute').toMatchObject({ t: T0 + MIN, n: 1, partial: false });
  });
});

/** Random 1m bars with random gaps, as a series. */
const arbitrarySeries = fc
  .array(
    fc.record({
      gap: fc.integer({ min: 1, max: 40 }),
      open: fc.integer({ min: 1, max: 1000 }),
      close: fc.integer({ min: 1, max: 1000 }),
      up: fc.integer({ min: 0, max: 50 }),
      down: fc.integer({ min: 0, max: 50 }),
      volume: fc.integer({ min: 0, max: 10_000 }),
      tick: fc.boolean(),
    }),
    { minLength: 1, maxLength: 300 },
  )
  .chain((rows) => fc.tuple(fc.constant(rows), fc.integer({ min: 0, max: 2000 })));

function toSeries(
  rows: { gap: number; open: number; close: number; up: number; down: number; volume: number }[],
  start: number,
): BarSeries {
  const n = rows.length;
  const s = {
    instrumentId: ID,
    timeframe: '1m',
    length: n,
    timestamp: new Float64Array(n),
    open: new Float64Array(n),
    high: new Float64Array(n),
    low: new Float64Array(n),
    close: new Float64Array(n),
    volume: new Float64Array(n),
  };
  let t = T0 + start * MIN;
  for (let i = 0; i < n; i++) {
    const r = rows[i];
    if (i > 0) t += r.gap * MIN;
    s.timestamp[i] = t;
    s.open[i] = r.open;
    s.close[i] = r.close;
    s.high[i] = Math.max(r.open, r.close) + r.up;
    s.low[i] = Math.min(r.open, r.close) - r.down;
    s.volume[i] = r.volume;
  }
  return s;
}

describe('batch and streaming give identical bars (property)', () => {
  it('resampleBars equals a BarAggregator fed bar by bar with timer closes in between', () => {
    fc.assert(
      fc.property(arbitrarySeries, fc.constantFrom('5m', '15m', '1h', '4h', '1d'), ([rows, start], timeframe) => {
        const series = toSeries(rows, start);
        const batch = resampleBars(series, timeframe);
        const { rows: streamed, aggregator } = collector({ timeframe, sourceTimeframe: '1m' });
        for (let i = 0; i < series.length; i++) {
          // a timer tick between bars, at some time no later than the next bar's open
          if (rows[i].tick && i > 0) aggregator.closeUpTo(series.timestamp[i] - (rows[i].gap % 3) * 1000);
          aggregator.add(
            series.timestamp[i],
            series.open[i],
            series.high[i],
            series.low[i],
            series.close[i],
            series.volume[i],
          );
        }
        aggregator.flush();
        const b = batch.series;
        const fromBatch: Row[] = Array.from({ length: b.length }, (_, k) => ({
          t: b.timestamp[k],
          o: b.open[k],
          h: b.high[k],
          l: b.low[k],
          c: b.close[k],
          v: b.volume[k],
          n: batch.count[k],
          partial: batch.partial[k] === 1,
        }));
        expect(streamed).toEqual(fromBatch);
      }),
      { numRuns: 200 },
    );
  });
});

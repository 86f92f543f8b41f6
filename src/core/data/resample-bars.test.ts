import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadBars } from '../../adapters/data/index.ts';
import type { BarSeries } from '../model/data.ts';
import { instrumentId } from '../model/ids.ts';
import { resampleBars } from './resample-bars.ts';

const ID = instrumentId('BTC-PERP', 'FTX');
const MIN = 60_000;
const SAMPLE = new URL('../../../data/samples/btc-perp-20211231-20220201_1m.csv', import.meta.url);
const FREQTRADE = new URL('../../../../shared/data/freqtrade/tests/testdata/', import.meta.url);

function series(timeframe: string, bars: [string, number, number, number, number, number][]): BarSeries {
  const n = bars.length;
  const column = (k: number) => Float64Array.from(bars, (b) => (k === 0 ? Date.parse(b[0]) : (b[k] as number)));
  return {
    instrumentId: ID,
    timeframe,
    length: n,
    timestamp: column(0),
    open: column(1),
    high: column(2),
    low: column(3),
    close: column(4),
    volume: column(5),
  };
}

describe('resampleBars, hand-computed', () => {
  it('15m → 1h across a day boundary, with a missing hour, partial first and last hours', () => {
    const source = series('15m', [
      ['2022-03-26T22:30:00Z', 100, 104, 99, 103, 1],
      ['2022-03-26T22:45:00Z', 103, 105, 102, 104, 2],
      // 23:00-00:00 has no bars at all
      ['2022-03-27T00:00:00Z', 104, 104, 90, 95, 3],
      ['2022-03-27T00:15:00Z', 95, 96, 94, 96, 4],
      ['2022-03-27T00:45:00Z', 96, 110, 96, 108, 5],
      ['2022-03-27T01:00:00Z', 108, 109, 107, 107, 6],
    ]);
    const out = resampleBars(source, '1h');
    const s = out.series;
    expect(s.timeframe).toBe('1h');
    expect(
      Array.from(s.timestamp).map((t) => new Date(t).toISOString()),
      'no bar for the empty hour',
    ).toEqual(['2022-03-26T22:00:00.000Z', '2022-03-27T00:00:00.000Z', '2022-03-27T01:00:00.000Z']);
    expect(Array.from(s.open)).toEqual([100, 104, 108]);
    expect(Array.from(s.high)).toEqual([105, 110, 109]);
    expect(Array.from(s.low)).toEqual([99, 90, 107]);
    expect(Array.from(s.close)).toEqual([104, 108, 107]);
    expect(Array.from(s.volume)).toEqual([3, 12, 6]);
    expect(Array.from(out.count), 'the 00:30 bar is missing: 3 of 4').toEqual([2, 3, 1]);
    expect(Array.from(out.partial), 'data starts at 22:30 and ends at 01:15').toEqual([1, 0, 1]);
    expect(Array.from(out.closeTimestamp)).toEqual([
      Date.parse('2022-03-26T23:00:00Z'),
      Date.parse('2022-03-27T01:00:00Z'),
      Date.parse('2022-03-27T02:00:00Z'),
    ]);

    const dropped = resampleBars(source, '1h', { dropPartial: true });
    expect(Array.from(dropped.series.open), 'only the complete middle hour remains').toEqual([104]);
    const covered = resampleBars(source, '1h', {
      coverageStart: Date.parse('2022-03-26T22:00:00Z'),
      coverageEnd: Date.parse('2022-03-27T02:00:00Z'),
    });
    expect(Array.from(covered.partial), 'the caller vouches the data is complete').toEqual([0, 0, 0]);
  });

  it('refuses a target that is not a multiple, and an empty series gives no bars', () => {
    const source = series('5m', [['2022-01-01T00:00:00Z', 1, 1, 1, 1, 1]]);
    expect(() => resampleBars(source, '12m')).toThrow('cannot resample 5m bars to 12m: 12m is not a multiple of 5m');
    expect(() => resampleBars(source, '1m')).toThrow(/shorter/);
    expect(resampleBars({ ...source, length: 0 }, '1h').series.length).toBe(0);
  });
});

const arbitrarySource = fc
  .array(
    fc.record({
      gap: fc.integer({ min: 1, max: 30 }),
      open: fc.integer({ min: 1, max: 1000 }),
      close: fc.integer({ min: 1, max: 1000 }),
      up: fc.integer({ min: 0, max: 50 }),
      down: fc.integer({ min: 0, max: 50 }),
      volume: fc.integer({ min: 0, max: 1_000_000 }),
    }),
    { minLength: 1, maxLength: 400 },
  )
  .chain((rows) => fc.tuple(fc.constant(rows), fc.integer({ min: 0, max: 1440 * 9 })))
  .map(([rows, start]) => {
    let t = Date.parse('2024-02-26T00:00:00Z') + start * MIN;
    return series(
      '1m',
      rows.map((r, i) => {
        if (i > 0) t += r.gap * MIN;
        const high = Math.max(r.open, r.close) + r.up;
        const low = Math.min(r.open, r.close) - r.down;
        return [new Date(t).toISOString(), r.open, high, low, r.close, r.volume];
      }),
    );
  });
const targets = fc.constantFrom('2m', '5m', '15m', '1h', '4h', '1d', '1w', '1M');

describe('resampleBars properties', () => {
  it('keeps the total volume and every source bar; each bar spans its sources', () => {
    fc.assert(
      fc.property(arbitrarySource, targets, (source, target) => {
        const out = resampleBars(source, target);
        const s = out.series;
        const sum = (a: ArrayLike<number>) => Array.from(a).reduce((x, y) => x + y, 0);
        expect(sum(s.volume), 'integer volumes: the sums are exact').toBe(sum(source.volume));
        expect(sum(out.count)).toBe(source.length);
        let i = 0;
        for (let k = 0; k < s.length; k++) {
          let high = Number.NEGATIVE_INFINITY;
          let low = Number.POSITIVE_INFINITY;
          expect(s.open[k], 'open = the first source open').toBe(source.open[i]);
          for (let j = 0; j < out.count[k]; j++, i++) {
            expect(source.timestamp[i]).toBeGreaterThanOrEqual(s.timestamp[k]);
            expect(source.timestamp[i]).toBeLessThan(out.closeTimestamp[k]);
            expect(s.high[k], 'high ≥ every source open and close').toBeGreaterThanOrEqual(
              Math.max(source.open[i], source.close[i]),
            );
            high = Math.max(high, source.high[i]);
            low = Math.min(low, source.low[i]);
          }
          expect(s.close[k], 'close = the last source close').toBe(source.close[i - 1]);
          expect(s.high[k]).toBe(high);
          expect(s.low[k]).toBe(low);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('resample(resample(x, 5m), 15m) equals resample(x, 15m)', () => {
    fc.assert(
      fc.property(
        arbitrarySource,
        fc.constantFrom(['5m', '15m'], ['15m', '1h'], ['1h', '1d'], ['1d', '1w'], ['1h', '1M']),
        (source, [middle, target]) => {
          const n = source.length;
          const coverage = { coverageStart: source.timestamp[0], coverageEnd: source.timestamp[n - 1] + MIN };
          const direct = resampleBars(source, target);
          const twice = resampleBars(resampleBars(source, middle).series, target, coverage);
          expect(twice.series).toEqual(direct.series);
          expect(twice.partial, 'with the original coverage the partial flags agree too').toEqual(direct.partial);
        },
      ),
      { numRuns: 150 },
    );
  });
});

/** An independent reference: parse each line with Date, key by UTC calendar fields in a Map. */
function naiveResample(
  lines: { date: Date; o: number; h: number; l: number; c: number; v: number }[],
  key: (d: Date) => number,
) {
  const buckets = new Map<number, { o: number; h: number; l: number; c: number; v: number; n: number }>();
  for (const r of lines) {
    const k = key(r.date);
    const b = buckets.get(k);
    if (b === undefined) buckets.set(k, { o: r.o, h: r.h, l: r.l, c: r.c, v: r.v, n: 1 });
    else {
      b.h = Math.max(b.h, r.h);
      b.l = Math.min(b.l, r.l);
      b.c = r.c;
      b.v += r.v;
      b.n++;
    }
  }
  return [...buckets.entries()].sort((a, b) => a[0] - b[0]);
}
const hourKey = (d: Date) => Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), d.getUTCHours());

function expectSameAsNaive(out: ReturnType<typeof resampleBars>, naive: ReturnType<typeof naiveResample>) {
  const s = out.series;
  expect(s.length).toBe(naive.length);
  for (let k = 0; k < s.length; k++) {
    const [t, b] = naive[k];
    const ours = [s.timestamp[k], s.open[k], s.high[k], s.low[k], s.close[k], s.volume[k], out.count[k]];
    expect(ours, `bar ${k} (${new Date(t).toISOString()})`).toEqual([t, b.o, b.h, b.l, b.c, b.v, b.n]);
  }
}

describe('resampleBars on real data', () => {
  const text = readFileSync(SAMPLE, 'utf8');
  const lines = text
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => {
      const [date, o, h, l, c, v] = line.split(',');
      return { date: new Date(`${date.replace(' ', 'T')}Z`), o: +o, h: +h, l: +l, c: +c, v: +v };
    });

  it('FTX BTC-PERP, 45,031 one-minute bars → 1h equals a naive Date/Map resampler', async () => {
    expect(lines.length, 'SOURCE.md: 45,031 rows').toBe(45_031);
    const { series: source } = await loadBars({ path: SAMPLE.pathname, instrumentId: ID });
    const out = resampleBars(source, '1h');
    expect(out.series.length, '23:00 Dec 31 + 31 × 24 January hours + 00:00-05:00 Feb 1').toBe(1 + 744 + 6);
    expectSameAsNaive(out, naiveResample(lines, hourKey));
    const partial = Array.from(out.partial);
    expect(partial[0], 'the data starts at 23:01: the first hour lacks its first minute').toBe(1);
    expect(partial[partial.length - 1], 'the data ends at 05:32').toBe(1);
    expect(partial.slice(1, -1).every((p) => p === 0)).toBe(true);
    expect(out.count[0]).toBe(59);
    expect(out.count[out.count.length - 1], '05:00-05:31').toBe(32);
  });

  it('FTX BTC-PERP → 1d, 1w (Mondays) and 1M (calendar months), hand-counted', async () => {
    const { series: source } = await loadBars({ path: SAMPLE.pathname, instrumentId: ID });
    const daily = resampleBars(source, '1d');
    expect(daily.series.length, 'Dec 31, 31 January days, Feb 1').toBe(33);
    expectSameAsNaive(
      daily,
      naiveResample(lines, (d) => Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate())),
    );
    const weekly = resampleBars(source, '1w');
    expect(
      Array.from(weekly.series.timestamp).map((t) => new Date(t).toISOString().slice(0, 10)),
      'Mondays',
    ).toEqual(['2021-12-27', '2022-01-03', '2022-01-10', '2022-01-17', '2022-01-24', '2022-01-31']);
    const monthly = resampleBars(source, '1M');
    expect(Array.from(monthly.count), '59 December minutes, 31 × 1,440 January minutes, 332 February minutes').toEqual([
      59, 44_640, 332,
    ]);
    expect(Array.from(monthly.partial), 'January is complete').toEqual([1, 0, 1]);
  });

  it('freqtrade UNITTEST/BTC 1m with 538 real gaps → 1h equals the naive resampler', async () => {
    const path = new URL('UNITTEST_BTC-1m.json', FREQTRADE).pathname;
    const raw = JSON.parse(readFileSync(path, 'utf8')) as number[][];
    expect(raw.length, 'SOURCE.md: 13,681 rows').toBe(13_681);
    const { series: source } = await loadBars({ path, instrumentId: ID, timeframe: '1m' });
    const out = resampleBars(source, '1h');
    const naive = naiveResample(
      raw.map(([t, o, h, l, c, v]) => ({ date: new Date(t), o, h, l, c, v })),
      hourKey,
    );
    expectSameAsNaive(out, naive);
    const missing = Array.from(out.count).reduce((sum, n) => sum + (60 - n), 0);
    const firstHourMissing = 2; // data starts at 23:02
    const lastHourMissing = 0; // ends at 22:59
    expect(missing, 'SOURCE.md: 717 missing minutes inside the range').toBe(717 + firstHourMissing + lastHourMissing);
  });
});

import { describe, expect, it } from 'vitest';
import { realDatasets } from '../../../test/indicators/datasets.ts';
import { barAt } from '../testing/random-series.ts';
import type { BarColumns } from './indicator.ts';
import { Vwap, type VwapAnchor, vwap } from './vwap.ts';

const HOUR = 3_600_000;

function columns(rows: readonly (readonly [string, number, number, number, number])[]): BarColumns {
  const column = (k: number) => Float64Array.from(rows, (r) => r[k] as number);
  const close = column(3);
  return {
    timestamp: Float64Array.from(rows, (r) => Date.parse(r[0])),
    open: close,
    high: column(1),
    low: column(2),
    close,
    volume: column(4),
  };
}

/**
 * Session key from the calendar as `Date` sees it at UTC+offset: the date, the date of that
 * week's Monday, or the year and month. Independent of the indicator's day arithmetic.
 */
function sessionKey(timestamp: number, anchor: VwapAnchor, offsetMinutes: number): string {
  const local = new Date(timestamp + offsetMinutes * 60_000);
  if (anchor === 'month') return `${local.getUTCFullYear()}-${local.getUTCMonth()}`;
  if (anchor === 'week') {
    const sinceMonday = (local.getUTCDay() + 6) % 7;
    local.setUTCDate(local.getUTCDate() - sinceMonday);
  }
  return `${local.getUTCFullYear()}-${local.getUTCMonth()}-${local.getUTCDate()}`;
}

/** Naive VWAP: for each bar, sums over every earlier bar of the same session, from scratch. */
function referenceVwap(bars: BarColumns, anchor: VwapAnchor, offsetMinutes: number): Float64Array {
  const n = bars.close.length;
  const keys = Array.from(bars.timestamp, (t) => sessionKey(t, anchor, offsetMinutes));
  const out = new Float64Array(n);
  let sessionFirst = 0;
  for (let i = 0; i < n; i++) {
    if (i > 0 && keys[i] !== keys[i - 1]) sessionFirst = i;
    let priceVolume = 0;
    let volume = 0;
    for (let j = sessionFirst; j <= i; j++) {
      const typical = (bars.high[j]! + bars.low[j]! + bars.close[j]!) / 3;
      priceVolume += typical * bars.volume[j]!;
      volume += bars.volume[j]!;
    }
    out[i] = volume === 0 ? (bars.high[i]! + bars.low[i]! + bars.close[i]!) / 3 : priceVolume / volume;
  }
  return out;
}

function expectClose(ours: Float64Array, expected: ArrayLike<number>, label: string, tolerance = 1e-12): void {
  expect(ours.length, `${label}: length`).toBe(expected.length);
  for (let i = 0; i < ours.length; i++) {
    const e = expected[i]!;
    if (!(Math.abs(ours[i]! - e) <= tolerance * Math.max(1, Math.abs(e))))
      expect.fail(`${label}: bar ${i} is ${ours[i]}, expected ${e}`);
  }
}

/** Hourly bars with pseudo-random prices and volumes (some zero) over `hours` from `start`. */
function hourly(start: string, hours: number): BarColumns {
  const t0 = Date.parse(start);
  let seed = 12_345;
  const random = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    return seed / 2_147_483_648;
  };
  const close = new Float64Array(hours);
  const high = new Float64Array(hours);
  const low = new Float64Array(hours);
  const volume = new Float64Array(hours);
  let price = 100;
  for (let i = 0; i < hours; i++) {
    price *= 1 + (random() - 0.5) * 0.02;
    close[i] = price;
    high[i] = price * (1 + random() * 0.01);
    low[i] = price * (1 - random() * 0.01);
    volume[i] = random() < 0.1 ? 0 : Math.round(random() * 1000);
  }
  const timestamp = Float64Array.from({ length: hours }, (_, i) => t0 + i * HOUR);
  return { timestamp, open: close, high, low, close, volume };
}

describe('vwap: worked example across midnight (hand-checked)', () => {
  // typical prices 10, 12, 20, 21; volumes 100, 300, 50, 150; bars open 22:00, 23:00, 00:00, 01:00 UTC.
  const bars = columns([
    ['2024-03-10T22:00:00Z', 11, 9, 10, 100],
    ['2024-03-10T23:00:00Z', 13, 11, 12, 300],
    ['2024-03-11T00:00:00Z', 21, 19, 20, 50],
    ['2024-03-11T01:00:00Z', 23, 20, 20, 150],
  ]);

  it('UTC days: the 00:00 bar starts a new session', () => {
    // 10; (1000 + 3600) / 400 = 11.5; new day: 20; (1000 + 3150) / 200 = 20.75.
    expectClose(vwap(bars), [10, 11.5, 20, 20.75], 'UTC');
  });

  it('UTC+2: the session started at 22:00 UTC, so no reset at UTC midnight', () => {
    // 10; 11.5; (4600 + 1000) / 450 = 12.444…; (5600 + 3150) / 600 = 14.583…
    expectClose(vwap(bars, { offsetMinutes: 120 }), [10, 11.5, 5600 / 450, 8750 / 600], 'UTC+2');
  });

  it('UTC−1: the session turns at 01:00 UTC, on the last bar', () => {
    expectClose(vwap(bars, { offsetMinutes: -60 }), [10, 11.5, 5600 / 450, 21], 'UTC-1');
  });

  it('streaming gives the same values', () => {
    const indicator = new Vwap({ offsetMinutes: 120 });
    const streamed = bars.close.map((_, i) => indicator.update(barAt(bars, i)));
    expectClose(streamed, [10, 11.5, 5600 / 450, 8750 / 600], 'streaming UTC+2');
  });

  it('zero volume so far in the session gives the bar typical price, then volume takes over', () => {
    const quiet = columns([
      ['2024-03-11T00:00:00Z', 11, 9, 10, 0],
      ['2024-03-11T01:00:00Z', 13, 11, 12, 0],
      ['2024-03-11T02:00:00Z', 21, 19, 20, 10],
      ['2024-03-11T03:00:00Z', 9, 6, 6, 0],
    ]);
    expectClose(vwap(quiet), [10, 12, 20, 20], 'zero volume');
  });
});

describe('vwap: calendar boundaries', () => {
  it('weeks start on Monday 00:00 (not Sunday), months on the 1st including 29 February', () => {
    const bars = columns([
      ['2024-02-24T23:00:00Z', 2, 2, 2, 1], // Saturday
      ['2024-02-25T23:00:00Z', 4, 4, 4, 1], // Sunday: same week
      ['2024-02-26T00:00:00Z', 8, 8, 8, 1], // Monday: new week
      ['2024-02-29T23:00:00Z', 16, 16, 16, 1], // leap day: same month
      ['2024-03-01T00:00:00Z', 32, 32, 32, 1], // new month
    ]);
    expectClose(vwap(bars, { anchor: 'week' }), [2, 3, 8, 12, 56 / 3], 'week');
    expectClose(vwap(bars, { anchor: 'month' }), [2, 3, 14 / 3, 30 / 4, 32], 'month');
  });

  it('a bar timestamped back into an earlier session restarts the sums', () => {
    const bars = columns([
      ['2024-03-11T10:00:00Z', 10, 10, 10, 1],
      ['2024-03-10T10:00:00Z', 20, 20, 20, 1],
      ['2024-03-10T11:00:00Z', 30, 30, 30, 1],
    ]);
    expectClose(vwap(bars), [10, 20, 25], 'backwards');
  });
});

describe('vwap equals a naive per-session sum', () => {
  const offsets = [0, 330, -300, 1440, -1440, 59];
  const anchors: readonly VwapAnchor[] = ['day', 'week', 'month'];

  it('on hourly bars across year ends, leap days and 1970 (negative timestamps)', () => {
    for (const start of ['1969-11-20T07:00:00Z', '2023-11-01T00:00:00Z'])
      for (const anchor of anchors)
        for (const offsetMinutes of offsets) {
          const bars = hourly(start, 24 * 150);
          const label = `${anchor}, offset ${offsetMinutes} min, from ${start}`;
          expectClose(vwap(bars, { anchor, offsetMinutes }), referenceVwap(bars, anchor, offsetMinutes), label);
        }
  });

  it('on the real series (daily and intraday)', async () => {
    for (const { name, bars, length } of await realDatasets())
      for (const anchor of anchors) {
        // A month of 1-minute bars is 44,640 of them: keep the naive sum's cost quadratic in a day at most.
        if (anchor !== 'day' && length > 20_000) continue;
        for (const offsetMinutes of [0, -300]) {
          const label = `${anchor}, offset ${offsetMinutes} min, on ${name}`;
          expectClose(vwap(bars, { anchor, offsetMinutes }), referenceVwap(bars, anchor, offsetMinutes), label);
        }
      }
  });
});

describe('vwap options', () => {
  it('refuses an unknown anchor and offsets that are not whole minutes in [−1440, 1440]', () => {
    expect(() => new Vwap({ anchor: 'year' as VwapAnchor }), 'anchor').toThrow(RangeError);
    expect(() => new Vwap({ offsetMinutes: 1441 }), 'offset above a day').toThrow(RangeError);
    expect(() => new Vwap({ offsetMinutes: -1441 }), 'offset below a day').toThrow(RangeError);
    expect(() => vwap(hourly('2024-01-01T00:00:00Z', 3), { offsetMinutes: 1.5 }), 'fractional').toThrow(RangeError);
  });
});

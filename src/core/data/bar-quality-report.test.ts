import { describe, expect, it } from 'vitest';
import { loadBars } from '../../adapters/data/index.ts';
import type { BarSeries } from '../model/data.ts';
import { instrumentId } from '../model/ids.ts';
import { barQualityReport } from './bar-quality-report.ts';
import { type BarRowValues, barSeriesFromRows } from './bar-series-from-rows.ts';
import { NYSE_CALENDAR, XETRA_CALENDAR } from './calendars/index.ts';
import { OhlcProblem } from './ohlc-problems.ts';

const MIN = 60_000;
const T0 = Date.parse('2024-01-01T00:00:00Z');

const rawSeries = (timeframe: string, rows: readonly (readonly number[])[]): BarSeries =>
  barSeriesFromRows(instrumentId('TEST', 'SIM'), timeframe, rows as unknown as BarRowValues[]);

/** Flat, consistent 1-minute bars at the given minute offsets from T0. */
const minutes = (offsets: readonly number[], price = 100) =>
  rawSeries(
    '1m',
    offsets.map((m) => [T0 + m * MIN, price, price + 1, price - 1, price, 10]),
  );

describe('barQualityReport: missing bars', () => {
  it('counts gaps between bars by hand: minutes 0,1,2,5,6,10 miss 3–4 and 7–9', () => {
    const report = barQualityReport(minutes([0, 1, 2, 5, 6, 10]));
    expect(report.missing.bars, '2 + 3 missing minutes').toBe(5);
    expect(report.missing.gaps).toBe(2);
    expect(report.missing.list).toEqual([
      { from: T0 + 3 * MIN, to: T0 + 5 * MIN, bars: 2 },
      { from: T0 + 7 * MIN, to: T0 + 10 * MIN, bars: 3 },
    ]);
    expect(report.missing.longest?.bars).toBe(3);
    expect(report.expectedBars, 'minutes 0..10').toBe(11);
    expect(report.presentBars).toBe(6);
  });

  it('with a requested range, missing bars at either end are gaps too', () => {
    const report = barQualityReport(minutes([0, 1]), { from: T0 - 2 * MIN, to: T0 + 4 * MIN });
    expect(report.missing.list).toEqual([
      { from: T0 - 2 * MIN, to: T0, bars: 2 },
      { from: T0 + 2 * MIN, to: T0 + 4 * MIN, bars: 2 },
    ]);
    expect(report.expectedBars).toBe(6);
  });

  it('bars off the grid are reported, not counted as present', () => {
    const series = rawSeries('1m', [
      [T0, 1, 1, 1, 1, 1],
      [T0 + 30_000, 1, 1, 1, 1, 1],
      [T0 + MIN, 1, 1, 1, 1, 1],
    ]);
    const report = barQualityReport(series);
    expect(report.offSchedule, 'the bar at :30 s').toEqual([{ row: 1, timestamp: T0 + 30_000 }]);
    expect(report.missing.bars).toBe(0);
  });
});

describe('barQualityReport: rows', () => {
  it('duplicates and out-of-order rows by row index', () => {
    const report = barQualityReport(minutes([0, 1, 1, 3, 2, 4, 0]));
    expect(report.duplicates, 'rows 2 and 6 repeat rows 1 and 0').toEqual([
      { row: 2, timestamp: T0 + MIN, firstRow: 1 },
      { row: 6, timestamp: T0, firstRow: 0 },
    ]);
    expect(report.outOfOrder, 'row 4 (minute 2) comes after minute 3').toEqual([
      { row: 4, timestamp: T0 + 2 * MIN, after: T0 + 3 * MIN },
    ]);
    expect(report.missing.bars, 'minutes 0..4 are all there, in some order').toBe(0);
  });

  it('zero volume and every kind of OHLC inconsistency', () => {
    const series = rawSeries('1m', [
      [T0, 10, 11, 9, 10, 0], // zero volume, consistent
      [T0 + MIN, 10, 9, 11, 10, 5], // high below low (and below the body, low above it)
      [T0 + 2 * MIN, 10, 10.5, 9, 11, 5], // high below close
      [T0 + 3 * MIN, 10, 12, 10.5, 11, 5], // low above open
      [T0 + 4 * MIN, 0, 12, 0, 11, 5], // zero prices
      [T0 + 5 * MIN, 10, 12, 9, 11, -1], // negative volume
      [T0 + 6 * MIN, 10, Number.NaN, 9, 11, 1], // NaN
    ]);
    const report = barQualityReport(series);
    expect(report.zeroVolume).toEqual([{ row: 0, timestamp: T0 }]);
    expect(report.inconsistent.map((i) => [i.row, i.problems])).toEqual([
      [1, [OhlcProblem.HighBelowLow, OhlcProblem.HighBelowBody, OhlcProblem.LowAboveBody]],
      [2, [OhlcProblem.HighBelowBody]],
      [3, [OhlcProblem.LowAboveBody]],
      [4, [OhlcProblem.NonPositivePrice]],
      [5, [OhlcProblem.NegativeVolume]],
      [6, [OhlcProblem.NonFinite]],
    ]);
  });

  it('price outliers by robust z-score of log returns: a spike flags the jump and the return', () => {
    // Closes wander by ±0.1 % around 100; row 20 prints 130 and row 21 is back at 100.
    const closes = Array.from({ length: 40 }, (_, i) =>
      i === 20 ? 130 : 100 * (1 + (i % 3 === 0 ? 0.001 : -0.001) * (i % 2)),
    );
    const series = rawSeries(
      '1m',
      closes.map((c, i) => [T0 + i * MIN, c, c, c, c, 1]),
    );
    const report = barQualityReport(series, { outlierZ: 10 });
    expect(
      report.outliers.list.map((o) => o.row),
      'the spike (row 20) and the return after it (row 21)',
    ).toEqual([20, 21]);
    expect(report.outliers.list[0].logReturn, 'ln(130/100) at most 0.1 % off').toBeCloseTo(Math.log(1.3), 2);
    const lenient = barQualityReport(series, { outlierZ: 1e6 });
    expect(lenient.outliers.list, 'a huge threshold flags nothing').toEqual([]);
  });

  it('constant closes (MAD and mean deviation 0) give no outliers instead of dividing by zero', () => {
    const report = barQualityReport(minutes([0, 1, 2, 3]));
    expect(report.outliers.scale).toBe(0);
    expect(report.outliers.list).toEqual([]);
  });
});

describe('barQualityReport: exchange calendars', () => {
  const day = (iso: string) => Date.parse(`${iso}T00:00:00Z`);
  const daily = (dates: string[]) =>
    rawSeries(
      '1d',
      dates.map((d) => [day(d), 10, 11, 9, 10, 100]),
    );

  it('NYSE daily: weekends and Good Friday are not holes, a missing Tuesday is', () => {
    // 2024-03-25 (Mon) .. 2024-04-05 (Fri); Good Friday 29 Mar; Tuesday 2 Apr missing; a Saturday bar.
    const series = daily([
      '2024-03-25',
      '2024-03-26',
      '2024-03-27',
      '2024-03-28',
      '2024-04-01',
      '2024-04-03',
      '2024-04-04',
      '2024-04-05',
      '2024-04-06',
    ]);
    const report = barQualityReport(series, { calendar: NYSE_CALENDAR });
    expect(report.missing.list).toEqual([{ from: day('2024-04-02'), to: day('2024-04-03'), bars: 1 }]);
    expect(report.offSchedule, 'the Saturday bar').toEqual([{ row: 8, timestamp: day('2024-04-06') }]);
    const naive = barQualityReport(series);
    expect(naive.missing.bars, '24/7: weekend 30–31 Mar, Good Friday, 2 Apr').toBe(4);
  });

  it('ORCL 1995–2014 daily: no gaps on the NYSE calendar; 24/7 sees every closed day', async () => {
    const { series } = await loadBars({
      path: 'test/fixtures/orcl-1995-2014.txt',
      instrumentId: instrumentId('ORCL', 'NYSE'),
    });
    const report = barQualityReport(series, { calendar: NYSE_CALENDAR });
    expect(report.missing.bars).toBe(0);
    expect(report.expectedBars).toBe(5036);
    const calendarDays = (Date.parse('2014-12-31') - Date.parse('1995-01-03')) / 86_400_000 + 1;
    expect(barQualityReport(series).missing.bars, 'calendar days minus bars').toBe(calendarDays - 5036);
  });

  it('XETRA intraday: EURO STOXX 50 5-minute bars of January 2006 fill 102 slots of each 09:00–17:30 CET session', async () => {
    // The file stamps bar END times in Frankfurt local time (CET, UTC+1 in January): shift to UTC open times.
    const { series } = await loadBars({
      path: '../shared/data/backtrader/datas/2006-min-005.txt',
      instrumentId: instrumentId('SX5E', 'STOXX'),
    });
    const shifted = { ...series, timestamp: series.timestamp.map((t) => t - 5 * MIN - 60 * MIN) };
    const report = barQualityReport(shifted, {
      calendar: XETRA_CALENDAR,
      from: day('2006-01-01'),
      to: day('2006-01-31'),
    });
    expect(report.expectedBars, '21 trading days (2–30 Jan) × 102').toBe(21 * 102);
    expect(report.missing.bars).toBe(0);
    expect(report.offSchedule).toEqual([]);
    // Without 2006-01-10's bars the gap is that one session, 102 slots.
    const keep = Array.from(shifted.timestamp)
      .map((t, i) => [t, i] as const)
      .filter(([t]) => new Date(t).toISOString().slice(0, 10) !== '2006-01-10');
    const holed = rawSeries(
      '5m',
      keep.map(([t, i]) => [t, series.open[i], series.high[i], series.low[i], series.close[i], 0]),
    );
    const holedReport = barQualityReport(holed, { calendar: XETRA_CALENDAR });
    expect(holedReport.missing.list).toEqual([
      { from: Date.parse('2006-01-10T08:00:00Z'), to: Date.parse('2006-01-11T08:00:00Z'), bars: 102 },
    ]);
    expect(holedReport.zeroVolume.length, 'SOURCE.md: volume is 0 throughout').toBe(holed.length);
  });
});

describe('barQualityReport: real gaps in freqtrade 1-minute files', () => {
  /** Naive count from consecutive open times: a step of k minutes is one gap of k − 1 bars. */
  function naiveGaps(timestamps: Float64Array) {
    let gaps = 0;
    let bars = 0;
    let longest = 0;
    for (let i = 1; i < timestamps.length; i++) {
      const step = (timestamps[i] - timestamps[i - 1]) / MIN;
      if (step > 1) {
        gaps++;
        bars += step - 1;
        longest = Math.max(longest, step - 1);
      }
    }
    return { gaps, bars, longest };
  }

  for (const [file, gaps, bars, longest] of [
    // SOURCE.md: "538 gaps, 717 missing minutes (max gap 8 min)": the longest step is 8 minutes, 7 bars missing.
    ['UNITTEST_BTC-1m.feather', 538, 717, 7],
    // SOURCE.md: "676 gaps, 1091 missing minutes"; the naive count finds a longest step of 9 minutes.
    ['XRP_ETH-1m.feather', 676, 1091, 8],
  ] as const) {
    it(`${file}: ${gaps} gaps, ${bars} missing minutes, longest ${longest}`, async () => {
      const { series } = await loadBars({
        path: `../shared/data/freqtrade/tests/testdata/${file}`,
        instrumentId: instrumentId('PAIR', 'FREQTRADE'),
      });
      const naive = naiveGaps(series.timestamp.subarray(0, series.length));
      expect(naive, 'the naive count agrees with SOURCE.md').toEqual({ gaps, bars, longest });
      const report = barQualityReport(series);
      expect(report.missing.gaps).toBe(gaps);
      expect(report.missing.bars).toBe(bars);
      expect(report.missing.longest?.bars).toBe(longest);
      expect(report.expectedBars - report.presentBars, 'expected minus present').toBe(bars);
      expect(report.duplicates.length + report.outOfOrder.length + report.inconsistent.length, 'clean otherwise').toBe(
        0,
      );
    });
  }
});

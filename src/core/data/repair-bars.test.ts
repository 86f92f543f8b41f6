import { describe, expect, it } from 'vitest';
import { instrumentId } from '../model/ids.ts';
import { barQualityReport } from './bar-quality-report.ts';
import { type BarRowValues, barSeriesFromRows } from './bar-series-from-rows.ts';
import { NYSE_CALENDAR } from './calendars/index.ts';
import { repairBars } from './repair-bars.ts';

const MIN = 60_000;
const T0 = Date.parse('2024-01-01T00:00:00Z');
const id = instrumentId('TEST', 'SIM');
const bar = (minute: number, close: number, volume = 10): BarRowValues => [
  T0 + minute * MIN,
  close,
  close + 1,
  close - 1,
  close,
  volume,
];
const times = (s: { timestamp: Float64Array; length: number }) =>
  Array.from(s.timestamp.subarray(0, s.length), (t) => (t - T0) / MIN);

describe('repairBars', () => {
  // Rows: 0@m0, 1@m1, 2 dup of m1, 3@m3, 4@m2 (out of order), 5@m4 broken (high < low), 6@m7.
  const messy = barSeriesFromRows(id, '1m', [
    bar(0, 100),
    bar(1, 101),
    bar(1, 999),
    bar(3, 103),
    bar(2, 102),
    [T0 + 4 * MIN, 104, 103, 105, 104, 10],
    bar(7, 107),
  ]);
  const report = barQualityReport(messy);

  it('leave changes nothing and records nothing', () => {
    const repaired = repairBars(messy, report, 'leave');
    expect(repaired.series).toBe(messy);
    expect(repaired.actions).toEqual([]);
  });

  it('drop removes duplicate, out-of-order and inconsistent rows, each with its reason', () => {
    const repaired = repairBars(messy, report, 'drop');
    expect(times(repaired.series), 'strictly increasing, minutes 0 1 3 7').toEqual([0, 1, 3, 7]);
    expect(repaired.dropped).toBe(3);
    expect(repaired.actions.map((a) => (a.action === 'drop' ? [a.row, a.reason] : a.action))).toEqual([
      [2, 'duplicate open time of row 1'],
      [4, 'out of order: open time before that of an earlier row (2024-01-01T00:03:00.000Z)'],
      [5, 'inconsistent: high below low, high below open or close, low above open or close'],
    ]);
    expect(Array.from(repaired.series.close), 'the first of duplicates is kept').toEqual([100, 101, 103, 107]);
  });

  it('fill drops, then fills every missing minute flat at the previous close, flagged synthetic', () => {
    const repaired = repairBars(messy, report, 'fill');
    expect(times(repaired.series), 'minutes 0..7, no hole').toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(Array.from(repaired.synthetic)).toEqual([0, 0, 1, 0, 1, 1, 1, 0]);
    expect(repaired.filled).toBe(4);
    expect(Array.from(repaired.series.close)).toEqual([100, 101, 101, 103, 103, 103, 103, 107]);
    const filledRow = 2;
    expect(
      [
        repaired.series.open[filledRow],
        repaired.series.high[filledRow],
        repaired.series.low[filledRow],
        repaired.series.volume[filledRow],
      ],
      'flat bar at the previous close, volume 0',
    ).toEqual([101, 101, 101, 0]);
    expect(repaired.actions.filter((a) => a.action === 'fill')).toEqual([
      { action: 'fill', from: T0 + 2 * MIN, to: T0 + 3 * MIN, bars: 1, price: 101, reason: expect.any(String) },
      { action: 'fill', from: T0 + 4 * MIN, to: T0 + 7 * MIN, bars: 3, price: 103, reason: expect.any(String) },
    ]);
    const after = barQualityReport(repaired.series);
    expect(
      [after.missing.bars, after.duplicates.length, after.outOfOrder.length, after.inconsistent.length],
      'clean after',
    ).toEqual([0, 0, 0, 0]);
  });

  it('fill cannot price bars before the first one: it records a skip', () => {
    const series = barSeriesFromRows(id, '1m', [bar(2, 50), bar(4, 52)]);
    const ranged = barQualityReport(series, { from: T0, to: T0 + 6 * MIN });
    const repaired = repairBars(series, ranged, 'fill');
    expect(times(repaired.series)).toEqual([2, 3, 4, 5]);
    expect(repaired.actions.map((a) => [a.action, a.action === 'drop' ? a.row : a.bars])).toEqual([
      ['skip', 2],
      ['fill', 1],
      ['fill', 1],
    ]);
  });

  it('fill on the NYSE calendar fills the missing trading day only, not the weekend or Good Friday', () => {
    const day = (iso: string) => Date.parse(`${iso}T00:00:00Z`);
    const dates = ['2024-03-27', '2024-03-28', '2024-04-01', '2024-04-03'];
    const series = barSeriesFromRows(
      id,
      '1d',
      dates.map((d, i) => [day(d), 10 + i, 11 + i, 9 + i, 10 + i, 100] as const),
    );
    const repaired = repairBars(series, barQualityReport(series, { calendar: NYSE_CALENDAR }), 'fill');
    expect(Array.from(repaired.series.timestamp, (t) => new Date(t).toISOString().slice(0, 10))).toEqual([
      '2024-03-27',
      '2024-03-28',
      '2024-04-01',
      '2024-04-02',
      '2024-04-03',
    ]);
    expect(repaired.series.close[3], 'previous close (1 Apr)').toBe(12);
  });

  it('refuses a report made from another series', () => {
    expect(() => repairBars(barSeriesFromRows(id, '1m', [bar(0, 1)]), report, 'drop')).toThrow(/covers 7 rows/);
  });
});

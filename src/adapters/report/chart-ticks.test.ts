import { describe, expect, it } from 'vitest';
import { timeTicks, valueTicks } from './chart-ticks.ts';

describe('valueTicks', () => {
  it('uses round steps of 1, 2 or 5 × 10^k inside the range', () => {
    const labels = valueTicks(9_870, 10_930, 5).map((tick) => tick.label);
    expect(labels).toEqual(['10,000', '10,200', '10,400', '10,600', '10,800']);
    expect(valueTicks(-0.21, 0, 4).map((tick) => tick.value)).toEqual(
      [-0.2, -0.15, -0.1, -0.05, 0].map((v) => expect.closeTo(v, 12)),
    );
  });
});

describe('timeTicks', () => {
  it('labels days for a span of days', () => {
    const ticks = timeTicks(Date.UTC(2024, 0, 1, 5), Date.UTC(2024, 0, 6), 8);
    expect(ticks.map((tick) => tick.label)).toEqual([
      '2024-01-02',
      '2024-01-03',
      '2024-01-04',
      '2024-01-05',
      '2024-01-06',
    ]);
  });

  it('labels hours within a day', () => {
    const ticks = timeTicks(Date.UTC(2024, 0, 1), Date.UTC(2024, 0, 1, 12), 8);
    expect(ticks[1].label).toBe('01-01 02:00');
  });

  it('labels calendar months and years for long spans', () => {
    const months = timeTicks(Date.UTC(2024, 0, 15), Date.UTC(2024, 6, 1), 8);
    expect(months.map((tick) => tick.label)).toEqual([
      '2024-02',
      '2024-03',
      '2024-04',
      '2024-05',
      '2024-06',
      '2024-07',
    ]);
    const years = timeTicks(Date.UTC(1995, 3, 1), Date.UTC(2015, 0, 1), 8);
    expect(years.every((tick) => /^\d{4}$/.test(tick.label))).toBe(true);
    expect(years.length).toBeLessThanOrEqual(8);
    expect(
      years.map((tick) => tick.label),
      'five-year steps',
    ).toEqual(['2000', '2005', '2010', '2015']);
    const weeks = timeTicks(Date.UTC(2022, 0, 1), Date.UTC(2022, 1, 1), 8);
    expect(
      weeks.map((tick) => new Date(tick.value).getUTCDay()),
      'weekly ticks fall on Mondays',
    ).toEqual([1, 1, 1, 1, 1]);
    expect(weeks[0].label).toBe('2022-01-03');
  });
});

import { describe, expect, it } from 'vitest';
import { formatDate, formatDuration, formatNumber, formatPercent } from './format-value.ts';

describe('format-value', () => {
  it('groups thousands without a locale', () => {
    expect(formatNumber(1_234_567.891)).toBe('1,234,567.89');
    expect(formatNumber(-1234.5, 0)).toBe('-1,235');
    expect(formatNumber(-0.001)).toBe('0.00');
    expect(formatNumber(Number.POSITIVE_INFINITY)).toBe('∞');
  });

  it('formats fractions as percentages', () => {
    expect(formatPercent(0.1234)).toBe('12.34%');
    expect(formatPercent(-0.5, 0)).toBe('-50%');
  });

  it('formats durations in days and hours', () => {
    expect(formatDuration(2 * 86_400_000 + 4 * 3_600_000 + 59_000)).toBe('2d 4h');
    expect(formatDuration(3 * 3_600_000 + 20 * 60_000)).toBe('3h 20m');
    expect(formatDuration(45 * 60_000)).toBe('45m');
    expect(formatDuration(0)).toBe('0');
  });

  it('formats UTC dates', () => {
    expect(formatDate(Date.UTC(2024, 1, 29, 13, 5))).toBe('2024-02-29 13:05');
    expect(formatDate(Date.UTC(2024, 1, 29), true)).toBe('2024-02-29');
  });
});

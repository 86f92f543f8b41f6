import { describe, expect, it } from 'vitest';
import type { RoundTrip } from '../../core/portfolio/position.ts';
import { WindowMetrics, windowLabel } from './window-metrics.ts';

const trip = (pnl: number): RoundTrip => ({
  instrumentId: 'BTC-PERP.FTX',
  side: 'long',
  entryTime: 0,
  exitTime: 0,
  entryPrice: 1,
  exitPrice: 1,
  quantity: 1,
  pnl,
  grossPnl: pnl,
  fees: 0,
});

describe('WindowMetrics', () => {
  it('labels windows as people write them', () => {
    expect([1_440 * 60_000, 240 * 60_000, 90 * 60_000, 45_000].map(windowLabel)).toEqual(['1d', '4h', '90m', '45s']);
  });

  it('measures each window from its own bars, trades and notional, the next from the last close', () => {
    const portfolio = { tradedNotional: 500, roundTrips: [trip(-1)] };
    const metrics = new WindowMetrics(portfolio, 4, 100, '4m');
    // Returns +10%, -10%, +10% from 100: mean 0.0333…, sample stdev 0.11547, downside sqrt(0.01/3).
    for (const [i, equity] of [100, 110, 99, 108.9].entries()) metrics.add(i * 60_000, equity);
    portfolio.tradedNotional += 1_000;
    portfolio.roundTrips.push(trip(5), trip(-2), trip(1));
    const first = metrics.close(240_000);
    const mean = (0.1 - 0.1 + 0.1) / 4;
    const returns = [0, 0.1, -0.1, 0.1];
    const stdev = Math.sqrt(returns.reduce((s, r) => s + (r - mean) ** 2, 0) / 3);
    expect(first.label).toBe('4m');
    expect([first.windowStart, first.windowEnd]).toEqual([0, 240_000]);
    expect(first.sharpe, 'mean / sample stdev of the per-bar returns × √(bars a year)').toBeCloseTo(
      (mean / stdev) * 10,
      12,
    );
    expect(first.sortino, 'over the downside deviation').toBeCloseTo((mean / Math.sqrt(0.01 / 4)) * 10, 12);
    expect(first.turnover, 'notional traded in the window over its mean equity').toBeCloseTo(1_000 / 104.475, 12);
    expect([first.trades, first.hitRate], 'only the round trips closed in the window').toEqual([3, 2 / 3]);

    for (const [i, equity] of [108.9, 108.9].entries()) metrics.add(300_000 + i * 60_000, equity);
    const second = metrics.close(420_000);
    expect(second.sharpe, 'a flat window has no ratio').toBeUndefined();
    expect(second.sortino).toBeUndefined();
    expect([second.trades, second.hitRate, second.turnover]).toEqual([0, undefined, 0]);
    expect(second.windowStart).toBe(300_000);
  });
});

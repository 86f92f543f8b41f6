import { describe, expect, it } from 'vitest';
import { BTC_PERP_SAMPLE } from '../../../test/support/btc-perp.ts';
import { runBacktest } from '../../runtime/backtest/run-backtest.ts';
import { backtestConfig } from '../../runtime/config/backtest-config.ts';
import { DEFAULT_BACKTEST_CONFIG } from '../../runtime/config/default-backtest-config.ts';

/**
 * The suite's strategies by their built-in names, with their preset parameters, through the
 * runtime's `runBacktest` as `tradewind backtest` runs them: the embedded default config (100,000 USD,
 * the default risk limits) on a month of real BTC-PERP 1-minute bars.
 */
describe.each(['trend_follower', 'mean_reversion', 'momentum'])('%s by name with its preset', (name) => {
  it('trades the real month within the default risk limits and ends flat or holding its one position', async () => {
    const config = backtestConfig.parse({
      ...DEFAULT_BACKTEST_CONFIG,
      strategy: { name, params: {} },
      data: { ...DEFAULT_BACKTEST_CONFIG.data, path: BTC_PERP_SAMPLE },
    });
    const { result } = await runBacktest(config, { baseDir: '.' });
    expect(result.roundTrips.length, 'closed trades over the month').toBeGreaterThan(10);
    const denied = result.orders.filter((o) => o.status === 'denied');
    expect(
      denied.map((o) => o.reason).slice(0, 3),
      'a 0.2 BTC order stays within the 10% position limit of 100,000',
    ).toEqual([]);
    const entries = result.orders.filter((o) => !o.reduceOnly);
    expect(new Set(entries.map((o) => o.quantity)), 'every entry is the preset 0.2 BTC').toEqual(new Set([0.2]));
    expect(
      Math.abs(result.fills.reduce((q, f) => q + (f.side === 'buy' ? f.lastQuantity : -f.lastQuantity), 0)),
    ).toBeLessThanOrEqual(0.2);
  });
});

describe('the default risk limits are in force in these runs', () => {
  it('a 1 BTC momentum order (about 47% of equity) is denied MAX_POSITION', async () => {
    const config = backtestConfig.parse({
      ...DEFAULT_BACKTEST_CONFIG,
      strategy: { name: 'momentum', params: { quantity: 1 } },
      data: { ...DEFAULT_BACKTEST_CONFIG.data, path: BTC_PERP_SAMPLE },
    });
    const { result } = await runBacktest(config, { baseDir: '.' });
    expect(result.fills, 'nothing fills').toEqual([]);
    expect(result.orders[0]?.reason).toMatch(/^MAX_POSITION/);
  });
});

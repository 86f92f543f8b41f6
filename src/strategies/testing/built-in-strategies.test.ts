import { fileURLToPath } from 'node:url';
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
describe.each(['trend_follower', 'mean_reversion', 'momentum', 'scalper'])('%s by name with its preset', (name) => {
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

const ORCL = fileURLToPath(new URL('../../../test/fixtures/orcl-1995-2014.txt', import.meta.url));

describe.each([
  [
    'trend_follower',
    { quantity: 100, trend_period: 100, rsi_entry: 60, stop_atr: 1.5, target_atr: 1.5 },
    ['stop_loss', 'take_profit'],
  ],
  ['mean_reversion', { quantity: 100, stop_sigma: 3 }, ['back_to_mean', 'stop_loss']],
  [
    'momentum',
    {
      quantity: 100,
      window: 3,
      move_threshold: 0.05,
      volume_multiple: 1.5,
      volume_period: 20,
      hold_bars: 5,
      exit_threshold: 0.03,
    },
    ['hold_done', 'reversal'],
  ],
] as const)('%s on daily ORCL bars, 1995–2014', (name, params, exitTags) => {
  it('trades a cash account of shares and closes trades only by its exit rules', async () => {
    const config = backtestConfig.parse({
      strategy: { name, params },
      data: { path: ORCL },
      instrument: { symbol: 'ORCL', venue: 'NASDAQ', kind: 'equity', price_increment: 0.01 },
      account: { type: 'cash', starting_cash: 100_000 },
    });
    const { result } = await runBacktest(config, { baseDir: '.' });
    expect(result.roundTrips.length, 'trades over 20 years').toBeGreaterThan(10);
    const tags = new Set(result.orders.filter((o) => o.reduceOnly && o.filledQuantity > 0).map((o) => o.tags[0]));
    expect([...tags].sort(), 'each exit rule closed trades').toEqual([...exitTags]);
    // The default 10% price collar refuses some far take-profits of daily trades; the trend
    // follower then keeps the trade on its stop (no exit_fallback above), nothing else is refused.
    const refused = result.orders.filter((o) => o.status === 'denied' || o.status === 'rejected');
    for (const order of refused)
      expect([order.tags[0], order.reason?.split(':')[0]], order.clientOrderId).toEqual([
        'take_profit',
        'PRICE_COLLAR',
      ]);
    if (name !== 'trend_follower') expect(refused).toEqual([]);
  });
});

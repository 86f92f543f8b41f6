import type { BacktestConfigInput } from './backtest-config.ts';

/**
 * The embedded default: `npm start` backtests an EMA(60)/EMA(240) crossover on 31 days of real
 * FTX BTC-PERP 1-minute bars shipped in data/samples. FTX's BTC-PERP had a 1 USD tick,
 * 0.0001 BTC lots and 2 / 7 bps maker / taker fees.
 */
export const DEFAULT_BACKTEST_CONFIG: BacktestConfigInput = {
  strategy: { name: 'ema_cross', params: { fast_period: 60, slow_period: 240, quantity: 0.2, mode: 'long_short' } },
  data: { path: 'data/samples/btc-perp-20211231-20220201_1m.csv', volume_unit: 'quote' },
  instrument: {
    symbol: 'BTC-PERP',
    venue: 'FTX',
    kind: 'perpetual',
    base_currency: 'BTC',
    quote_currency: 'USD',
    price_increment: 1,
    size_increment: 0.0001,
    maker_fee: 0.0002,
    taker_fee: 0.0007,
  },
  account: { type: 'margin', starting_cash: 100_000, leverage: 1 },
  execution: { slippage_bps: 1 },
  seed: 42,
};

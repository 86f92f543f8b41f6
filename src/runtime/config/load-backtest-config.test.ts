import { describe, expect, it } from 'vitest';
import { loadBacktestConfig } from './load-backtest-config.ts';

describe('loadBacktestConfig flags', () => {
  it('--strategy with another name starts from that strategy own parameters; --param still applies', async () => {
    const { config } = await loadBacktestConfig({ strategy: 'trend_follower', param: ['rsi_period=21'] });
    expect(config.strategy!.name).toBe('trend_follower');
    expect(config.strategy!.params, "the default's ema_cross periods are not carried over").toEqual({ rsi_period: 21 });
  });

  it('--strategy naming the same strategy keeps its configured parameters', async () => {
    const { config } = await loadBacktestConfig({ strategy: 'ema_cross' });
    expect(config.strategy!.params).toMatchObject({ fast_period: 60, slow_period: 240, quantity: 0.2 });
  });
});

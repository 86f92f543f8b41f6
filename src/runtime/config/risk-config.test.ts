import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_RISK_LIMITS } from '../../core/risk/index.ts';
import { runBacktest } from '../backtest/run-backtest.ts';
import { ConfigError, loadBacktestConfig, PACKAGE_ROOT } from './load-backtest-config.ts';
import { backtestRiskConfig, riskConfig } from './risk-config.ts';

const dir = mkdtempSync(join(tmpdir(), 'tradewind-risk-config-'));
function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe('risk.yaml', () => {
  it('without limits, the blueprint defaults: 0.5% per trade, 10% position, 50% gross, no kill switch', () => {
    const rails = backtestRiskConfig(riskConfig.parse({}));
    expect(rails.policy?.limits).toEqual(DEFAULT_RISK_LIMITS);
    expect(rails.policy?.limits.maxPositionFraction).toBe(0.1);
    expect(rails.policy?.limits.maxGrossExposure).toBe(0.5);
    expect(rails.policy?.limits.riskPerTrade).toBe(0.005);
    expect(rails.dailyDrawdown).toBeUndefined();
  });

  it('maps every key: none is no limit, minutes become ms, bounds become the hard bounds', () => {
    const rails = backtestRiskConfig(
      riskConfig.parse({
        limits: { max_position: 0.2, max_order_notional: 5000, max_net_exposure: 'none', round_to_increments: true },
        bounds: { max_position: 0.3, max_order_notional: 10000, max_net_exposure: 'none', round_to_increments: true },
        daily_drawdown: { limit: 0.03 },
        stale_data: { stale_after_intervals: 3, state: 'reducing' },
        error_rate: { window_seconds: 30 },
      }),
    );
    const policy = rails.policy!;
    expect(policy.limits.maxPositionFraction).toBe(0.2);
    expect(policy.limits.maxOrderNotional).toBe(5000);
    expect(policy.limits.maxNetExposure).toBe(Number.POSITIVE_INFINITY);
    expect(policy.limits.roundToIncrements).toBe(true);
    expect(policy.bounds.maxPositionFraction).toBe(0.3);
    expect(policy.bounds.maxGrossExposure, 'a bound not given is the limit itself').toBe(0.5);
    expect(rails.dailyDrawdown).toEqual({ limit: 0.03, cooldownMs: 3_600_000, dayOffsetMinutes: 0 });
    expect(rails.staleData).toEqual({ staleAfterIntervals: 3, state: 'REDUCING' });
    expect(rails.errorRate).toEqual({ maxRejections: 5, windowMs: 30_000, minHoldMs: 300_000, state: 'REDUCING' });
  });

  it('--risk replaces the config risk section; the file and field are named on a bad value', async () => {
    const good = file('good.yaml', 'limits:\n  max_position: 0.25\ndaily_drawdown:\n  limit: 0.04\n');
    const { config } = await loadBacktestConfig({ risk: good });
    expect(config.risk.limits.max_position).toBe(0.25);
    expect(config.risk.daily_drawdown?.limit).toBe(0.04);

    const bad = file('bad.yaml', 'limits:\n  max_position: 10%\n');
    await expect(loadBacktestConfig({ risk: bad })).rejects.toThrow(ConfigError);
    await expect(loadBacktestConfig({ risk: bad })).rejects.toThrow(`${bad}: field 'limits.max_position'`);
    const unknown = file('unknown.yaml', 'limits:\n  max_leverage: 3\n');
    await expect(loadBacktestConfig({ risk: unknown })).rejects.toThrow(/unknown\.yaml.*max_leverage/);
  });

  it('a bound tighter than its limit is refused at load, naming the file', async () => {
    const path = file('bounds.yaml', 'limits:\n  max_position: 0.2\nbounds:\n  max_position: 0.1\n');
    await expect(loadBacktestConfig({ risk: path })).rejects.toThrow(
      `${path}: risk policy: limit maxPositionFraction 0.2 exceeds its hard bound 0.1`,
    );
  });

  it('the shipped examples/risk.yaml is valid', async () => {
    const { config } = await loadBacktestConfig({ risk: 'examples/risk.yaml' });
    expect(config.risk.bounds?.max_position).toBe(0.2);
    expect(config.risk.daily_drawdown?.cooldown_minutes).toBe(60);
  });

  it('exits: snake_case rules become the engine ExitRules; a rule with two distances names its field', async () => {
    const rails = backtestRiskConfig(
      riskConfig.parse({
        exits: {
          stop_loss: { percent: 0.02 },
          take_profit: { risk_multiple: 2 },
          trailing_stop: { atr_multiple: 3, activation_percent: 0.01 },
          time_stop: { bars: 30 },
        },
      }),
    );
    expect(rails.exits).toEqual({
      stopLoss: { percent: 0.02 },
      takeProfit: { riskMultiple: 2 },
      trailingStop: { atrMultiple: 3, activationPercent: 0.01 },
      timeStop: { bars: 30 },
      mode: 'native',
      atrPeriod: 14,
    });
    const path = file('exits.yaml', 'exits:\n  stop_loss:\n    percent: 0.02\n    atr_multiple: 2\n');
    await expect(loadBacktestConfig({ risk: path })).rejects.toThrow(new RegExp(`${path}: exit rules: stopLoss`));
  });

  it('a backtest with risk.exits closes its trades with tagged exit orders', async () => {
    const { config } = await loadBacktestConfig({
      risk: file('btc-exits.yaml', 'exits:\n  stop_loss:\n    percent: 0.01\n  take_profit:\n    risk_multiple: 2\n'),
      to: '2022-01-08',
    });
    const run = await runBacktest(config, { baseDir: PACKAGE_ROOT });
    const exits = run.result.fills.filter((f) => f.strategyId === 'RISK');
    expect(exits.length, 'some trades of the default EMA cross end at a 1% stop or a 2R target').toBeGreaterThan(0);
    const orders = new Map(run.result.orders.map((o) => [o.clientOrderId, o]));
    for (const fill of exits)
      expect(orders.get(fill.clientOrderId)?.tags.some((t) => t === 'STOP_LOSS' || t === 'TAKE_PROFIT')).toBe(true);
  });
});

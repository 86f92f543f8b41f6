import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { backtestConfig } from '../config/backtest-config.ts';
import { backtestRiskConfig } from '../config/risk-config.ts';
import { advise } from './advise.ts';
import { parseAdvisorConfig } from './advisor-config.ts';
import { advisorTestRun, testInputs, testMetrics } from './advisor-test-run.ts';
import { applyRunPolicy } from './apply-policy.ts';
import { MemoLog } from './memo-log.ts';
import { PolicyWorkspace } from './policy-workspace.ts';
import { runDirBaseline } from './run-baseline.ts';

const NOW = Date.UTC(2026, 10, 21, 9, 30);
const next = backtestConfig.parse({
  strategy: { name: 'ema_cross', params: { fast_period: 60, slow_period: 240, quantity: 0.2 } },
  data: { path: 'bars.csv' },
  instrument: { symbol: 'BTC-PERP', venue: 'FTX' },
  risk: { limits: { max_position: 0.2, max_gross_exposure: 0.8 } },
});

async function adviseOnce(
  dir: string,
  config = parseAdvisorConfig({}, 'test'),
  metrics = testMetrics({ drawdown: 0.13 }),
) {
  const log = MemoLog.open(join(dir, 'logs'));
  const workspace = new PolicyWorkspace(await runDirBaseline(dir), config, log.lines);
  return advise({ inputs: testInputs([metrics]), log, workspace, config, now: NOW });
}

describe('backtest --policy: the next run trades under the policy in force', () => {
  it('carries the cut limits, keeps the hard bounds, and names the version', async () => {
    const dir = advisorTestRun();
    await adviseOnce(dir);
    const carried = await applyRunPolicy(next, dir);
    const risk = backtestRiskConfig(carried.config.risk);
    expect(risk.policy?.limits.maxPositionFraction).toBeCloseTo(0.2 * 0.75, 12);
    expect(risk.policy?.limits.maxGrossExposure).toBeCloseTo(0.8 * 0.75, 12);
    expect(risk.policy?.bounds.maxPositionFraction, 'the bounds stay the original run’s').toBe(0.2);
    expect(carried.note).toMatch(/risk policy version 2, 1 memos/);
  });

  it('carries a parameter the advisor set and refuses a run whose only strategy is paused', async () => {
    const dir = advisorTestRun();
    const config = parseAdvisorConfig(
      {
        policy: {
          strategies: { ema_cross: { parameters: { fast_period: { min: 10, max: 100, max_daily_change: 50 } } } },
        },
      },
      'test',
    );
    const log = MemoLog.open(join(dir, 'logs'));
    const workspace = new PolicyWorkspace(await runDirBaseline(dir), config, log.lines);
    workspace.execute(
      { type: 'SetParameter', strategyId: 'ema_cross' as never, name: 'fast_period', from: 60, to: 45 },
      NOW,
    );
    expect(workspace.strategies.get('ema_cross')?.parameters.fast_period).toBe(45);
    // Only what is in the chain counts: an execute without a memo is not carried over.
    expect((await applyRunPolicy(next, dir)).config.strategy?.params.fast_period).toBe(60);

    await adviseOnce(dir, config, testMetrics({ drawdown: 0.3 }));
    await expect(applyRunPolicy(next, dir)).rejects.toThrow(/pauses ema_cross \(by rule_based\), the only strategy/);
  });
});

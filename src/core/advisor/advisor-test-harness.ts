import type { UnixMillis } from '../model/time.ts';
import { DEFAULT_RISK_LIMITS, riskLimits } from '../risk/risk-limits.ts';
import { RiskPolicy } from '../risk/risk-policy.ts';
import { TradingState } from '../risk/state/trading-state.ts';
import type { AdvisorPolicy } from './advisor-policy.ts';
import type { PolicyCommand, PolicySnapshot, StrategySnapshot } from './evaluate-policy-change.ts';

/** 2026-11-22T00:00:00Z: a UTC midnight, so `T0 + k × DAY` starts day k. */
export const T0: UnixMillis = 1_795_305_600_000;
export const DAY = 86_400_000;

/**
 * The advisor's authority in the tests: `ema` has an integer lookback and a fractional threshold
 * it may move, and two presets; `scalper` nothing but pause and resume; `agent` trades its own
 * 30% allocation.
 */
export const TEST_ADVISOR_POLICY: AdvisorPolicy = {
  strategies: {
    ema: {
      parameters: {
        fast: { min: 5, max: 50, maxDailyChange: 10, integer: true },
        threshold: { min: 0.5, max: 0.9, maxDailyChange: 0.1 },
      },
      presets: ['conservative', 'default'],
    },
  },
};

/**
 * What the runtime would be, in miniature: a real `RiskPolicy` (hard bounds: position 20%, gross
 * 100%) and strategy states that run the gate's commands. Tests apply the gate's commands here and
 * check the world, not the gate's word.
 */
export class TestPolicyWorld {
  readonly riskPolicy = new RiskPolicy({
    limits: DEFAULT_RISK_LIMITS,
    bounds: { maxPositionFraction: 0.2, maxGrossExposure: 1 },
    agents: { agent: { capitalFraction: 0.3, limits: riskLimits(DEFAULT_RISK_LIMITS, { maxPositionFraction: 0.05 }) } },
  });
  readonly strategies = new Map<string, StrategySnapshot>([
    ['ema', { state: TradingState.Active, preset: 'default', parameters: { fast: 12, threshold: 0.6, slow: 26 } }],
    ['scalper', { state: TradingState.Active, parameters: {} }],
    ['agent', { state: TradingState.Active, parameters: {} }],
  ]);

  snapshot(): PolicySnapshot {
    return { riskPolicy: this.riskPolicy, strategies: Object.fromEntries(this.strategies) };
  }

  /** Sets a strategy's trading state (a kill switch or breaker acting outside the advisor). */
  setState(strategyId: string, state: TradingState): void {
    this.strategies.set(strategyId, { ...(this.strategies.get(strategyId) as StrategySnapshot), state });
  }

  /** Runs one command as the runtime would; throws when the risk policy refuses a limit change the gate passed. */
  run(command: PolicyCommand, now: UnixMillis): void {
    if (command.type === 'ChangeRiskLimits') {
      const event = this.riskPolicy.apply(command.change, now);
      if (event.type === 'RiskPolicyRejected')
        throw new Error(`the risk policy refused a change the gate passed: ${event.violations.join('; ')}`);
      return;
    }
    const strategy = this.strategies.get(command.strategyId) as StrategySnapshot;
    if (command.type === 'PauseStrategy')
      this.strategies.set(command.strategyId, { ...strategy, pausedBy: command.by });
    else if (command.type === 'ResumeStrategy')
      this.strategies.set(command.strategyId, { ...strategy, pausedBy: undefined });
    else if (command.type === 'SwitchPreset')
      this.strategies.set(command.strategyId, { ...strategy, preset: command.to });
    else
      this.strategies.set(command.strategyId, {
        ...strategy,
        parameters: { ...strategy.parameters, [command.name]: command.to },
      });
  }
}

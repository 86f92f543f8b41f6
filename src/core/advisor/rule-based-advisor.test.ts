import { describe, expect, it } from 'vitest';
import { TradingState } from '../risk/state/trading-state.ts';
import { parseAdvisorProposal } from './parse-advisor-proposal.ts';
import { ruleBasedAdvice, type StrategyMetrics } from './rule-based-advisor.ts';

/** A healthy strategy: nothing for the rules to do. */
const healthy = (strategyId: string, overrides: Partial<StrategyMetrics> = {}): StrategyMetrics => ({
  strategyId,
  windowDays: 30,
  trades: 40,
  sharpe: 1.2,
  sortino: 1.8,
  drawdown: 0.03,
  realizedSlippageBps: 4,
  modelledSlippageBps: 3,
  hitRate: 0.55,
  exposure: 0.3,
  riskEvents: 0,
  state: TradingState.Active,
  paused: false,
  ...overrides,
});

describe('ruleBasedAdvice', () => {
  it('proposes nothing for healthy strategies', () => {
    expect(ruleBasedAdvice([healthy('a'), healthy('b')])).toEqual({ changes: [] });
  });

  it('cuts the account by 25% for drawdown, slippage drift or risk events, naming each number', () => {
    const advice = ruleBasedAdvice([
      healthy('trend', { drawdown: 0.12 }),
      healthy('scalp', { realizedSlippageBps: 18.5, modelledSlippageBps: 3 }),
      healthy('grid', { riskEvents: 6 }),
    ]);
    expect(advice.changes).toEqual([
      {
        kind: 'reduce_risk',
        fraction: 0.25,
        rationale:
          "cut the account's limits by 25.0%: grid had 6 risk events in 30 days (≥ 5); scalp realized slippage 18.5 bps exceeds the modelled 3.0 bps by 15.5 bps ≥ 10 bps; trend drawdown 12.0% ≥ 10.0%",
        confidence: 'high',
      },
    ]);
  });

  it("cuts an agent's own limits instead of the account's", () => {
    const advice = ruleBasedAdvice([healthy('hi', { drawdown: 0.11, agent: true })]);
    expect(advice.changes).toEqual([
      {
        kind: 'reduce_risk',
        fraction: 0.25,
        strategy_id: 'hi',
        rationale: "cut hi's limits by 25.0%: hi drawdown 11.0% ≥ 10.0%",
        confidence: 'medium',
      },
    ]);
  });

  it('pauses on a deep drawdown or a poor Sharpe over enough trades, and not on too few trades', () => {
    const advice = ruleBasedAdvice([
      healthy('deep', { drawdown: 0.31 }),
      healthy('poor', { sharpe: -1.1, trades: 25 }),
      healthy('young', { sharpe: -3, trades: 5 }),
    ]);
    expect(advice.changes).toEqual([
      {
        kind: 'pause_strategy',
        strategy_id: 'deep',
        rationale: 'deep drawdown 31.0% ≥ pause threshold 20.0%',
        confidence: 'high',
      },
      {
        kind: 'pause_strategy',
        strategy_id: 'poor',
        rationale: 'poor Sharpe -1.10 < -0.5 over 30 days and 25 trades',
        confidence: 'high',
      },
    ]);
  });

  it('proposes resuming a paused strategy that recovered, never a HALTED one, nor one still weak', () => {
    const advice = ruleBasedAdvice([
      healthy('back', { paused: true, sharpe: 0.8, drawdown: 0.02 }),
      healthy('halted', { paused: true, sharpe: 2, drawdown: 0, state: TradingState.Halted }),
      healthy('reducing', { paused: true, sharpe: 2, drawdown: 0, state: TradingState.Reducing }),
      healthy('weak', { paused: true, sharpe: 0.3 }),
      healthy('noisy', { paused: true, riskEvents: 1 }),
    ]);
    expect(advice.changes).toEqual([
      {
        kind: 'resume_strategy',
        strategy_id: 'back',
        rationale: 'back recovered over 30 days: Sharpe 0.80 ≥ 0.5, drawdown 2.0% ≤ 5.0%, no risk events',
        confidence: 'medium',
      },
    ]);
  });

  it('takes thresholds from the caller, is deterministic in input order, and always produces a valid proposal', () => {
    const metrics = [healthy('b', { drawdown: 0.06 }), healthy('a', { drawdown: 0.25 })];
    const strict = ruleBasedAdvice(metrics, { drawdownReduce: 0.05, reduceFraction: 0.5 });
    expect(strict.changes.map((c) => c.kind)).toEqual(['reduce_risk', 'pause_strategy']);
    expect(strict.changes[0]).toMatchObject({ fraction: 0.5 });
    expect(ruleBasedAdvice([...metrics].reverse()), 'same advice whatever the order').toEqual(ruleBasedAdvice(metrics));
    const many = Array.from({ length: 40 }, (_, i) =>
      healthy(`s${String(i).padStart(2, '0')}`, { drawdown: 0.3, realizedSlippageBps: 1e6, modelledSlippageBps: 0 }),
    );
    const crowded = ruleBasedAdvice(many);
    expect(crowded.changes.length, 'bounded to the proposal limit').toBe(16);
    const parsed = parseAdvisorProposal(JSON.parse(JSON.stringify(crowded)));
    expect(
      parsed.entries.every((e) => e.valid),
      'the rules speak the format the parser accepts',
    ).toBe(true);
  });
});

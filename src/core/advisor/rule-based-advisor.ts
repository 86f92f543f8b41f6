import { TradingState } from '../risk/state/trading-state.ts';
import { type AdvisorProposal, type Confidence, type PolicyChange, PROPOSAL_BOUNDS } from './policy-change.ts';

/** The compact numbers the advisor reads for one strategy, over one window. */
export interface StrategyMetrics {
  readonly strategyId: string;
  /** Length of the window the numbers cover, in days. */
  readonly windowDays: number;
  /** Closed trades in the window. */
  readonly trades: number;
  /** Annualized Sharpe ratio of the window's returns; null when there are too few. */
  readonly sharpe: number | null;
  readonly sortino: number | null;
  /** Current drawdown from the equity peak, a fraction ≥ 0 (0.12 = 12%). */
  readonly drawdown: number;
  /** Mean realized slippage per fill, in basis points; null without fills. */
  readonly realizedSlippageBps: number | null;
  /** Mean slippage the fill model expected for the same fills, in basis points. */
  readonly modelledSlippageBps: number | null;
  /** Share of winning trades, in [0, 1]; null without trades. */
  readonly hitRate: number | null;
  /** Gross exposure as a fraction of equity. */
  readonly exposure: number;
  /** Risk events (denials, breaker trips, kill switches) in the window. */
  readonly riskEvents: number;
  /** Effective trading state from the kill switches, breakers and operators. */
  readonly state: TradingState;
  /** True while paused (by the advisor or an operator). */
  readonly paused: boolean;
  /** True when the strategy trades as an agent with its own limits: its cuts then target them. */
  readonly agent?: boolean;
}

/** When the rules act. Fractions are of equity or limits; Sharpe is annualized. */
export interface RuleAdvisorThresholds {
  /** Cut risk when a strategy's drawdown reaches this. */
  readonly drawdownReduce: number;
  /** Pause a strategy whose drawdown reaches this. */
  readonly drawdownPause: number;
  /** Pause a strategy whose Sharpe is below this, once it has `minTrades` trades in the window. */
  readonly pauseSharpe: number;
  readonly minTrades: number;
  /** Cut risk when realized slippage exceeds the modelled one by this many basis points. */
  readonly slippageDriftBps: number;
  /** Cut risk when a strategy had this many risk events in the window. */
  readonly riskEventsReduce: number;
  /** The share each cut takes off the limits. */
  readonly reduceFraction: number;
  /** Propose resuming a paused strategy when its Sharpe is at least this, its drawdown at most `resumeDrawdown` and it had no risk events. */
  readonly resumeSharpe: number;
  readonly resumeDrawdown: number;
}

/** Defaults: cut by 25% at a 10% drawdown, 10 bps slippage drift or 5 risk events; pause at 20% drawdown or Sharpe < −0.5 over ≥ 20 trades; resume at Sharpe ≥ 0.5 with drawdown ≤ 5%. */
export const DEFAULT_RULE_ADVISOR_THRESHOLDS: RuleAdvisorThresholds = Object.freeze({
  drawdownReduce: 0.1,
  drawdownPause: 0.2,
  pauseSharpe: -0.5,
  minTrades: 20,
  slippageDriftBps: 10,
  riskEventsReduce: 5,
  reduceFraction: 0.25,
  resumeSharpe: 0.5,
  resumeDrawdown: 0.05,
});

const percent = (fraction: number): string => `${(fraction * 100).toFixed(1)}%`;
/** High when the number passed its threshold by half the threshold again or more. */
const confidence = (excess: number, threshold: number): Confidence =>
  Math.abs(excess) >= Math.abs(threshold) * 0.5 ? 'high' : 'medium';
const bounded = (text: string): string =>
  text.length <= PROPOSAL_BOUNDS.maxRationaleLength
    ? text
    : `${text.slice(0, PROPOSAL_BOUNDS.maxRationaleLength - 1)}…`;

/**
 * The advisor without a model: threshold rules over each strategy's metrics, in the proposal format
 * a model would produce, with rationales that name the numbers. Deterministic: the same metrics
 * give the same proposal (strategies in id order). HALTED strategies get no proposal (the kill
 * switch and a person own them). Cuts of strategies that are not agents are merged into one cut
 * of the account's limits. At most `PROPOSAL_BOUNDS.maxChanges` changes, the most protective first
 * (account cut, pauses, agent cuts, resumes).
 */
export function ruleBasedAdvice(
  metrics: readonly StrategyMetrics[],
  thresholds: Partial<RuleAdvisorThresholds> = {},
): AdvisorProposal {
  const t: RuleAdvisorThresholds = { ...DEFAULT_RULE_ADVISOR_THRESHOLDS, ...thresholds };
  const accountCuts: { reason: string; confidence: Confidence }[] = [];
  const pauses: PolicyChange[] = [];
  const agentCuts: PolicyChange[] = [];
  const resumes: PolicyChange[] = [];
  const sorted = [...metrics].sort((a, b) => (a.strategyId < b.strategyId ? -1 : a.strategyId > b.strategyId ? 1 : 0));
  for (const m of sorted) {
    const id = m.strategyId;
    if (m.state === TradingState.Halted) continue;
    if (m.paused) {
      if (
        m.state === TradingState.Active &&
        m.sharpe !== null &&
        m.sharpe >= t.resumeSharpe &&
        m.drawdown <= t.resumeDrawdown &&
        m.riskEvents === 0
      )
        resumes.push({
          kind: 'resume_strategy',
          strategy_id: id,
          rationale: bounded(
            `${id} recovered over ${m.windowDays} days: Sharpe ${m.sharpe.toFixed(2)} ≥ ${t.resumeSharpe}, drawdown ${percent(m.drawdown)} ≤ ${percent(t.resumeDrawdown)}, no risk events`,
          ),
          confidence: 'medium',
        });
      continue;
    }
    if (m.drawdown >= t.drawdownPause) {
      pauses.push({
        kind: 'pause_strategy',
        strategy_id: id,
        rationale: `${id} drawdown ${percent(m.drawdown)} ≥ pause threshold ${percent(t.drawdownPause)}`,
        confidence: confidence(m.drawdown - t.drawdownPause, t.drawdownPause),
      });
      continue;
    }
    if (m.sharpe !== null && m.trades >= t.minTrades && m.sharpe < t.pauseSharpe) {
      pauses.push({
        kind: 'pause_strategy',
        strategy_id: id,
        rationale: `${id} Sharpe ${m.sharpe.toFixed(2)} < ${t.pauseSharpe} over ${m.windowDays} days and ${m.trades} trades`,
        confidence: confidence(m.sharpe - t.pauseSharpe, t.pauseSharpe),
      });
      continue;
    }
    const cuts: { reason: string; confidence: Confidence }[] = [];
    if (m.drawdown >= t.drawdownReduce)
      cuts.push({
        reason: `${id} drawdown ${percent(m.drawdown)} ≥ ${percent(t.drawdownReduce)}`,
        confidence: confidence(m.drawdown - t.drawdownReduce, t.drawdownReduce),
      });
    if (m.realizedSlippageBps !== null && m.modelledSlippageBps !== null) {
      const drift = m.realizedSlippageBps - m.modelledSlippageBps;
      if (drift >= t.slippageDriftBps)
        cuts.push({
          reason: `${id} realized slippage ${m.realizedSlippageBps.toFixed(1)} bps exceeds the modelled ${m.modelledSlippageBps.toFixed(1)} bps by ${drift.toFixed(1)} bps ≥ ${t.slippageDriftBps} bps`,
          confidence: confidence(drift - t.slippageDriftBps, t.slippageDriftBps),
        });
    }
    if (m.riskEvents >= t.riskEventsReduce)
      cuts.push({
        reason: `${id} had ${m.riskEvents} risk events in ${m.windowDays} days (≥ ${t.riskEventsReduce})`,
        confidence: confidence(m.riskEvents - t.riskEventsReduce, t.riskEventsReduce),
      });
    if (cuts.length === 0) continue;
    if (m.agent)
      agentCuts.push({
        kind: 'reduce_risk',
        fraction: t.reduceFraction,
        strategy_id: id,
        rationale: bounded(
          `cut ${id}'s limits by ${percent(t.reduceFraction)}: ${cuts.map((c) => c.reason).join('; ')}`,
        ),
        confidence: strongest(cuts),
      });
    else accountCuts.push(...cuts);
  }
  const accountCut: PolicyChange[] =
    accountCuts.length === 0
      ? []
      : [
          {
            kind: 'reduce_risk',
            fraction: t.reduceFraction,
            rationale: bounded(
              `cut the account's limits by ${percent(t.reduceFraction)}: ${accountCuts.map((c) => c.reason).join('; ')}`,
            ),
            confidence: strongest(accountCuts),
          },
        ];
  // Most protective first, so that if the proposal bound cuts the list, resumes are what waits for the next run.
  return { changes: [...accountCut, ...pauses, ...agentCuts, ...resumes].slice(0, PROPOSAL_BOUNDS.maxChanges) };
}

const strongest = (cuts: readonly { confidence: Confidence }[]): Confidence =>
  cuts.some((c) => c.confidence === 'high') ? 'high' : 'medium';

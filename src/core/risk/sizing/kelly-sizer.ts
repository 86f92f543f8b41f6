import { requireCount, requireFraction } from './option-checks.ts';
import {
  checkContext,
  finishSizing,
  noEquity,
  type PositionCaps,
  type PositionSizer,
  resolveCaps,
  SizingReason,
  type SizingStep,
  type TradeStatistics,
  zeroSizing,
} from './position-sizer.ts';

export interface KellySizerOptions extends PositionCaps {
  /** Share of the full Kelly fraction to bet, in (0, 1]; default 0.5 (half Kelly). */
  readonly kellyFraction?: number;
  /** Hard cap on the bet as a share of equity, in (0, 1]; default 0.2. */
  readonly maxFraction?: number;
  /** Closed trades needed before the statistics are trusted, ≥ 1; default 30. */
  readonly minTrades?: number;
}

/**
 * Full Kelly fraction for a win rate p and payoff ratio b (mean win / mean loss):
 * f* = p − (1 − p) / b. With b = Infinity (no losing trade) f* = p; with b = 0 (no winning trade)
 * −Infinity. ≤ 0 when there is no edge.
 */
export function kellyCriterion(winRate: number, payoffRatio: number): number {
  if (!(winRate >= 0 && winRate <= 1))
    throw new RangeError(`kellyCriterion: winRate must be in [0, 1], got ${winRate}`);
  if (!(payoffRatio >= 0)) throw new RangeError(`kellyCriterion: payoffRatio must be ≥ 0, got ${payoffRatio}`);
  if (payoffRatio === 0) return Number.NEGATIVE_INFINITY;
  return winRate - (1 - winRate) / payoffRatio;
}

/**
 * Capped fractional Kelly: notional = min(kellyFraction × f*, maxFraction) × equity, from
 * `context.tradeStatistics` (see `tradeStatistics`). Quantity 0 with `TOO_FEW_TRADES` below
 * `minTrades` (or without statistics), with `NO_EDGE` when f* ≤ 0. Example: p = 0.6, b = 1 →
 * f* = 0.2; half Kelly 0.1 → 10% of equity.
 */
export function kellySizer(options: KellySizerOptions = {}): PositionSizer {
  const name = 'kelly';
  const kellyFraction = requireFraction(name, 'kellyFraction', options.kellyFraction ?? 0.5);
  const maxFraction = requireFraction(name, 'maxFraction', options.maxFraction ?? 0.2);
  const minTrades = requireCount(name, 'minTrades', options.minTrades ?? 30, 1);
  const caps = resolveCaps(name, options);
  return {
    name,
    size(context) {
      checkContext(name, context);
      const broke = noEquity(name, context);
      if (broke !== undefined) return broke;
      const statistics = context.tradeStatistics;
      const steps: SizingStep[] = [
        { label: 'trades', value: statistics?.trades ?? 0 },
        { label: 'minimum trades', value: minTrades },
      ];
      if (statistics === undefined || statistics.trades < minTrades)
        return zeroSizing(name, SizingReason.TooFewTrades, steps);
      const full = kellyCriterion(statistics.winRate, statistics.payoffRatio);
      steps.push(
        { label: 'win rate', value: statistics.winRate },
        { label: 'payoff ratio', value: statistics.payoffRatio },
        { label: 'full kelly', value: full },
      );
      if (!(full > 0)) return zeroSizing(name, SizingReason.NoEdge, steps);
      const bet = Math.min(kellyFraction * full, maxFraction);
      steps.push(
        { label: 'kelly fraction', value: kellyFraction },
        { label: 'bet fraction (capped)', value: bet },
        { label: 'equity', value: context.equity },
        { label: 'price', value: context.price },
      );
      return finishSizing({ sizer: name, context, caps, rawQuantity: (bet * context.equity) / context.price, steps });
    },
  };
}

/**
 * Win rate and payoff ratio of the last `window` closed trades (all when omitted), from their net
 * PnL (a `RoundTrip` has one). A win has PnL > 0, a loss PnL < 0; a break-even trade counts as a
 * trade that did not win and is in neither mean. Payoff ratio = mean win / mean |loss|: Infinity
 * when no trade lost, 0 when none won (and NaN with no trade at all).
 */
export function tradeStatistics(trades: readonly { readonly pnl: number }[], window?: number): TradeStatistics {
  const size = window === undefined ? trades.length : requireCount('tradeStatistics', 'window', window, 1);
  const start = Math.max(0, trades.length - size);
  let wins = 0;
  let losses = 0;
  let winSum = 0;
  let lossSum = 0;
  for (let i = start; i < trades.length; i++) {
    const pnl = trades[i]!.pnl;
    if (Number.isNaN(pnl)) throw new RangeError(`tradeStatistics: trade ${i} has a NaN pnl`);
    if (pnl > 0) {
      wins++;
      winSum += pnl;
    } else if (pnl < 0) {
      losses++;
      lossSum -= pnl;
    }
  }
  const count = trades.length - start;
  const payoffRatio =
    wins === 0
      ? count === 0
        ? Number.NaN
        : 0
      : losses === 0
        ? Number.POSITIVE_INFINITY
        : winSum / wins / (lossSum / losses);
  return { trades: count, winRate: count === 0 ? 0 : wins / count, payoffRatio };
}

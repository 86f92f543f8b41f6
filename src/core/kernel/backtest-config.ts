import type { OrderFilled } from '../model/events.ts';
import type { Order } from '../model/order.ts';
import type { AccountType } from '../portfolio/account.ts';
import type { RoundTrip } from '../portfolio/position.ts';
import type { StrategyPnl } from '../portfolio/strategy-pnl-ledger.ts';
import type { ExitRules } from '../risk/exits/index.ts';
import type { RiskEvent } from '../risk/risk-events.ts';
import type { RiskPolicy } from '../risk/risk-policy.ts';
import type { DailyDrawdownKillSwitchOptions } from '../risk/state/daily-drawdown-kill-switch.ts';
import type { ErrorRateBreakerOptions } from '../risk/state/error-rate-breaker.ts';
import type { SpreadStressBreakerOptions } from '../risk/state/spread-stress-breaker.ts';
import type { StaleDataBreakerOptions } from '../risk/state/stale-data-breaker.ts';
import type { SimulatedExchangeConfig } from '../simulation/simulated-exchange.ts';
import type { Logger } from '../strategy/logger.ts';
import type { AllocationConfig, AllocationHistory } from './allocation-engine.ts';
import type { BacktestResultStore } from './backtest-result-store.ts';

export interface BacktestEngineConfig {
  readonly startingCash: number;
  /** Currency the account holds and reports equity in; instruments must be quoted in it. */
  readonly baseCurrency: string;
  readonly accountType: AccountType;
  readonly leverage?: number;
  readonly seed: number;
  /** Venue simulation settings, applied to every venue. */
  readonly exchange?: Omit<SimulatedExchangeConfig, 'venue'>;
  readonly logger?: Logger;
  /**
   * Stream results here instead of keeping them (equity per chunk, fills as booked, orders and
   * round trips once closed): memory stays flat however long the run. `finish()` then returns the
   * totals with empty lists.
   */
  readonly store?: BacktestResultStore;
  /** The risk rails: every one is off when absent (a bare engine checks only what the venue would). */
  readonly risk?: BacktestRiskConfig;
  /**
   * Capital allocation between the listed strategies: each becomes an agent of the risk policy
   * (built from `risk.policy`, which must have no agents of its own) with its share as
   * `capitalFraction`, rebalanced by the allocator. Absent: strategies share the account freely.
   */
  readonly allocation?: AllocationConfig;
}

/** The portfolio-level rails of a backtest. */
export interface BacktestRiskConfig {
  /** Limits, hard bounds and agents' allocations for the pre-trade checks (default: none beyond the venue's rules). */
  readonly policy?: RiskPolicy;
  /**
   * Watches the equity marks and, past its limit (default 5% from the day's high-water mark),
   * cancels every working order, flattens every position and HALTs trading for its cooldown
   * (default 60 minutes).
   */
  readonly dailyDrawdown?: DailyDrawdownKillSwitchOptions;
  /**
   * A gap in an instrument's bars longer than `staleAfterIntervals` (default 2) intervals halts
   * (or reduces) trading from the check that sees it until the next bar arrives. Checked once per
   * interval, as a live node's timer does: a 1m stream with 2 intervals trips at its third silent minute.
   */
  readonly staleData?: StaleDataBreakerOptions;
  /** Venue rejections per window that move trading to REDUCING (default: 5 a minute). */
  readonly errorRate?: Omit<ErrorRateBreakerOptions, 'name'>;
  /**
   * Each instrument's quoted spread, (ask − bid) / mid, against its rolling median: wider than
   * `tripMultiple` × (default 3) moves trading to REDUCING until it is back within `releaseMultiple`
   * × (default 1.5) and `minHoldMs` (default a minute) has passed. Needs quotes (`processQuotes`).
   */
  readonly spreadStress?: Omit<SpreadStressBreakerOptions, 'name'>;
  /** Stop-loss, take-profit, trailing and time stops attached to every position when it opens. */
  readonly exits?: ExitRules;
}

/** Everything a finished backtest produced, for metrics and reports (lists empty when streamed to a store). */
export interface BacktestResult {
  readonly initialEquity: number;
  readonly finalEquity: number;
  readonly equity: { readonly timestamps: Float64Array; readonly equity: Float64Array; readonly length: number };
  readonly roundTrips: readonly RoundTrip[];
  readonly orders: readonly Order[];
  readonly fills: readonly OrderFilled[];
  /** Bars run through the step: given to `processBars` / `processBar`, or built from ticks (`aggregateBars`). */
  readonly barsProcessed: number;
  /** Quotes and trades processed (`processQuotes`, `processTrades`); the ticks of one millisecond make one equity point. */
  readonly ticksProcessed: number;
  /** Equity points (bar steps, and milliseconds with ticks) that ended with a position open: the time in the market. */
  readonly stepsInMarket: number;
  readonly feesPaid: number;
  readonly tradedNotional: number;
  readonly realizedPnl: number;
  readonly unrealizedPnl: number;
  /** Cash in each currency the account holds at the end (`Account.balancesByCurrency`). */
  readonly finalCash?: Readonly<Record<string, number>>;
  /** Signed quantity of every instrument at the end (0 when flat), by instrument id. */
  readonly finalPositions?: Readonly<Record<string, number>>;
  /** The risk audit in time order: denials, kill switches, breaker trips and resets, state and limit changes. */
  readonly riskEvents: readonly RiskEvent[];
  /** Each strategy's own PnL (its fills at its own average cost), summing to the account's equity change. */
  readonly strategyPnl: readonly StrategyPnl[];
  /** The capital shares over the run, when the engine allocated capital (absent otherwise). */
  readonly allocation?: AllocationHistory;
}

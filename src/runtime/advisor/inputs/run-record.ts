import type { UnixMillis } from '../../../core/model/time.ts';
import type { RunMode } from '../../../core/persistence/index.ts';
import type { RiskLimits } from '../../../core/risk/index.ts';
import type { TradingState } from '../../../core/risk/state/trading-state.ts';

/** One execution, as attribution reads it from fills.csv + orders.csv or from the store. */
export interface FillRecord {
  readonly time: UnixMillis;
  readonly strategyId: string;
  readonly instrumentId: string;
  readonly side: 'buy' | 'sell';
  readonly quantity: number;
  readonly price: number;
  /** Quote currency; positive is a cost. */
  readonly fee: number;
  /** `maker` | `taker`. */
  readonly liquidity: string;
  /** Slippage paid versus the reference price, quote currency per unit; undefined when not recorded. */
  readonly slippage: number | undefined;
}

/** One risk event, normalized from a risk.log.jsonl line or a stored risk event. */
export interface RiskRecord {
  readonly time: UnixMillis;
  /** The event type in snake_case (`order_denied`, `trading_state_changed`, …). */
  readonly kind: string;
  /** `global`, `account:<id>` or `strategy:<id>`. */
  readonly scope: string;
  /** The strategy the event concerns, when it concerns one. */
  readonly strategyId: string | undefined;
  /** One line: the reason code and the numbers behind it. */
  readonly reason: string;
  /** A denial, breaker trip, drawdown breach or kill switch (what the advisor's risk-event count counts). */
  readonly adverse: boolean;
  /** The new state of a `trading_state_changed`. */
  readonly stateTo: TradingState | undefined;
  /** The account limits a `risk_limits_changed` of the account (no strategy) set. */
  readonly limitChanges: readonly { readonly limit: string; readonly to: number | boolean }[] | undefined;
}

/** A strategy of the run with its numeric parameters. */
export interface StrategySetting {
  readonly id: string;
  readonly parameters: Readonly<Record<string, number>>;
}

/** What the advisor needs from a run's configuration. */
export interface RunSettings {
  /** Declared strategies, in the configuration's order. */
  readonly strategies: readonly StrategySetting[];
  /** A `strategies:` run: each strategy is an agent of the risk policy with its own capital share. */
  readonly multiStrategy: boolean;
  /** The account limits the configuration sets (blueprint defaults under the configured ones). */
  readonly limits: RiskLimits;
  /** The fill model's slippage, bps; undefined when the configuration is unknown. */
  readonly slippage: { readonly halfSpreadBps: number; readonly impactBps: number } | undefined;
  readonly startingCash: number | undefined;
  /** Quote currency code and its minor-unit precision; instrument size precision. */
  readonly currency: string;
  readonly currencyPrecision: number;
  readonly sizePrecision: number;
  /** Trading days a year for annualizing daily returns: 252 for equities, 365 otherwise. */
  readonly periodsPerYear: number;
}

/** Everything read from one run before any number is computed. */
export interface RunRecord {
  readonly source: string;
  readonly runId: string;
  readonly mode: RunMode;
  readonly settings: RunSettings;
  readonly fills: readonly FillRecord[];
  readonly risk: readonly RiskRecord[];
  /** The last `regime` recorded per strategy id (`''` for the run as a whole); empty when none is. */
  readonly regimes: ReadonlyMap<string, string>;
  /** Facts the reader must know (a missing optional file, records newer than the last snapshot). */
  readonly notes: readonly string[];
}

import type { RiskLimits } from '../../../core/risk/index.ts';
import type { BookFigures } from './book.ts';
import type { RiskRecord } from './run-record.ts';

/** One row of the metrics table: the account, a strategy, or the risk engine's unattributed flattens. */
export interface MetricsRow {
  readonly id: string;
  readonly state: string;
  readonly paused: string;
  readonly figures: BookFigures;
  readonly trades: number;
  readonly hitRate: number | null;
  readonly turnover: number;
  /** Gross exposure as a fraction of the account's equity at the end. */
  readonly exposure: number;
  readonly riskEvents: number;
  readonly regime: string | undefined;
}

/** Everything the tables show, before they are fitted to a budget. */
export interface TablesModel {
  /** The lines every rendering keeps: what run, when, which window, the facts to know. */
  readonly header: readonly string[];
  /** What the columns mean and how they were derived (may be cut). */
  readonly legend: readonly string[];
  readonly account: MetricsRow;
  /** Strategies in the configuration's order (and `RISK` last when it holds fills of its own). */
  readonly strategies: readonly MetricsRow[];
  readonly regimeColumn: boolean;
  /** Decimals of money amounts. */
  readonly moneyDecimals: number;
  readonly risk: {
    /** The window's events, oldest first, at most the configured number of the most recent. */
    readonly rows: readonly RiskRecord[];
    /** Events in the window. */
    readonly total: number;
  };
  readonly policy: {
    readonly version: number;
    /** Where it comes from: the policy state, or the run's configuration. */
    readonly origin: string;
    readonly limits: RiskLimits;
    readonly paused: readonly string[];
    readonly presets: readonly string[];
    readonly parameters: readonly { readonly strategy: string; readonly name: string; readonly value: number }[];
  };
}

/** What a rendering leaves out to fit: each field is how much is kept. */
export interface Cut {
  /** The newest risk events kept. */
  readonly riskEvents: number;
  readonly parameters: number;
  readonly limits: boolean;
  readonly legend: boolean;
  /** Strategy rows kept, the worst by drawdown. */
  readonly strategies: number;
}

/** Nothing left out. */
export const fullCut = (model: TablesModel): Cut => ({
  riskEvents: model.risk.rows.length,
  parameters: model.policy.parameters.length,
  limits: true,
  legend: true,
  strategies: model.strategies.length,
});

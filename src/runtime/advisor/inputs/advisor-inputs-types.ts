import type { StrategyMetrics } from '../../../core/advisor/index.ts';
import type { UnixMillis } from '../../../core/model/time.ts';
import type { RunMode } from '../../../core/persistence/index.ts';
import type { RiskLimits } from '../../../core/risk/index.ts';
import type { TokenBudget } from './token-budget.ts';

/** The policy in force, as the policy state knows it; absent → the run's configuration, version 1, nothing paused. */
export interface CurrentPolicyView {
  readonly version: number;
  /** The account limits in force. */
  readonly limits: RiskLimits;
  readonly strategies: Readonly<
    Record<
      string,
      {
        readonly pausedBy?: string;
        readonly preset?: string;
        readonly parameters: Readonly<Record<string, number>>;
      }
    >
  >;
}

/** What the advisor reads about one run. */
export interface AdvisorInputs {
  /** The run directory's path, or `store:<runId>`. */
  readonly source: string;
  /** The directory's base name, or the stored run's id. */
  readonly runId: string;
  /** `SIM` for a backtest run directory; the stored run's mode. */
  readonly mode: RunMode;
  /** Time of the last equity point (run directory) or snapshot (store): where the window ends. */
  readonly asOf: UnixMillis;
  /** One per strategy (not the risk engine's own `RISK` book), as the rule-based advisor reads them. */
  readonly metrics: readonly StrategyMetrics[];
  /** The markdown tables, within the budget. */
  readonly tables: string;
  /** One line per cut made to fit ('risk events: kept the 10 most recent of 57 in the window'); empty when nothing was cut. */
  readonly truncation: readonly string[];
}

export interface AdvisorInputsOptions {
  /** Length of the window the metrics cover, in days, ending at `asOf`; default 7. */
  readonly windowDays?: number;
  readonly budget: TokenBudget;
  readonly policy?: CurrentPolicyView;
  /** Most recent risk events listed before any budget cut; default 20. */
  readonly maxRiskEvents?: number;
}

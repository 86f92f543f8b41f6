import type { StrategyMetrics } from '../../../core/advisor/index.ts';
import type { TradingState } from '../../../core/risk/state/trading-state.ts';
import type { AdvisorInputs, AdvisorInputsOptions, CurrentPolicyView } from './advisor-inputs-types.ts';
import { type Attribution, RISK_BOOK } from './attribution-pass.ts';
import type { BookFigures } from './book.ts';
import { fitTables } from './fit-tables.ts';
import { compactNumber, utcTime } from './format-cells.ts';
import { effectiveState, limitsInForce, scopeStates } from './risk-records.ts';
import type { RunRecord } from './run-record.ts';
import type { MetricsRow, TablesModel } from './tables-model.ts';

const DAY = 86_400_000;
export const DEFAULT_WINDOW_DAYS = 7;
export const DEFAULT_MAX_RISK_EVENTS = 20;

/** The account's trades, hit rate and turnover when another source has them (a stored run's metrics windows). */
export interface AccountActivity {
  readonly trades: number;
  readonly hitRate: number | null;
  readonly turnover: number;
}

export interface ComposeRequest {
  readonly run: RunRecord;
  readonly attribution: Attribution;
  readonly asOf: number;
  readonly windowDays: number;
  readonly windowStart: number;
  readonly initialEquity: number;
  readonly accountActivity?: AccountActivity;
  /** Lines of the legend that say where the numbers come from (differs between a directory and the store). */
  readonly sourceNotes: readonly string[];
}

/** The window's requested length, validated. */
export function windowDaysOf(options: AdvisorInputsOptions): number {
  const days = options.windowDays ?? DEFAULT_WINDOW_DAYS;
  if (!Number.isFinite(days) || days <= 0)
    throw new RangeError(`windowDays must be a positive number of days, not ${days}`);
  return days;
}

/** The run's own policy: its configured limits (with the account limit changes it recorded), version 1, nothing paused. */
function configuredPolicy(run: RunRecord, asOf: number): CurrentPolicyView & { changes: number } {
  const { limits, changes } = limitsInForce(run.settings.limits, run.risk, asOf);
  return {
    version: 1,
    limits,
    strategies: Object.fromEntries(run.settings.strategies.map((s) => [s.id, { parameters: s.parameters }])),
    changes,
  };
}

/** Turns a run's figures into the advisor's metrics and its tables, fitted to the budget. */
export function composeInputs(request: ComposeRequest, options: AdvisorInputsOptions): AdvisorInputs {
  const { run, attribution, asOf, windowStart } = request;
  const account = attribution.account;
  const states = scopeStates(run.risk, asOf);
  const inWindow = run.risk.filter((r) => r.time > windowStart && r.time <= asOf);
  const configured = configuredPolicy(run, asOf);
  const policy = options.policy ?? configured;
  const from = attribution.baseTime !== undefined ? windowStart : (attribution.firstTime ?? windowStart);
  const covered = Math.min(request.windowDays, Math.round(((asOf - from) / DAY) * 100) / 100);
  const equity = account.endValue;
  const declared = run.settings.strategies.map((s) => s.id);
  const traded = [...attribution.books.keys()].filter((id) => id !== RISK_BOOK && !declared.includes(id)).sort();
  const ids = [...declared, ...traded];
  const adverseFor = (id: string | undefined) =>
    inWindow.filter((r) => r.adverse && (id === undefined || r.strategyId === undefined || r.strategyId === id)).length;

  const row = (id: string, figures: BookFigures, state: string, paused: string, riskEvents: number): MetricsRow => ({
    id,
    state,
    paused,
    figures,
    trades: figures.trades,
    hitRate: figures.trades > 0 ? figures.wins / figures.trades : null,
    turnover: account.meanValue > 0 ? figures.notional / account.meanValue : 0,
    exposure: equity > 0 ? figures.grossExposure / equity : 0,
    riskEvents,
    regime: run.regimes.get(id === '(account)' ? '' : id),
  });
  const activity = request.accountActivity;
  const accountRow: MetricsRow = {
    ...row('(account)', account, effectiveState(states), '-', adverseFor(undefined)),
    ...(activity === undefined ? {} : activity),
  };
  // A stored run's account turnover comes from its windows: the strategies take their share of it by notional.
  const turnoverScale =
    activity === undefined || account.notional === 0 ? undefined : activity.turnover / account.notional;
  const strategyRows = ids.map((id) => {
    // The pass keeps a book for every declared strategy (one that never traded stays at the starting equity).
    const figures = attribution.books.get(id) as BookFigures;
    const paused = policy.strategies[id]?.pausedBy;
    const r = row(
      id,
      figures,
      effectiveState(states, id),
      paused === undefined ? 'no' : `by ${paused}`,
      adverseFor(id),
    );
    return turnoverScale === undefined ? r : { ...r, turnover: figures.notional * turnoverScale };
  });
  const riskBook = attribution.books.get(RISK_BOOK);
  if (riskBook !== undefined && riskBook.fills + Math.abs(riskBook.open) > 0)
    strategyRows.push(row(RISK_BOOK, riskBook, '-', '-', 0));

  const metrics: StrategyMetrics[] = strategyRows
    .filter((r) => r.id !== RISK_BOOK || declared.includes(RISK_BOOK))
    .map((r) => ({
      strategyId: r.id,
      windowDays: covered,
      trades: r.trades,
      sharpe: r.figures.sharpe,
      sortino: r.figures.sortino,
      drawdown: r.figures.drawdown,
      realizedSlippageBps: r.figures.realizedSlippageBps,
      modelledSlippageBps: r.figures.fills > 0 ? r.figures.modelledSlippageBps : null,
      hitRate: r.hitRate,
      exposure: r.exposure,
      riskEvents: r.riskEvents,
      state: r.state as TradingState,
      paused: policy.strategies[r.id]?.pausedBy !== undefined,
      ...(run.settings.multiStrategy ? { agent: true } : {}),
    }));

  const moneyDecimals = request.initialEquity >= 10_000 ? 0 : 2;
  const money = (v: number) => v.toFixed(moneyDecimals);
  const partial = covered < request.windowDays ? ` (the run began inside it: ${covered}d covered)` : '';
  const header = [
    `# Run ${run.runId} (${run.mode}), as of ${utcTime(asOf)}`,
    `window ${request.windowDays}d: ${utcTime(from)} to ${utcTime(asOf)}${partial}; equity ${money(equity)} ${run.settings.currency} (start ${money(request.initialEquity)})`,
    ...run.notes.map((n) => `note: ${n}`),
    ...(attribution.unappliedFills > 0
      ? [`note: ${attribution.unappliedFills} fills after the last equity point are not counted`]
      : []),
  ];
  const model = run.settings.slippage;
  const legend = [
    'columns: sharpe, sortino annualized from daily returns (UTC days) in the window, n/a with fewer than 2 days or no spread; ' +
      'trades and hit: round trips closed in the window and the share that won net of fees; turnover: traded notional / mean equity; ' +
      `pnl = realized - fees + change of open (unrealized) PnL in the window, ${run.settings.currency}; exposure: gross exposure / equity at the end; ` +
      'dd: drawdown from the peak at the end, max_dd: the largest in the window; a strategy is valued as the starting equity plus its attributed PnL; ' +
      `slip_bps: mean realized slippage per fill vs the reference price; model_bps: the fill model's, ${
        model === undefined
          ? 'unknown (no configuration)'
          : `slippage_bps ${compactNumber(model.halfSpreadBps)} for taker fills, 0 for maker${model.impactBps > 0 ? `, impact (impact_bps ${compactNumber(model.impactBps)} at a full bar's volume) not included: participation is not recorded` : ''}`
      }; ` +
      'risk_ev: denials, breaker trips, drawdown breaches and kill switches in the window (account-wide ones count for every strategy); ' +
      'state: the most restrictive of the global, account and strategy trading states.',
    ...request.sourceNotes,
  ];
  const maxRisk = options.maxRiskEvents ?? DEFAULT_MAX_RISK_EVENTS;
  const paused = Object.keys(policy.strategies)
    .sort()
    .flatMap((id) => {
      const by = policy.strategies[id]!.pausedBy;
      return by === undefined ? [] : [`${id} (by ${by})`];
    });
  const presets = Object.keys(policy.strategies)
    .sort()
    .flatMap((id) => {
      const preset = policy.strategies[id]!.preset;
      return preset === undefined ? [] : [`${id} ${preset}`];
    });
  const parameters = Object.keys(policy.strategies)
    .sort()
    .flatMap((strategy) =>
      Object.keys(policy.strategies[strategy]!.parameters)
        .sort()
        .map((name) => ({ strategy, name, value: policy.strategies[strategy]!.parameters[name]! })),
    );
  const tablesModel: TablesModel = {
    header,
    legend,
    account: accountRow,
    strategies: strategyRows,
    regimeColumn: run.regimes.size > 0,
    moneyDecimals,
    risk: { rows: inWindow.slice(Math.max(0, inWindow.length - maxRisk)), total: inWindow.length },
    policy: {
      version: policy.version,
      origin:
        options.policy !== undefined
          ? 'the policy in force'
          : `the run's configuration${configured.changes > 0 ? ` and ${configured.changes} recorded limit changes` : ''}`,
      limits: policy.limits,
      paused,
      presets,
      parameters,
    },
  };
  const { text, truncation } = fitTables(tablesModel, options.budget);
  return { source: run.source, runId: run.runId, mode: run.mode, asOf, metrics, tables: text, truncation };
}

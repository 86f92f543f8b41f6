import { stringify as toYaml } from 'yaml';
import { type ChartBand, renderHtmlReport } from '../../adapters/report/index.ts';
import { formatTimestamp, timeframeMillis } from '../../core/model/time.ts';
import { EXPLANATIONS_FILE, explainRecords, explanationsJsonl } from '../explain/explain-run.ts';
import { recordsOfRun } from '../explain/records-of-run.ts';
import { csvText as csv } from '../files/csv-text.ts';
import { allocationCsv, allocationSummary, strategyPnlCsv, strategySettings } from './allocation-files.ts';
import { riskEventCounts, riskLogJsonl } from './risk-log-jsonl.ts';
import type { BacktestRun } from './run-backtest.ts';

/** `summary.json`: the headline numbers (all numbers, never strings) and the metrics. */
export function summaryOf(run: BacktestRun): Record<string, unknown> {
  const { result, metrics } = run;
  return {
    strategy: run.strategy.name,
    instrument: run.instrument.id,
    timeframe: run.data.timeframe,
    initial_equity: result.initialEquity,
    final_equity: result.finalEquity,
    total_return: metrics.total_return,
    cagr: metrics.cagr,
    annualized_volatility: metrics.annualized_volatility,
    sharpe: metrics.sharpe,
    sortino: metrics.sortino,
    calmar: metrics.calmar,
    max_drawdown: metrics.max_drawdown,
    max_drawdown_duration_ms: metrics.max_drawdown_duration_ms,
    turnover: metrics.turnover,
    hit_rate: metrics.hit_rate,
    profit_factor: metrics.profit_factor,
    average_trade: metrics.average_trade,
    exposure_time: metrics.exposure_time,
    fees_paid: metrics.fees_paid,
    trades: metrics.trades,
    orders: result.orders.length,
    fills: result.fills.length,
    realized_pnl: result.realizedPnl,
    unrealized_pnl: result.unrealizedPnl,
    bars_processed: result.barsProcessed,
    ticks_processed: result.ticksProcessed,
    strategy_pnl: result.strategyPnl.map((p) => ({
      strategy_id: p.strategyId,
      realized_pnl: p.realizedPnl,
      unrealized_pnl: p.unrealizedPnl,
      fees: p.fees,
      net_pnl: p.netPnl,
      fills: p.fills,
      traded_notional: p.tradedNotional,
    })),
    ...riskEventCounts(result.riskEvents),
    ...(result.allocation === undefined ? {} : { allocation: allocationSummary(result.allocation) }),
    start: metrics.start,
    end: metrics.end,
  };
}

/**
 * The contents of every file of a run directory, by file name. `risk.log.jsonl` is always there
 * (empty when nothing was denied or restricted), so tools can rely on it. A `strategies:` run adds
 * `allocation.csv` (the capital shares over time) and `strategy_pnl.csv` (each strategy's PnL).
 * `explanations.jsonl` holds each trade's and day's template explanation with its facts (the
 * report shows them under "Trades and days explained").
 */
export function runFiles(run: BacktestRun, runId: string, generatedAt: string): Record<string, string> {
  const { result } = run;
  const orders = csv(
    [
      'client_order_id',
      'strategy_id',
      'instrument_id',
      'side',
      'type',
      'quantity',
      'price',
      'trigger_price',
      'time_in_force',
      'status',
      'filled_quantity',
      'average_fill_price',
      'created_at',
      'updated_at',
      'reason',
      'tags',
    ],
    result.orders.map((o) => [
      o.clientOrderId,
      o.strategyId,
      o.instrumentId,
      o.side,
      o.type,
      o.quantity,
      o.price,
      o.triggerPrice,
      o.timeInForce,
      o.status,
      o.filledQuantity,
      o.filledQuantity > 0 ? o.averageFillPrice : undefined,
      formatTimestamp(o.createdAt),
      formatTimestamp(o.updatedAt),
      o.reason,
      o.tags.join(' '),
    ]),
  );
  const fills = csv(
    [
      'timestamp',
      'client_order_id',
      'venue_order_id',
      'trade_id',
      'instrument_id',
      'side',
      'quantity',
      'price',
      'fee',
      'fee_currency',
      'liquidity',
      'slippage',
    ],
    result.fills.map((f) => [
      formatTimestamp(f.timestamp),
      f.clientOrderId,
      f.venueOrderId,
      f.tradeId,
      f.instrumentId,
      f.side,
      f.lastQuantity,
      f.lastPrice,
      f.fee,
      f.feeCurrency,
      f.liquiditySide,
      f.slippage,
    ]),
  );
  const equityRows: (readonly unknown[])[] = [];
  let peak = result.initialEquity;
  for (let i = 0; i < result.equity.length; i++) {
    const value = result.equity.equity[i];
    if (value > peak) peak = value;
    equityRows.push([formatTimestamp(result.equity.timestamps[i]), value, peak > 0 ? (peak - value) / peak : 0]);
  }
  const equity = csv(['timestamp', 'equity', 'drawdown'], equityRows);
  const explanations = explainRecords(recordsOfRun(run, runId));
  const report = renderHtmlReport({
    title: `${run.strategy.name} on ${run.instrument.id} ${run.data.timeframe}`,
    runId,
    generatedAt,
    metrics: run.metrics,
    initialEquity: result.initialEquity,
    settings: {
      strategy: run.strategy.name,
      ...(run.strategies === undefined
        ? Object.fromEntries(Object.entries(run.strategy.params).map(([k, v]) => [`param ${k}`, settingText(v)]))
        : strategySettings(run)),
      instrument: run.instrument.id,
      data: run.config.data.path ?? `catalog ${run.config.data.catalog}`,
      bars: result.barsProcessed,
      ...(result.ticksProcessed > 0 ? { ticks: result.ticksProcessed } : {}),
      starting_cash: run.config.account.starting_cash,
      fee_maker: run.instrument.makerFee,
      fee_taker: run.instrument.takerFee,
      slippage_bps: run.config.execution.slippage_bps,
      seed: run.config.seed,
    },
    equity: result.equity,
    price: {
      timestamps: run.data.series.timestamp,
      close: run.data.series.close,
      length: run.data.series.length,
      symbol: run.instrument.symbol,
    },
    fills: result.fills.map((f) => ({
      timestamp: f.timestamp,
      side: f.side,
      price: f.lastPrice,
      quantity: f.lastQuantity,
    })),
    riskEvents: result.riskEvents,
    regimes: run.regimes === undefined ? undefined : regimeBands(run),
    explanations: { ...explanations, file: EXPLANATIONS_FILE },
  });
  return {
    'summary.json': `${JSON.stringify(summaryOf(run), null, 2)}\n`,
    'orders.csv': orders,
    'fills.csv': fills,
    'equity.csv': equity,
    'risk.log.jsonl': riskLogJsonl(result.riskEvents),
    'log.jsonl': run.log.text(),
    'config.yaml': toYaml(run.config),
    'report.html': report,
    [EXPLANATIONS_FILE]: explanationsJsonl(explanations),
    ...(result.allocation === undefined
      ? {}
      : { 'allocation.csv': allocationCsv(run), 'strategy_pnl.csv': strategyPnlCsv(run) }),
  };
}

/** A parameter as the report shows it: objects (ml_gate's `base`, a calibration) as JSON. */
function settingText(value: unknown): string {
  return typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value);
}

/** The regimes of a run as price-chart bands: the online filter's runs, each to its last bar's close. */
function regimeBands(run: BacktestRun): { runs: ChartBand[]; caption: string } {
  const analysis = run.regimes as NonNullable<BacktestRun['regimes']>;
  const duration = timeframeMillis(run.data.timeframe);
  return {
    runs: analysis.filteredRuns.map((r) => ({
      start: r.from,
      end: r.to + duration,
      kind: r.label,
      label: `${r.label}: ${r.bars} bars, return ${(r.return * 100).toFixed(2)}%`,
    })),
    caption:
      `A ${analysis.model.states}-state Gaussian HMM fitted to the run's log returns (seed ${run.config.report.regimes?.seed}), ` +
      `shaded by its online filter: each bar's regime uses only the bars up to it. ` +
      `The filter agrees with the hindsight (Viterbi) path on ${(analysis.agreement * 100).toFixed(1)}% of bars.`,
  };
}

import type { OrderEvent, OrderFilled } from '../model/events.ts';
import type { StrategyPnlLedger } from '../portfolio/strategy-pnl-ledger.ts';
import { RISK_EVENTS_TOPIC, type RiskEvent } from '../risk/risk-events.ts';
import type { AllocationHistory } from './allocation-engine.ts';
import type { BacktestResult } from './backtest-config.ts';
import type { BacktestResultStore } from './backtest-result-store.ts';
import { EquityRecorder } from './equity-recorder.ts';
import type { TradingKernel } from './trading-kernel.ts';

export interface RunRecordOptions {
  readonly kernel: TradingKernel;
  /** Each strategy's PnL: fed every fill here, read into the result. */
  readonly strategyPnl: StrategyPnlLedger;
  /** Where the run's results go as they are produced (kept in memory without one). */
  readonly store: BacktestResultStore | undefined;
}

/** What only the engine knows at the end of a run: its counters and its starting point. */
export interface RunTotals {
  readonly initialEquity: number;
  readonly barsProcessed: number;
  readonly ticksProcessed: number;
  readonly allocation: AllocationHistory | undefined;
}

/**
 * What a simulated run keeps for its result: the equity of every step, the fills, the risk audit
 * and each strategy's PnL, held in memory or handed to a `BacktestResultStore` chunk by chunk (with
 * the closed orders and round trips, which the kernel holds until then), and the `BacktestResult`
 * assembled from them at the end. Its handlers are subscribed when it is made: make it after every
 * handler that must see a fill before the strategy ledger books it.
 */
export class RunRecord {
  /** Equity at the close of every step, with the time in the market. */
  readonly recorder = new EquityRecorder();
  readonly #kernel: TradingKernel;
  readonly #strategyPnl: StrategyPnlLedger;
  readonly #store: BacktestResultStore | undefined;
  readonly #fills: OrderFilled[] = [];
  readonly #riskEvents: RiskEvent[] = [];

  constructor(options: RunRecordOptions) {
    this.#kernel = options.kernel;
    this.#strategyPnl = options.strategyPnl;
    const store = options.store;
    this.#store = store;
    const bus = options.kernel.bus;
    bus.subscribe<RiskEvent>(RISK_EVENTS_TOPIC, (event) => this.#riskEvents.push(event));
    bus.subscribe<OrderEvent>('events.order.*', (event) => {
      if (event.type === 'OrderDenied') this.#riskEvents.push(event);
      if (event.type !== 'OrderFilled') return;
      this.#strategyPnl.onFill(event);
      if (store === undefined) this.#fills.push(event);
      else store.appendFill(event);
    });
  }

  /**
   * With a store: hands what the last chunk produced to it and forgets it (`all`: the orders still
   * open too, at the end of the run). Without one, nothing: the result keeps everything.
   */
  release(all: boolean): void {
    const store = this.#store;
    if (store === undefined) return;
    const recorder = this.recorder;
    if (recorder.length > 0) store.appendEquity(recorder.timestamps, recorder.equity, recorder.length);
    recorder.length = 0;
    const cache = this.#kernel.cache;
    const orders = all ? cache.orderList.splice(0) : cache.releaseClosedOrders();
    if (orders.length > 0) store.appendOrders(orders);
    const roundTrips = this.#kernel.portfolio.roundTrips;
    if (roundTrips.length > 0) store.appendRoundTrips(roundTrips.splice(0));
  }

  /** The run's result as it stands (after the last `release(true)` when there is a store). */
  result(totals: RunTotals): BacktestResult {
    const { portfolio, cache } = this.#kernel;
    const account = portfolio.account;
    const recorder = this.recorder;
    return {
      initialEquity: totals.initialEquity,
      finalEquity: portfolio.equity(),
      equity: { timestamps: recorder.timestamps, equity: recorder.equity, length: recorder.length },
      roundTrips: portfolio.roundTrips,
      orders: cache.orderList,
      fills: this.#fills,
      barsProcessed: totals.barsProcessed,
      ticksProcessed: totals.ticksProcessed,
      stepsInMarket: recorder.stepsInMarket,
      feesPaid: account.feesMinor / 10 ** account.baseCurrency.precision,
      tradedNotional: portfolio.tradedNotional,
      realizedPnl: portfolio.realizedPnl(),
      unrealizedPnl: portfolio.unrealizedPnl(),
      finalCash: account.balancesByCurrency(),
      finalPositions: Object.fromEntries(
        cache.instruments().map((i) => [i.id, portfolio.position(i.id)?.quantity ?? 0]),
      ),
      riskEvents: this.#riskEvents,
      strategyPnl: this.#strategyPnl.results(),
      ...(totals.allocation === undefined ? {} : { allocation: totals.allocation }),
    };
  }
}

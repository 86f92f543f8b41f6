import { FeatureBuilder } from '../../core/ml/features/index.ts';
import type { Bar, QuoteTick, TradeTick } from '../../core/model/data.ts';
import type { ExternalEvent, OrderEvent, OrderFilled, PositionChanged, TimeEvent } from '../../core/model/events.ts';
import type { InstrumentId } from '../../core/model/ids.ts';
import type { OrderRequest } from '../../core/model/order.ts';
import type { Strategy } from '../../core/strategy/strategy.ts';
import type { StrategyContext } from '../../core/strategy/strategy-context.ts';
import { BlockedOrders } from './blocked-orders.ts';
import { type GateModel, gateModelProblem } from './gate-model.ts';
import { createGatedContext } from './gated-context.ts';
import { type MlGateParameters, mlGateParameters } from './ml-gate-parameters.ts';

/** What the gate wraps: the base strategy (built and validated by the caller) and the loaded model. */
export interface MlGateDependencies {
  readonly base: Strategy;
  readonly model: GateModel;
}

/** Decisions of one run, as the `ml_gate_summary` log line reports them. */
export interface MlGateCounts {
  /** Entries whose probability cleared the threshold: sent on to the RiskEngine. */
  passed: number;
  /** Entries held back (never reaching the RiskEngine), features-not-ready ones included. */
  blocked: number;
  /** Of `blocked`: entries before every feature had its warm-up (no probability). */
  notReady: number;
  /** Entry parts cut off a reversal: the order was sent as a reduce-only close of the position. */
  trimmed: number;
  /** Reduce-only or position-reducing orders: always sent. */
  exits: number;
  /** Orders in other instruments than the gated one: sent untouched. */
  ungated: number;
  /** Entry decisions (passed or blocked) on bars inside the model's training window. */
  inSample: number;
}

/**
 * ML gate: any built-in strategy's entries taken only when a trained model's probability clears a
 * threshold.
 *
 * The gate forwards every hook to the base strategy with a context identical to its own except
 * for the order path. Each bar of the gated instrument first goes into a `FeatureBuilder` of the
 * model's features, then to the base; so when the base submits during `onBar` the model sees the
 * features of that bar (bars up to it only; an order from another hook uses the latest bar's).
 *
 * An order is an exit when it is reduce-only, or opposite to the current position and no larger:
 * it is always sent. Any other order in the gated instrument is an entry, scored once per bar with
 * p = the model's probability of label 1: a buy passes when p ≥ `threshold`, a sell (a short
 * entry) when p ≤ `short_threshold` (default 1 − threshold). Before every feature is past its
 * warm-up there is no p and entries are blocked. A reversal (opposite and larger than the
 * position) whose entry part is blocked is sent as a reduce-only close of the position instead.
 *
 * A blocked entry never reaches the RiskEngine; the base learns of it as of a RiskEngine denial:
 * `OrderDenied` (reason `ML_GATE`) during `submitOrder`, the denied order in `cache.order`, a
 * cancel or modify of it refused by an event. Logs `ml_gate_passed` / `ml_gate_blocked` with p
 * and the threshold per entry, `ml_gate_in_sample` once when a decision falls in the model's
 * training window, and `ml_gate_summary` with the counts in `onStop`. Deterministic.
 */
export class MlGateStrategy implements Strategy {
  static readonly parameters = mlGateParameters;
  static readonly description: string =
    "ML gate: a base strategy's entries taken only when a trained model's probability clears a threshold";
  /** This run's decisions (read them after the run, or in the summary log). */
  readonly counts: MlGateCounts = { passed: 0, blocked: 0, notReady: 0, trimmed: 0, exits: 0, ungated: 0, inSample: 0 };
  private readonly base: Strategy;
  private readonly gate: GateModel;
  private readonly features: FeatureBuilder;
  private readonly threshold: number;
  private readonly shortThreshold: number;
  private instrumentId = '';
  private baseSubscribed = false;
  private ownSubscription = false;
  /** Open time of the last bar fed to the features: a bar delivered twice is read once. */
  private lastBarTime = Number.NEGATIVE_INFINITY;
  /** p of the latest bar, NaN while a feature warms up; computed on the first entry of a bar. */
  private probability = Number.NaN;
  private scored = false;
  private warnedInSample = false;
  private readonly blocked = new BlockedOrders();
  private real: StrategyContext | undefined;
  private gated: StrategyContext | undefined;

  constructor(
    private readonly params: MlGateParameters,
    dependencies: MlGateDependencies,
  ) {
    const problem = gateModelProblem(dependencies.model);
    if (problem !== undefined) throw new Error(`ml_gate: ${problem}`);
    this.base = dependencies.base;
    this.gate = dependencies.model;
    this.features = new FeatureBuilder(dependencies.model.features);
    this.threshold = params.threshold;
    this.shortThreshold = params.short_threshold ?? 1 - params.threshold;
    // The kernel builds PositionChanged events only for a strategy with the hook.
    if (typeof this.base.onPositionChanged !== 'function') this.onPositionChanged = undefined;
  }

  onStart(context: StrategyContext): void {
    const gated = this.contextFor(context);
    const baseInstrument = this.params.base.params.instrument;
    const chosen =
      this.params.instrument ??
      (typeof baseInstrument === 'string' ? baseInstrument : context.cache.instruments()[0]?.id);
    if (chosen === undefined) throw new Error('ml_gate: no instrument loaded');
    this.instrumentId = context.cache.instrument(chosen).id;
    context.log.info('ml_gate_started', {
      model: this.gate.reference,
      instrument: this.instrumentId,
      features: this.features.columns,
      threshold: this.threshold,
      short_threshold: this.shortThreshold,
    });
    this.base.onStart?.(gated);
    if (!this.baseSubscribed) {
      this.ownSubscription = true;
      context.subscribeBars(this.instrumentId);
    }
  }

  onBar(bar: Bar, context: StrategyContext): void {
    const gated = this.contextFor(context);
    if (bar.instrumentId === this.instrumentId) {
      this.observe(bar);
      if (!this.baseSubscribed) return;
    }
    this.base.onBar?.(bar, gated);
  }

  onQuote(quote: QuoteTick, context: StrategyContext): void {
    this.base.onQuote?.(quote, this.contextFor(context));
  }

  onTrade(trade: TradeTick, context: StrategyContext): void {
    this.base.onTrade?.(trade, this.contextFor(context));
  }

  onOrderEvent(event: OrderEvent, context: StrategyContext): void {
    this.base.onOrderEvent?.(event, this.contextFor(context));
  }

  onOrderFilled(fill: OrderFilled, context: StrategyContext): void {
    this.base.onOrderFilled?.(fill, this.contextFor(context));
  }

  onPositionChanged?(event: PositionChanged, context: StrategyContext): void {
    this.base.onPositionChanged?.(event, this.contextFor(context));
  }

  onTimer(event: TimeEvent, context: StrategyContext): void {
    this.base.onTimer?.(event, this.contextFor(context));
  }

  onEvent(event: ExternalEvent, context: StrategyContext): void {
    this.base.onEvent?.(event, this.contextFor(context));
  }

  onStop(context: StrategyContext): void {
    this.base.onStop?.(this.contextFor(context));
    const c = this.counts;
    context.log.info('ml_gate_summary', {
      model: this.gate.reference,
      threshold: this.threshold,
      short_threshold: this.shortThreshold,
      passed: c.passed,
      blocked: c.blocked,
      blocked_not_ready: c.notReady,
      trimmed: c.trimmed,
      exits: c.exits,
      ungated: c.ungated,
      in_sample: c.inSample,
    });
  }

  /** The base's context for this real one (the kernel passes the same object to every hook). */
  private contextFor(real: StrategyContext): StrategyContext {
    if (this.real !== real || this.gated === undefined) {
      this.real = real;
      this.gated = createGatedContext(real, {
        submitOrder: (order) => this.submit(order),
        beforeSubscribeBars: (instrumentId) => this.beforeSubscribeBars(instrumentId),
        blockedOrder: (id) => this.blocked.get(id),
        cancelBlocked: (order) => this.tellBase(this.blocked.refusal(order, 'OrderCancelRejected', real.now())),
        modifyBlocked: (order) => this.tellBase(this.blocked.refusal(order, 'OrderModifyRejected', real.now())),
      });
    }
    return this.gated;
  }

  /** A base subscription to the gated instrument: noted; not repeated when the gate already subscribed. */
  private beforeSubscribeBars(instrumentId: InstrumentId | string): boolean {
    if (this.real!.cache.instrument(instrumentId).id !== this.instrumentId) return true;
    this.baseSubscribed = true;
    return !this.ownSubscription;
  }

  /** Feeds one bar of the gated instrument to the features (once per bar, in the model's timeframe). */
  private observe(bar: Bar): void {
    if (bar.timestamp <= this.lastBarTime) return;
    const timeframe = this.gate.timeframe;
    if (timeframe !== undefined && bar.timeframe !== timeframe)
      throw new Error(
        `ml_gate: model ${this.gate.reference} was trained on ${timeframe} bars, ${this.instrumentId} sends ${bar.timeframe} bars`,
      );
    this.lastBarTime = bar.timestamp;
    this.features.update(bar);
    this.scored = false;
  }

  /** p on the latest bar; NaN before the first bar or while any feature is NaN (as in training rows). */
  private currentProbability(): number {
    if (this.scored) return this.probability;
    this.scored = true;
    const row = this.features.row;
    let ready = this.features.count > 0;
    for (let c = 0; ready && c < row.length; c++) ready = !Number.isNaN(row[c]!);
    this.probability = ready ? this.gate.model.predict(row) : Number.NaN;
    return this.probability;
  }

  private submit(order: OrderRequest): void {
    const real = this.real!;
    if (order.instrumentId !== this.instrumentId) {
      this.counts.ungated++;
      real.submitOrder(order);
      return;
    }
    const position = real.portfolio.positionQuantity(order.instrumentId);
    const direction = order.side === 'buy' ? 1 : -1;
    const opposite = position !== 0 && Math.sign(position) !== direction;
    if (order.reduceOnly || (opposite && order.quantity <= Math.abs(position))) {
      this.counts.exits++;
      real.submitOrder(order);
      return;
    }
    const p = this.currentProbability();
    const limit = direction > 0 ? this.threshold : this.shortThreshold;
    const passes = direction > 0 ? p >= limit : p <= limit;
    this.noteInSample(real);
    const fields = {
      client_order_id: order.clientOrderId,
      side: order.side,
      quantity: order.quantity,
      probability: Number.isNaN(p) ? null : p,
      threshold: limit,
      ...(Number.isNaN(p) ? { reason: 'features_not_ready' } : {}),
    };
    if (passes) {
      this.counts.passed++;
      real.log.info('ml_gate_passed', fields);
      real.submitOrder(order);
      return;
    }
    this.counts.blocked++;
    if (Number.isNaN(p)) this.counts.notReady++;
    if (opposite) {
      // A reversal: the close of the position is an exit and goes on; only the new side is held back.
      this.counts.trimmed++;
      real.log.info('ml_gate_blocked', { ...fields, sent_close: Math.abs(position) });
      real.submitOrder(Object.freeze({ ...order, quantity: Math.abs(position), reduceOnly: true }));
      return;
    }
    real.log.info('ml_gate_blocked', fields);
    const detail = Number.isNaN(p)
      ? `features not ready (${this.features.count} bars seen)`
      : `p ${p} ${direction > 0 ? '<' : '>'} ${direction > 0 ? 'threshold' : 'short_threshold'} ${limit}`;
    // The base hears of it during submitOrder, as of a RiskEngine denial.
    this.tellBase(this.blocked.deny(order, detail, real.now()));
  }

  private tellBase(event: OrderEvent): void {
    this.base.onOrderEvent?.(event, this.gated!);
  }

  /** Counts an entry decision on a bar in the model's training window; warns on the first. */
  private noteInSample(real: StrategyContext): void {
    const window = this.gate.trainedOn;
    if (window === undefined || this.lastBarTime < window.from || this.lastBarTime > window.to) return;
    this.counts.inSample++;
    if (this.warnedInSample) return;
    this.warnedInSample = true;
    real.log.warn('ml_gate_in_sample', {
      model: this.gate.reference,
      bar: this.lastBarTime,
      trained_from: window.from,
      trained_to: window.to,
      detail: 'this bar lies in the training window of the model: its probabilities here are in-sample',
    });
  }
}

import { describe, expect, it } from 'vitest';
import { GradientBoostedModel } from '../../core/ml/gbdt/index.ts';
import type { Bar } from '../../core/model/data.ts';
import type { OrderEvent } from '../../core/model/events.ts';
import type { Order, OrderRequest } from '../../core/model/order.ts';
import type { Strategy } from '../../core/strategy/strategy.ts';
import type { StrategyContext } from '../../core/strategy/strategy-context.ts';
import { type BarRow, barOf, barSeriesFromRows, testInstrument } from '../../core/testing/fixtures.ts';
import { runStrategy } from '../testing/strategy-scenario.ts';
import type { GateModel } from './gate-model.ts';
import { createGatedContext } from './gated-context.ts';
import { mlGateParameters } from './ml-gate-parameters.ts';
import { MlGateStrategy } from './ml-gate-strategy.ts';

const INSTRUMENT = testInstrument();

/**
 * One tree on one feature, the bar's own return close[t] / close[t−1] − 1: margin −1 when it is
 * ≤ 0, +1 when it is > 0. So p = σ(+1) ≈ 0.731 after a bar that closed up, σ(−1) ≈ 0.269 after one
 * that closed flat or down, and no p on the first bar (no previous close).
 */
const UP = 1 / (1 + Math.exp(-1));
const DOWN = 1 / (1 + Math.exp(1));
function returnModel(): GateModel {
  const model = GradientBoostedModel.fromJSON({
    format: 'tradewind-gbdt',
    version: 1,
    objective: 'binary',
    featureCount: 1,
    baseScore: 0,
    sigmoidScale: 1,
    featureNames: ['return_1'],
    trees: [
      {
        splitFeature: [0],
        threshold: [0],
        decisionType: [0],
        leftChild: [-1],
        rightChild: [-2],
        leafValue: [-1, 1],
        splitGain: [1],
      },
    ],
  });
  return { reference: 'hand@1', model, features: [{ kind: 'return', horizon: 1 }], timeframe: '1m' };
}

type Step = (context: StrategyContext, sent: (order: OrderRequest) => void) => void;
const buy =
  (quantity: number, reduceOnly = false): Step =>
  (context, sent) =>
    sent(context.orders.market({ instrumentId: INSTRUMENT.id, side: 'buy', quantity, reduceOnly }));
const sell =
  (quantity: number): Step =>
  (context, sent) =>
    sent(context.orders.market({ instrumentId: INSTRUMENT.id, side: 'sell', quantity }));

/** A base that sends the planned orders at the close of given bars and records what it hears. */
class ScriptedBase implements Strategy {
  readonly events: OrderEvent[] = [];
  readonly seen: number[] = [];
  readonly lookups: string[] = [];
  private bar = -1;
  constructor(private readonly plan: ReadonlyMap<number, readonly Step[]>) {}
  onStart(context: StrategyContext): void {
    context.subscribeBars(INSTRUMENT.id);
  }
  onBar(bar: Bar, context: StrategyContext): void {
    this.bar++;
    this.seen.push(barOf(bar.timestamp));
    for (const step of this.plan.get(this.bar) ?? []) step(context, (order) => context.submitOrder(order));
  }
  onOrderEvent(event: OrderEvent, context: StrategyContext): void {
    this.events.push(event);
    if (event.type !== 'OrderDenied') return;
    this.lookups.push(`${event.clientOrderId}:${context.cache.order(event.clientOrderId)?.status}`);
    // A strategy that tidies up after a denial: both are refused as for a closed order.
    context.cancelOrder(event.clientOrderId);
    context.modifyOrder(event.clientOrderId, { quantity: 5 });
  }
}

/** Closes: bar 0 100, then up (u) or down (d) by 1 per letter; each bar opens at the previous close. */
function bars(moves: string) {
  const closes = [100];
  for (const move of moves) closes.push(closes.at(-1)! + (move === 'u' ? 1 : -1));
  const rows = closes.map((close, i): BarRow => {
    const open = i === 0 ? close : closes[i - 1]!;
    return [open, Math.max(open, close) + 0.5, Math.min(open, close) - 0.5, close, 10];
  });
  return barSeriesFromRows(rows, INSTRUMENT, 10);
}

function run(plan: Record<number, Step[]>, params: Record<string, unknown> = {}, moves = 'uduuduuduudud') {
  const base = new ScriptedBase(new Map(Object.entries(plan).map(([k, v]) => [Number(k), v])));
  const gate = new MlGateStrategy(mlGateParameters.parse({ base: { name: 'scripted' }, model: 'hand@1', ...params }), {
    base,
    model: returnModel(),
  });
  const scenario = runStrategy(gate, { series: bars(moves), instrument: INSTRUMENT });
  const decisions = scenario.logs
    .filter((l) => l.event === 'ml_gate_passed' || l.event === 'ml_gate_blocked')
    .map((l) => [l.event.slice(8), l.fields!.client_order_id, l.fields!.probability, l.fields!.threshold]);
  const sent = scenario.result.orders.map((o) => [o.clientOrderId, o.side, o.quantity, o.reduceOnly]);
  return { ...scenario, base, gate, decisions, sent };
}

describe('MlGateStrategy with a one-tree model on the bar return', () => {
  // moves u d u u d u u d ...: bar 1 up, 2 down, 3 up, 4 up, 5 down, 6 up, 7 up, 8 down.
  it('passes a buy when p ≥ threshold, blocks it below, and blocks before the features are ready', () => {
    const { decisions, sent, base, gate } = run({ 0: [buy(1)], 1: [buy(1)], 2: [buy(1)] });
    expect(decisions, 'bar 0: no return yet; bar 1 closed up; bar 2 closed down').toEqual([
      ['blocked', 'S-000001', null, 0.55],
      ['passed', 'S-000002', UP, 0.55],
      ['blocked', 'S-000003', DOWN, 0.55],
    ]);
    expect(sent, 'only the passed entry reached the order path').toEqual([['S-000002', 'buy', 1, false]]);
    expect(gate.counts).toMatchObject({ passed: 1, blocked: 2, notReady: 1, exits: 0 });
    expect(base.seen, 'every bar reached the base once').toEqual([...Array(14).keys()]);
  });

  it('tells the base of a blocked entry as the RiskEngine would: OrderDenied during submit, a denied order in the cache', () => {
    const { base } = run({ 2: [buy(1)] });
    expect(base.events.map((e) => [e.type, e.clientOrderId, 'reason' in e ? e.reason : ''])).toEqual([
      ['OrderDenied', 'S-000001', 'ML_GATE'],
      ['OrderCancelRejected', 'S-000001', 'ORDER_NOT_OPEN: order is denied'],
      ['OrderModifyRejected', 'S-000001', 'ORDER_NOT_OPEN: order is denied'],
    ]);
    expect(base.lookups).toEqual(['S-000001:denied']);
  });

  it('lets exits through whatever p says: reduce-only, and plain orders no larger than the position', () => {
    // Long 2 from bar 1 (filled at bar 2's open); on the up bars 3 and 4 (p 0.73, where a short
    // entry is blocked) two sells of 1 close it. Short 2 on the down bar 5; on the down bar 8
    // (p 0.27, where a long entry is blocked) a plain buy of 1 and a reduce-only buy of 1 cover it.
    const plan = { 1: [buy(2)], 3: [sell(1)], 4: [sell(1)], 5: [sell(2)], 8: [buy(1), buy(1, true)] };
    const { decisions, sent, gate } = run(plan);
    expect(decisions, 'only the two entries were scored').toEqual([
      ['passed', 'S-000001', UP, 0.55],
      ['passed', 'S-000004', DOWN, 1 - 0.55],
    ]);
    expect(sent).toEqual([
      ['S-000001', 'buy', 2, false],
      ['S-000002', 'sell', 1, false],
      ['S-000003', 'sell', 1, false],
      ['S-000004', 'sell', 2, false],
      ['S-000005', 'buy', 1, false],
      ['S-000006', 'buy', 1, true],
    ]);
    expect(gate.counts).toMatchObject({ passed: 2, blocked: 0, exits: 4 });
  });

  it('gates a short by p ≤ 1 − threshold (or short_threshold) and passes a reduce-only cover', () => {
    // Bar 1 up (p 0.73): the short is blocked; bar 2 down (0.27 ≤ 0.45): passes; bar 3 covers.
    const { decisions, sent } = run({ 1: [sell(1)], 2: [sell(1)], 3: [buy(1, true)] });
    expect(decisions).toEqual([
      ['blocked', 'S-000001', UP, 1 - 0.55],
      ['passed', 'S-000002', DOWN, 1 - 0.55],
    ]);
    expect(sent).toEqual([
      ['S-000002', 'sell', 1, false],
      ['S-000003', 'buy', 1, true],
    ]);
    const strict = run({ 2: [sell(1)] }, { short_threshold: 0.2 });
    expect(strict.decisions, 'p 0.27 > 0.2').toEqual([['blocked', 'S-000001', DOWN, 0.2]]);
  });

  it('sends only the close of a reversal whose new side is blocked, and all of one that passes', () => {
    // Long 1 (bar 1, filled at bar 2). Bar 3 (up, p 0.73) sells 3: a short of 2 is blocked (p > 0.45),
    // so a reduce-only sell of 1 goes instead. Long again on bar 4; bar 5 (down) sells 3: passes.
    const { decisions, sent, gate, logs } = run({ 1: [buy(1)], 3: [sell(3)], 4: [buy(1)], 5: [sell(3)] });
    expect(decisions).toEqual([
      ['passed', 'S-000001', UP, 0.55],
      ['blocked', 'S-000002', UP, 1 - 0.55],
      ['passed', 'S-000003', UP, 0.55],
      ['passed', 'S-000004', DOWN, 1 - 0.55],
    ]);
    expect(sent).toEqual([
      ['S-000001', 'buy', 1, false],
      ['S-000002', 'sell', 1, true],
      ['S-000003', 'buy', 1, false],
      ['S-000004', 'sell', 3, false],
    ]);
    expect(logs.find((l) => l.event === 'ml_gate_blocked')?.fields?.sent_close).toBe(1);
    expect(gate.counts).toMatchObject({ passed: 3, blocked: 1, trimmed: 1 });
  });

  it('logs a summary of the counts in onStop, and the in-sample warning once', () => {
    const model = returnModel();
    const base = new ScriptedBase(
      new Map([
        [1, [buy(1)]],
        [2, [buy(1)]],
        [4, [buy(1)]],
      ]),
    );
    const t0 = bars('ud').timestamp[0]!;
    const gate = new MlGateStrategy(
      mlGateParameters.parse({ base: { name: 'scripted' }, model: 'x', threshold: 0.6 }),
      {
        base,
        model: { ...model, trainedOn: { from: t0 + 60_000, to: t0 + 2 * 60_000 } },
      },
    );
    const { logs } = runStrategy(gate, { series: bars('uduud'), instrument: INSTRUMENT });
    expect(logs.filter((l) => l.event === 'ml_gate_in_sample')).toHaveLength(1);
    expect(logs.find((l) => l.event === 'ml_gate_summary')?.fields).toMatchObject({
      passed: 2,
      blocked: 1,
      in_sample: 2,
      threshold: 0.6,
    });
  });

  it('refuses a model it cannot use and bars of another timeframe', () => {
    const model = returnModel();
    const params = mlGateParameters.parse({ base: { name: 'x' }, model: 'x' });
    const base = new ScriptedBase(new Map());
    expect(
      () => new MlGateStrategy(params, { base, model: { ...model, features: [{ kind: 'volatility', window: 5 }] } }),
    ).toThrow(/trained on columns return_1, its feature list gives volatility_5/);
    const hourly = new MlGateStrategy(params, { base, model: { ...model, timeframe: '1h' } });
    expect(() => runStrategy(hourly, { series: bars('ud'), instrument: INSTRUMENT })).toThrow(/1h bars.*sends 1m/);
    expect(() => mlGateParameters.parse({ base: { name: 'x' }, model: 'x', threshold: 1.5 })).toThrow();
    expect(() => mlGateParameters.parse({ base: { name: 'x' }, model: 'x', treshold: 0.6 }), 'unknown key').toThrow();
  });
});

describe('createGatedContext', () => {
  it('is the real context member for member, but for the order path, subscriptions and order lookups', () => {
    const real = {
      strategyId: 'S',
      portfolio: { positionQuantity: () => 0 },
      orders: {},
      log: {},
      now: () => 7,
      // A member the context may gain later (e.g. a capital allocation) reaches the base too.
      allocation: () => ({ scale: 0.5 }),
      cache: { order: (id: string) => (id === 'real' ? { clientOrderId: 'real' } : undefined) },
    } as unknown as StrategyContext;
    const blocked = { clientOrderId: 'blocked', status: 'denied' } as unknown as Order;
    const submitted: string[] = [];
    const gated = createGatedContext(real, {
      submitOrder: (order) => submitted.push(order.clientOrderId),
      beforeSubscribeBars: () => false,
      blockedOrder: (id) => (id === 'blocked' ? blocked : undefined),
      cancelBlocked: () => {},
      modifyBlocked: () => {},
    });
    for (const key of ['strategyId', 'portfolio', 'orders', 'log', 'now', 'allocation'] as const)
      expect(gated[key as keyof StrategyContext], key).toBe(real[key as keyof StrategyContext]);
    expect(gated.cache.order('real')?.clientOrderId).toBe('real');
    expect(gated.cache.order('blocked')).toBe(blocked);
    gated.submitOrder({ clientOrderId: 'x' } as OrderRequest);
    expect(submitted).toEqual(['x']);
  });
});

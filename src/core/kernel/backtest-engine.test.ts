import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MaCrossStrategy, maCrossParameters } from '../../strategies/ma-cross/ma-cross-strategy.ts';
import { computePerformance } from '../analysis/compute-performance.ts';
import { allocateBarSeries, type Bar, type BarSeries } from '../model/data.ts';
import { isOnIncrement } from '../model/decimal.ts';
import type { OrderEvent, OrderFilled } from '../model/events.ts';
import { isOpen, type Order, type OrderRequest, type OrderSide, type TimeInForce } from '../model/order.ts';
import type { RoundTrip } from '../portfolio/position.ts';
import type { Strategy } from '../strategy/strategy.ts';
import type { StrategyContext } from '../strategy/strategy-context.ts';
import { MINUTE, T0, testInstrument } from '../testing/fixtures.ts';
import { BacktestEngine, type BacktestEngineConfig, type BacktestResult } from './backtest-engine.ts';
import type { BacktestResultStore } from './backtest-result-store.ts';
import { SeededRandom } from './random.ts';

const INSTRUMENT = testInstrument();
const ID = INSTRUMENT.id;

/** One-minute bars of a random walk in cents (each bar's open is the previous close ± a gap). */
function randomWalk(count: number, seed: number, start = 10_000): BarSeries {
  const random = new SeededRandom(seed);
  const cents = (x: number) => Math.max(100, Math.round(x));
  const series = { ...allocateBarSeries(ID, '1m', count), length: count };
  let last = start;
  for (let i = 0; i < count; i++) {
    const open = cents(last + (random.next() - 0.5) * 40);
    const close = cents(open + (random.next() - 0.5) * 300);
    const high = Math.max(open, close) + Math.floor(random.next() * 150);
    const low = Math.max(50, Math.min(open, close) - Math.floor(random.next() * 150));
    series.timestamp[i] = T0 + i * MINUTE;
    series.open[i] = open / 100;
    series.high[i] = high / 100;
    series.low[i] = low / 100;
    series.close[i] = close / 100;
    series.volume[i] = 1 + Math.floor(random.next() * 60);
    last = close;
  }
  return series;
}

/** One scripted instruction for a bar. */
interface Step {
  readonly kind: 'none' | 'market' | 'limit' | 'stop' | 'stop_limit' | 'cancel';
  readonly side: OrderSide;
  readonly quantity: number;
  /** Size from the cash (a buy of nearly everything the cash pays for): probes the cash checks' edges. */
  readonly allIn: boolean;
  /** Limit / trigger distance from the close, in ticks. */
  readonly offset: number;
  /** Stop-limit: limit distance from the trigger, in ticks. */
  readonly limitOffset: number;
  readonly timeInForce: TimeInForce;
  readonly reduceOnly: boolean;
  readonly expireAfterBars: number | undefined;
}

/** Replays a script; checks per-bar identities and records what it saw. */
class ScriptStrategy implements Strategy {
  readonly events: OrderEvent[] = [];
  readonly violations: string[] = [];
  /** Position seen on the last bar. */
  lastQuantity = 0;
  context: StrategyContext | undefined;
  private index = -1;
  constructor(
    private readonly steps: readonly Step[],
    private readonly cashAccount: boolean,
  ) {}

  onStart(context: StrategyContext): void {
    this.context = context;
    context.subscribeBars(ID);
  }

  onBar(bar: Bar, context: StrategyContext): void {
    this.index++;
    const portfolio = context.portfolio;
    const quantity = portfolio.positionQuantity(ID);
    this.lastQuantity = quantity;
    const identity = portfolio.cash() + quantity * bar.close;
    if (Math.abs(portfolio.equity() - identity) > 1e-6 * Math.max(1, Math.abs(identity)))
      this.violations.push(`bar ${this.index}: equity ${portfolio.equity()} ≠ cash + quantity × close ${identity}`);
    if (this.cashAccount && portfolio.cash() < -1e-9)
      this.violations.push(`bar ${this.index}: cash account balance ${portfolio.cash()} < 0`);
    if (this.cashAccount && quantity < 0) this.violations.push(`bar ${this.index}: cash account short ${quantity}`);
    const step = this.steps[this.index % this.steps.length];
    const price = (ticks: number) => Math.max(0.01, Math.round(bar.close * 100 + ticks) / 100);
    const allIn = Math.floor(portfolio.cash() / bar.close) - (step.quantity % 3);
    const common = {
      instrumentId: ID,
      side: step.side,
      quantity: step.allIn && allIn > 0 ? allIn : step.quantity,
      timeInForce: step.timeInForce,
      reduceOnly: step.reduceOnly,
    };
    let order: OrderRequest | undefined;
    const o = context.orders;
    switch (step.kind) {
      case 'market':
        order = o.market(common);
        break;
      case 'limit': {
        // All in: the limit that spends the cash to the cent (before fees).
        const exact = Math.floor((portfolio.cash() * 100) / common.quantity) / 100;
        const limit = step.allIn && step.side === 'buy' && exact > 0 ? exact : price(step.offset);
        order = o.limit({ ...common, price: limit, expireAfterBars: step.expireAfterBars });
        break;
      }
      case 'stop':
        order = o.stopMarket({ ...common, triggerPrice: price(step.offset) });
        break;
      case 'stop_limit':
        order = o.stopLimit({
          ...common,
          triggerPrice: price(step.offset),
          price: price(step.offset + step.limitOffset),
          expireAfterBars: step.expireAfterBars,
        });
        break;
      case 'cancel': {
        const open = context.cache.openOrders(ID);
        if (open.length > 0) context.cancelOrder(open[step.quantity % open.length].clientOrderId);
        break;
      }
      case 'none':
        break;
    }
    if (order !== undefined) context.submitOrder(order);
  }

  onOrderEvent(event: OrderEvent): void {
    this.events.push(event);
  }
}

const stepArb: fc.Arbitrary<Step> = fc.record({
  kind: fc.constantFrom<Step['kind']>('none', 'market', 'limit', 'limit', 'stop', 'stop_limit', 'cancel'),
  side: fc.constantFrom<OrderSide>('buy', 'sell'),
  quantity: fc.integer({ min: 1, max: 25 }),
  allIn: fc.boolean(),
  offset: fc.integer({ min: -300, max: 300 }),
  limitOffset: fc.integer({ min: -100, max: 100 }),
  timeInForce: fc.constantFrom<TimeInForce>('GTC', 'GTC', 'GTC', 'IOC', 'FOK'),
  reduceOnly: fc.constantFrom(false, false, false, true),
  expireAfterBars: fc.option(fc.integer({ min: 1, max: 4 }), { nil: undefined }),
});

const configArb = fc.record({
  accountType: fc.constantFrom<'cash' | 'margin'>('cash', 'margin'),
  leverage: fc.constantFrom(1, 2, 3),
  startingCash: fc.oneof(fc.integer({ min: 100, max: 2_500 }), fc.constant(50_000)),
  seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
  makerRate: fc.constantFrom(-0.0002, 0, 0.001),
  takerRate: fc.constantFrom(0, 0.0005, 0.002),
  fixedPerOrder: fc.constantFrom(0, 0.5),
  minimumPerOrder: fc.constantFrom(0, 1),
  halfSpreadBps: fc.constantFrom(0, 5, 20),
  impactBps: fc.constantFrom(0, 50),
  participation: fc.constantFrom(0, 0.05, 0.3),
  fixedMs: fc.constantFrom(0, 20_000, 90_000),
  jitterMs: fc.constantFrom(0, 70_000),
  bars: fc.integer({ min: 5, max: 40 }),
  dataSeed: fc.integer({ min: 1, max: 1_000_000 }),
});

type RandomConfig = typeof configArb extends fc.Arbitrary<infer T> ? T : never;

function engineConfig(c: RandomConfig): BacktestEngineConfig {
  return {
    startingCash: c.startingCash,
    baseCurrency: 'USD',
    accountType: c.accountType,
    leverage: c.accountType === 'margin' ? c.leverage : 1,
    seed: c.seed,
    exchange: {
      fees: {
        makerRate: c.makerRate,
        takerRate: c.takerRate,
        fixedPerOrder: c.fixedPerOrder,
        minimumPerOrder: c.minimumPerOrder,
      },
      slippage: { halfSpreadBps: c.halfSpreadBps, impactBps: c.impactBps },
      maxVolumeParticipation: c.participation,
      latency: { fixedMs: c.fixedMs, jitterMs: c.jitterMs },
    },
  };
}

function runScript(c: RandomConfig, steps: readonly Step[], chunks = 1, store?: BacktestResultStore) {
  const engine = new BacktestEngine({ ...engineConfig(c), store });
  engine.addInstrument(INSTRUMENT);
  const strategy = new ScriptStrategy(steps, c.accountType === 'cash');
  engine.addStrategy(strategy, 'R');
  const series = randomWalk(c.bars, c.dataSeed);
  const cut = Math.floor(series.length / chunks);
  for (let k = 0; k < chunks; k++) {
    const start = k * cut;
    const end = k === chunks - 1 ? series.length : start + cut;
    engine.processBars(slice(series, start, end));
  }
  return { result: engine.finish(), strategy, series };
}

function slice(series: BarSeries, start: number, end: number): BarSeries {
  return {
    ...series,
    length: end - start,
    timestamp: series.timestamp.slice(start, end),
    open: series.open.slice(start, end),
    high: series.high.slice(start, end),
    low: series.low.slice(start, end),
    close: series.close.slice(start, end),
    volume: series.volume.slice(start, end),
  };
}

const cents = (x: number) => Math.round(x * 100);

/** Everything a run produced that must be reproducible, as JSON. */
function fingerprint(result: BacktestResult): string {
  return JSON.stringify({
    fills: result.fills,
    equity: Array.from(result.equity.equity.subarray(0, result.equity.length)),
    times: Array.from(result.equity.timestamps.subarray(0, result.equity.length)),
    orders: result.orders.map((o) => ({ ...o, tradeIds: [...o.tradeIds] })),
    roundTrips: result.roundTrips,
    finalEquity: result.finalEquity,
  });
}

describe('BacktestEngine', () => {
  it('property: random small backtests keep every accounting identity', () => {
    fc.assert(
      fc.property(configArb, fc.array(stepArb, { minLength: 1, maxLength: 12 }), (c, steps) => {
        const { result, strategy, series } = runScript(c, steps);
        expect(strategy.violations, 'per-bar identities').toEqual([]);
        const fillsByOrder = new Map<string, OrderFilled[]>();
        for (const f of result.fills) {
          const list = fillsByOrder.get(f.clientOrderId) ?? [];
          list.push(f);
          fillsByOrder.set(f.clientOrderId, list);
        }
        for (const order of result.orders) {
          const fills = fillsByOrder.get(order.clientOrderId) ?? [];
          const sum = fills.reduce((s, f) => s + f.lastQuantity, 0);
          expect(Math.abs(sum - order.filledQuantity), `${order.clientOrderId}: Σ fills = filled`).toBeLessThan(1e-9);
          expect(order.filledQuantity, `${order.clientOrderId}: filled ≤ quantity`).toBeLessThanOrEqual(order.quantity);
          expect(order.status === 'filled', `${order.clientOrderId}: filled iff complete`).toBe(
            order.filledQuantity === order.quantity,
          );
          expect(order.status, 'every order left initialized').not.toBe('initialized');
          if (order.timeInForce === 'FOK')
            expect([0, order.quantity], `${order.clientOrderId}: FOK all or nothing`).toContain(order.filledQuantity);
          for (const f of fills) {
            expect(f.timestamp, 'no fill before the order existed (no look-ahead)').toBeGreaterThanOrEqual(
              order.createdAt,
            );
            expect(isOnIncrement(f.lastPrice, INSTRUMENT.priceIncrement), `price ${f.lastPrice} on the tick`).toBe(
              true,
            );
            expect(isOnIncrement(f.lastQuantity, INSTRUMENT.sizeIncrement)).toBe(true);
            if (order.type === 'limit' || order.type === 'stop_limit') {
              const limit = order.price!;
              if (f.side === 'buy')
                expect(f.lastPrice, 'a buy never above its limit').toBeLessThanOrEqual(limit + 1e-9);
              else expect(f.lastPrice, 'a sell never below its limit').toBeGreaterThanOrEqual(limit - 1e-9);
            }
            const bar = (f.timestamp - T0) / MINUTE;
            const [low, high] = [series.low[bar], series.high[bar]];
            if (f.liquiditySide === 'maker' || (c.halfSpreadBps === 0 && c.impactBps === 0)) {
              expect(f.lastPrice, 'without slippage a fill lies within its bar').toBeGreaterThanOrEqual(low - 1e-9);
              expect(f.lastPrice).toBeLessThanOrEqual(high + 1e-9);
            }
          }
        }
        const feeCents = result.fills.reduce((s, f) => s + cents(f.fee), 0);
        expect(feeCents, 'fees conserved: Σ fill fees = account fees').toBe(cents(result.feesPaid));
        const tripCents = result.roundTrips.reduce((s, t) => s + cents(t.grossPnl), 0);
        expect(tripCents, 'realized PnL = Σ gross PnL over round trips').toBe(cents(result.realizedPnl));
        const identity = c.startingCash + result.realizedPnl - result.feesPaid + result.unrealizedPnl;
        expect(
          Math.abs(result.finalEquity - identity),
          'equity = deposits − withdrawals + realized − fees + unrealized',
        ).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(identity)));
        expect(result.equity.length, 'one equity point per bar').toBe(c.bars);
        expect(result.equity.equity[result.equity.length - 1], 'the last equity point is the final equity').toBe(
          result.finalEquity,
        );
        const signed = result.fills.reduce((s, f) => s + (f.side === 'buy' ? f.lastQuantity : -f.lastQuantity), 0);
        expect(strategy.lastQuantity, 'the position is Σ signed fill quantities').toBeCloseTo(signed, 9);
        // Determinism: the same inputs give byte-identical outputs, also when fed in chunks.
        expect(fingerprint(runScript(c, steps).result), 'same data + config + seed → same run').toBe(
          fingerprint(result),
        );
        expect(fingerprint(runScript(c, steps, 3).result), 'chunked feeding changes nothing').toBe(fingerprint(result));
      }),
      { numRuns: 150 },
    );
  });

  it('property: a run streamed to a result store hands over exactly what a run that keeps its results returns', () => {
    fc.assert(
      fc.property(
        configArb,
        fc.array(stepArb, { minLength: 1, maxLength: 40 }),
        fc.integer({ min: 1, max: 4 }),
        (c, steps, chunks) => {
          const kept = runScript(c, steps, chunks).result;
          const times: number[] = [];
          const equity: number[] = [];
          const fills: OrderFilled[] = [];
          const orders: Order[] = [];
          const roundTrips: RoundTrip[] = [];
          let releasedWhileOpen = 0;
          const store: BacktestResultStore = {
            appendEquity: (t, e, n) => {
              times.push(...t.subarray(0, n));
              equity.push(...e.subarray(0, n));
            },
            appendFill: (fill) => fills.push(fill),
            appendOrders: (list) => {
              for (const order of list) if (isOpen(order)) releasedWhileOpen++;
              orders.push(...list);
            },
            appendRoundTrips: (list) => roundTrips.push(...list),
          };
          const streamed = runScript(c, steps, chunks, store);
          expect(streamed.result.fills.length + streamed.result.orders.length + streamed.result.equity.length).toBe(0);
          expect(releasedWhileOpen, 'only finish() hands over open orders').toBeLessThanOrEqual(
            kept.orders.filter((o) => isOpen(o)).length,
          );
          const byId = (a: Order, b: Order) => (a.clientOrderId < b.clientOrderId ? -1 : 1);
          const rebuilt = {
            ...streamed.result,
            fills,
            orders: orders.sort(byId),
            roundTrips,
            equity: { timestamps: Float64Array.from(times), equity: Float64Array.from(equity), length: times.length },
          };
          expect(fingerprint(rebuilt)).toBe(fingerprint(kept));
          for (const order of orders.filter((o) => !isOpen(o)))
            expect(streamed.strategy.context!.cache.order(order.clientOrderId), 'released orders leave the cache').toBe(
              undefined,
            );
        },
      ),
      { numRuns: 60 },
    );
  });

  it('determinism: MA-cross with latency jitter gives identical fills and equity for the same seed', () => {
    const run = (seed: number) => {
      const engine = new BacktestEngine({
        startingCash: 100_000,
        baseCurrency: 'USD',
        accountType: 'margin',
        seed,
        exchange: {
          fees: { takerRate: 0.001 },
          slippage: { halfSpreadBps: 2, impactBps: 20 },
          latency: { fixedMs: 5_000, jitterMs: 100_000 },
          maxVolumeParticipation: 0.2,
        },
      });
      engine.addInstrument(INSTRUMENT);
      const params = maCrossParameters.parse({ fast_period: 3, slow_period: 8, quantity: 5, mode: 'long_short' });
      engine.addStrategy(new MaCrossStrategy(params), 'MA');
      engine.processBars(randomWalk(600, 42));
      return engine.finish();
    };
    const a = run(7);
    const b = run(7);
    expect(a.fills.length, 'the strategy trades').toBeGreaterThan(5);
    expect(JSON.stringify(a.fills), 'identical fills').toBe(JSON.stringify(b.fills));
    expect(Array.from(a.equity.equity.subarray(0, a.equity.length)), 'identical equity').toEqual(
      Array.from(b.equity.equity.subarray(0, b.equity.length)),
    );
    expect(fingerprint(a)).toBe(fingerprint(b));
    const other = run(8);
    expect(JSON.stringify(other.fills), 'the seed matters: jitter moves some fills').not.toBe(JSON.stringify(a.fills));
  });

  it('an order sent from a timer meets the first bar that opens after it was sent', () => {
    const fired: [string, number][] = [];
    const strategy: Strategy = {
      onStart(context) {
        context.subscribeBars(ID);
        // Inside bar 1 (it spans 60–120 s), after bar 1 was matched: its order waits for bar 2.
        context.setTimeAlert('mid-bar', T0 + 90_000);
        // Exactly at bar 3's open, before bar 3 is matched: its order meets bar 3.
        context.setTimeAlert('at-open', T0 + 3 * MINUTE);
      },
      onTimer(event, context) {
        fired.push([event.name, context.now()]);
        context.submitOrder(context.orders.market({ instrumentId: ID, side: 'buy', quantity: 1, tags: [event.name] }));
      },
    };
    const engine = new BacktestEngine({ startingCash: 100_000, baseCurrency: 'USD', accountType: 'cash', seed: 1 });
    engine.addInstrument(INSTRUMENT);
    engine.addStrategy(strategy, 'T');
    const series = randomWalk(5, 9);
    engine.processBars(series);
    const r = engine.finish();
    expect(fired, 'the handlers see the alert times on the clock').toEqual([
      ['mid-bar', T0 + 90_000],
      ['at-open', T0 + 3 * MINUTE],
    ]);
    expect(
      r.fills.map((f) => [f.clientOrderId, (f.timestamp - T0) / MINUTE, f.lastPrice]),
      'each fills at the open of the first bar opening at or after its send time',
    ).toEqual([
      ['T-000001', 2, series.open[2]],
      ['T-000002', 3, series.open[3]],
    ]);
  });

  it('refuses bars that do not move forward in time', () => {
    const engine = new BacktestEngine({ startingCash: 1_000, baseCurrency: 'USD', accountType: 'cash', seed: 1 });
    engine.addInstrument(INSTRUMENT);
    const series = randomWalk(5, 1);
    engine.processBars(series);
    expect(() => engine.processBars(slice(series, 4, 5)), 'bar 4 again').toThrow(/strictly increasing/);
  });

  it('reports bars processed, time in market and drawdown consistently with the equity curve', () => {
    const engine = new BacktestEngine({ startingCash: 10_000, baseCurrency: 'USD', accountType: 'margin', seed: 1 });
    engine.addInstrument(INSTRUMENT);
    const params = maCrossParameters.parse({ fast_period: 2, slow_period: 5, quantity: 10 });
    engine.addStrategy(new MaCrossStrategy(params), 'MA');
    engine.processBars(randomWalk(300, 3));
    const r = engine.finish();
    expect(r.barsProcessed).toBe(300);
    expect(r.stepsInMarket).toBeGreaterThan(0);
    expect(r.stepsInMarket).toBeLessThanOrEqual(300);
    let peak = r.initialEquity;
    let worst = 0;
    for (let i = 0; i < r.equity.length; i++) {
      peak = Math.max(peak, r.equity.equity[i]);
      worst = Math.max(worst, (peak - r.equity.equity[i]) / peak);
    }
    expect(worst, 'the run had a drawdown').toBeGreaterThan(0);
    const metrics = computePerformance({
      timestamps: r.equity.timestamps,
      equity: r.equity.equity,
      length: r.equity.length,
      initialEquity: r.initialEquity,
      periodsPerYear: 365,
      roundTrips: r.roundTrips,
      feesPaid: r.feesPaid,
      tradedNotional: r.tradedNotional,
      stepsInMarket: r.stepsInMarket,
    });
    expect(metrics.max_drawdown, 'max drawdown of the recorded equity, from the starting cash').toBeCloseTo(worst, 9);
    expect(r.tradedNotional, 'Σ |fill notional|').toBeCloseTo(
      r.fills.reduce((s, f) => s + f.lastQuantity * f.lastPrice, 0),
      6,
    );
  });
});

import { beforeAll, describe, expect, it } from 'vitest';
import { BTC_PERP as BTC, BTC_PERP_SAMPLE } from '../../../test/support/btc-perp.ts';
import { loadBars } from '../../adapters/data/index.ts';
import { type Bar, type BarSeries, sliceBarSeries } from '../model/data.ts';
import type { OrderEvent } from '../model/events.ts';
import type { RiskEvent } from '../risk/risk-events.ts';
import { OPEN_RISK_LIMITS } from '../risk/risk-limits.ts';
import { RiskPolicy } from '../risk/risk-policy.ts';
import type { Strategy } from '../strategy/strategy.ts';
import type { StrategyContext } from '../strategy/strategy-context.ts';
import { barSeriesFromRows, testInstrument } from '../testing/fixtures.ts';
import { ALLOCATION_EVENTS_TOPIC, type AllocationChanged, type AllocationConfig } from './allocation-engine.ts';
import { BacktestEngine } from './backtest-engine.ts';

/** In and out of a position of `quantity` × its allocation scale every `period` bars, on `side`; exits reduce-only. */
class Swinger implements Strategy {
  private bars = 0;
  constructor(
    private readonly period: number,
    private readonly side: 'buy' | 'sell',
    private readonly quantity = 0.2,
  ) {}
  onStart(context: StrategyContext) {
    context.subscribeBars(BTC.id);
  }
  onBar(_bar: Bar, context: StrategyContext) {
    if (++this.bars % this.period !== 0 || context.cache.openOrders(BTC.id).length > 0) return;
    const held = context.portfolio.positionQuantity(BTC.id);
    if (held !== 0) {
      const side = held > 0 ? 'sell' : 'buy';
      context.submitOrder(
        context.orders.market({ instrumentId: BTC.id, side, quantity: Math.abs(held), reduceOnly: true }),
      );
      return;
    }
    const quantity = context.orders.roundQuantity(BTC.id, this.quantity * (context.allocation?.()?.scale ?? 1));
    if (quantity > 0) context.submitOrder(context.orders.market({ instrumentId: BTC.id, side: this.side, quantity }));
  }
}

function engine(allocation: Omit<AllocationConfig, 'strategyIds'>, seed = 7, policy?: RiskPolicy) {
  const e = new BacktestEngine({
    startingCash: 100_000,
    baseCurrency: 'USD',
    accountType: 'margin',
    leverage: 3,
    seed,
    exchange: { fees: { takerRate: 0.0007 }, slippage: { halfSpreadBps: 1, impactBps: 0 } },
    risk: policy === undefined ? undefined : { policy },
    allocation: { strategyIds: ['LONG', 'SHORT'], ...allocation },
  });
  e.addInstrument(BTC);
  e.addStrategy(new Swinger(30, 'buy'), 'LONG');
  e.addStrategy(new Swinger(45, 'sell'), 'SHORT');
  return e;
}

const sum = (xs: readonly number[]) => xs.reduce((s, x) => s + x, 0);

describe('BacktestEngine capital allocation (real BTC-PERP 1m bars)', () => {
  let series: BarSeries;
  beforeAll(async () => {
    const bars = (await loadBars({ path: BTC_PERP_SAMPLE, instrumentId: BTC.id, timeframe: '1m' })).series;
    series = sliceBarSeries(bars, 0, 6_000);
  });

  it('rebalances every N slices: AllocationChanged on the bus, shares applied as agent capital through the policy', () => {
    const e = engine({ method: 'bandit', minWeight: 0.1, rebalance: { bars: 240 } });
    const published: AllocationChanged[] = [];
    e.kernel.bus.subscribe<AllocationChanged>(ALLOCATION_EVENTS_TOPIC, (event) => published.push(event));
    e.processBars(series);
    const result = e.finish();
    const history = result.allocation!;
    expect(history.initialWeights).toEqual([0.5, 0.5]);
    expect(published.length, 'the bandit moved the shares').toBeGreaterThan(3);
    expect(history.changes).toEqual(published);
    let previous = history.initialWeights;
    let version = 1;
    for (const change of published) {
      expect(change.before, 'each change starts from the shares in force').toEqual(previous);
      expect(sum(change.after)).toBeCloseTo(1, 12);
      for (const w of change.after) expect(w).toBeGreaterThanOrEqual(0.1 - 1e-12);
      expect(change.policyVersion, 'every change is a new policy version').toBeGreaterThan(version);
      expect(((change.timestamp - series.timestamp[0]!) / 60_000) % 240, 'at the close of every 240th bar').toBe(0);
      previous = change.after;
      version = change.policyVersion;
    }
    const policy = e.kernel.risk.policy;
    expect([policy.agent('LONG')!.capitalFraction, policy.agent('SHORT')!.capitalFraction]).toEqual(previous);
    const byAllocator = result.riskEvents.filter((r) => r.type === 'RiskLimitsChanged' && r.by === 'allocator');
    expect(byAllocator.length, 'one policy change per share that moved').toBeGreaterThanOrEqual(published.length);
  });

  it("period returns are each strategy's PnL change over its capital, and the bandit favours the better one", () => {
    const e = engine({ method: 'bandit', minWeight: 0.1, rebalance: { bars: 240 } });
    e.processBars(series);
    const result = e.finish();
    const changes = result.allocation!.changes;
    // The first change's period by hand: each strategy's PnL at a bar's close (its fills before
    // then: cash flow − fees + open quantity × that close), over the 240 bars before the change,
    // ÷ its capital (0.5 × the account's equity at the period's start; no one-period change: the
    // bandit needs two periods to see a variance).
    const end = changes[0]!.timestamp;
    const start = end - 240 * 60_000;
    const barIndex = (t: number) => (t - series.timestamp[0]!) / 60_000 - 1;
    const pnlAt = (id: string, t: number) => {
      let quantity = 0;
      let cash = 0;
      for (const f of result.fills.filter((x) => x.strategyId === id && x.timestamp < t)) {
        const signed = f.side === 'buy' ? f.lastQuantity : -f.lastQuantity;
        quantity += signed;
        cash -= signed * f.lastPrice + f.fee;
      }
      return cash + quantity * series.close[barIndex(t)]!;
    };
    const equityAtStart = result.equity.equity[barIndex(start)]!;
    ['LONG', 'SHORT'].forEach((id, i) => {
      const pnl = pnlAt(id, end) - pnlAt(id, start);
      expect(pnl, `${id} traded in the period`).not.toBe(0);
      expect(changes[0]!.periodReturns[i]).toBeCloseTo(pnl / (0.5 * equityAtStart), 9);
    });
    const last = changes.at(-1)!;
    const longPnl = result.strategyPnl.find((p) => p.strategyId === 'LONG')!.netPnl;
    const shortPnl = result.strategyPnl.find((p) => p.strategyId === 'SHORT')!.netPnl;
    const better = longPnl > shortPnl ? 0 : 1;
    const cumulative = [0, 1].map((i) => changes.reduce((s, c) => s + c.periodReturns[i]!, 0));
    expect(
      cumulative[better]! > cumulative[1 - better]!,
      'the strategy with more PnL also had the higher summed period returns',
    ).toBe(true);
    expect(last.after[better], `the bandit ends favouring ${better === 0 ? 'LONG' : 'SHORT'}`).toBeGreaterThan(0.5);
  });

  it('is deterministic: the same seed gives the same run; another seed other bandit draws', () => {
    const fingerprint = (seed: number) => {
      const e = engine({ method: 'bandit', minWeight: 0.1, rebalance: { bars: 240 } }, seed);
      e.processBars(series);
      const r = e.finish();
      return JSON.stringify({ fills: r.fills, allocation: r.allocation, equity: r.finalEquity });
    };
    const a = fingerprint(7);
    expect(fingerprint(7)).toBe(a);
    expect(fingerprint(8), "the seed reaches the bandit's draws").not.toBe(a);
  });

  it('rebalances on a clock timer, and fixed weights never change', () => {
    const e = engine({ method: 'inverse_volatility', lookback: 3, rebalance: { intervalMs: 3_600_000 } });
    e.processBars(series);
    const changes = e.finish().allocation!.changes;
    expect(changes.length).toBeGreaterThan(10);
    for (const c of changes)
      expect((c.timestamp - series.timestamp[0]!) % 3_600_000, 'on the hour from the first open').toBe(0);
    const fixed = engine({ method: 'fixed', weights: [3, 1], rebalance: { bars: 60 } });
    fixed.processBars(series);
    const history = fixed.finish().allocation!;
    expect(history.initialWeights).toEqual([0.75, 0.25]);
    expect(history.changes).toEqual([]);
    expect(fixed.kernel.risk.policy.agent('SHORT')!.capitalFraction).toBe(0.25);
  });
});

describe('allocated strategies: budgets, own positions, refusals', () => {
  const I = testInstrument({ symbol: 'AAA', sizeIncrement: 0.01 });
  const flat = barSeriesFromRows(
    Array.from({ length: 20 }, () => [100, 101, 99, 100] as const),
    I,
    1_000_000,
  );

  /** Sends the given market orders at the given bar numbers (1-based) and records what it saw. */
  class Script implements Strategy {
    readonly seen: { bar: number; own: number; account: number; weight?: number; capital?: number }[] = [];
    readonly denials: string[] = [];
    private bar = 0;
    constructor(
      private readonly steps: Record<number, { side: 'buy' | 'sell'; quantity: number; reduceOnly?: boolean }>,
    ) {}
    onStart(context: StrategyContext) {
      context.subscribeBars(I.id);
    }
    onOrderEvent(event: OrderEvent) {
      if (event.type === 'OrderDenied') this.denials.push(event.reason);
    }
    onBar(_bar: Bar, context: StrategyContext) {
      this.bar++;
      const a = context.allocation?.();
      this.seen.push({
        bar: this.bar,
        own: context.portfolio.positionQuantity(I.id),
        account: 0,
        weight: a?.weight,
        capital: a?.capital,
      });
      const step = this.steps[this.bar];
      if (step !== undefined) context.submitOrder(context.orders.market({ instrumentId: I.id, ...step }));
    }
  }

  function run(a: Script, b: Script, agentLimits = {}) {
    const e = new BacktestEngine({
      startingCash: 100_000,
      baseCurrency: 'USD',
      accountType: 'margin',
      leverage: 5,
      seed: 1,
      allocation: { strategyIds: ['A', 'B'], method: 'fixed', weights: [1, 4], rebalance: { bars: 5 }, agentLimits },
    });
    e.addInstrument(I);
    e.addStrategy(a, 'A');
    e.addStrategy(b, 'B');
    e.processBars(flat);
    return e;
  }

  it("holds each strategy to its share: A's 20% of 100,000 at 1× gross denies 300 units (30,000), B's 80% takes them", () => {
    const a = new Script({ 1: { side: 'buy', quantity: 300 }, 2: { side: 'buy', quantity: 150 } });
    const b = new Script({ 1: { side: 'buy', quantity: 300 } });
    const e = run(a, b, { maxGrossExposure: 1 });
    expect(a.denials).toEqual(['MAX_GROSS_EXPOSURE']);
    expect(b.denials).toEqual([]);
    expect(a.seen[2]!.own, 'A holds the 150 it could afford').toBe(150);
    expect(b.seen[2]!.own).toBe(300);
    expect(a.seen[0]!.weight).toBe(0.2);
    expect(a.seen[0]!.capital).toBeCloseTo(20_000, 6);
    const denied = e
      .finish()
      .riskEvents.find((r): r is Extract<RiskEvent, { type: 'OrderDenied' }> => r.type === 'OrderDenied');
    expect(denied?.detail).toMatch(/^agent A|A/);
  });

  it('sees its own positions, and closes its own long reduce-only while the account is net short', () => {
    const a = new Script({ 1: { side: 'buy', quantity: 10 }, 4: { side: 'sell', quantity: 10, reduceOnly: true } });
    const b = new Script({ 2: { side: 'sell', quantity: 30 } });
    const e = run(a, b);
    expect(a.seen[3]!.own, "after B's short A still sees its own +10").toBe(10);
    expect(e.kernel.portfolio.positionQuantity(I.id), 'the account nets to −30 at the end').toBe(-30);
    expect(a.seen[5]!.own, 'its reduce-only sell closed its own long').toBe(0);
    expect(a.denials).toEqual([]);
    const fills = e.finish().fills.filter((f) => f.strategyId === 'A');
    expect(fills.map((f) => f.side)).toEqual(['buy', 'sell']);
  });

  it('without allocation a strategy reads no share and the account itself', () => {
    const e = new BacktestEngine({ startingCash: 1000, baseCurrency: 'USD', accountType: 'margin', seed: 1 });
    e.addInstrument(I);
    let seen: StrategyContext | undefined;
    e.addStrategy({ onStart: (context) => (seen = context) }, 'S');
    e.processBars(flat);
    expect(seen!.allocation?.()).toBeUndefined();
    expect(seen!.portfolio).toBe(e.kernel.portfolio);
    expect(e.finish().allocation).toBeUndefined();
  });

  it('refuses a policy with agents of its own, and an allocated strategy never added', () => {
    const policy = new RiskPolicy({
      limits: OPEN_RISK_LIMITS,
      agents: { A: { capitalFraction: 0.5, limits: OPEN_RISK_LIMITS } },
    });
    const config = {
      startingCash: 1000,
      baseCurrency: 'USD',
      accountType: 'margin' as const,
      seed: 1,
      allocation: { strategyIds: ['A', 'B'], method: 'fixed' as const, rebalance: { bars: 5 } },
    };
    expect(() => new BacktestEngine({ ...config, risk: { policy } })).toThrow(/without agents/);
    const e = new BacktestEngine(config);
    e.addInstrument(I);
    e.addStrategy(new Script({}), 'A');
    expect(() => e.processBars(flat)).toThrow(/strategies B were never added/);
  });
});

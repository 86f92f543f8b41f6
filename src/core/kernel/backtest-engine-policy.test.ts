import { beforeAll, describe, expect, it } from 'vitest';
import { BTC_PERP as BTC, BTC_PERP_SAMPLE as SAMPLE } from '../../../test/support/btc-perp.ts';
import { loadBars } from '../../adapters/data/index.ts';
import { type Bar, type BarSeries, sliceBarSeries } from '../model/data.ts';
import type { OrderEvent } from '../model/events.ts';
import { strategyId } from '../model/ids.ts';
import type { RiskEvent } from '../risk/risk-events.ts';
import { DEFAULT_RISK_LIMITS, OPEN_RISK_LIMITS, riskLimits } from '../risk/risk-limits.ts';
import { RiskPolicy } from '../risk/risk-policy.ts';
import { GLOBAL_SCOPE } from '../risk/state/trading-state.ts';
import type { Strategy } from '../strategy/strategy.ts';
import type { StrategyContext } from '../strategy/strategy-context.ts';
import { BacktestEngine } from './backtest-engine.ts';
import { RISK_EVENTS_TOPIC } from './trading-kernel.ts';

/**
 * The manual kill switch, run-time limit changes and agents with their own capital, on the real
 * FTX BTC-PERP 1-minute bars of January 2022 (about 47,000 USD a BTC at the start).
 */

/**
 * Buys `quantity` whenever its position is below `target`, one order at a time: its own fills'
 * position, or with `account` the account's (which a kill switch's flatten also moves).
 */
class Accumulator implements Strategy {
  constructor(
    private readonly quantity: number,
    private readonly target: number,
    private readonly account = false,
  ) {}
  held = 0;
  onStart(context: StrategyContext) {
    context.subscribeBars(BTC.id);
  }
  onOrderFilled(fill: { side: string; lastQuantity: number }) {
    this.held += fill.side === 'buy' ? fill.lastQuantity : -fill.lastQuantity;
  }
  onBar(_bar: Bar, context: StrategyContext) {
    const busy = context.cache.openOrders(BTC.id).some((o) => o.strategyId === context.strategyId);
    const held = this.account ? context.portfolio.positionQuantity(BTC.id) : this.held;
    if (!busy && held < this.target - 1e-9)
      context.submitOrder(context.orders.market({ instrumentId: BTC.id, side: 'buy', quantity: this.quantity }));
  }
}

function engineWith(policy: RiskPolicy): { engine: BacktestEngine; risk: RiskEvent[]; orders: OrderEvent[] } {
  const engine = new BacktestEngine({
    startingCash: 100_000,
    baseCurrency: 'USD',
    accountType: 'margin',
    leverage: 3,
    seed: 1,
    risk: { policy },
  });
  engine.addInstrument(BTC);
  const risk: RiskEvent[] = [];
  const orders: OrderEvent[] = [];
  engine.kernel.bus.subscribe<RiskEvent>(RISK_EVENTS_TOPIC, (event) => risk.push(event));
  engine.kernel.bus.subscribe<OrderEvent>('events.order.*', (event) => orders.push(event));
  return { engine, risk, orders };
}

describe('risk policy in a running backtest (real BTC-PERP 1m bars)', () => {
  let series: BarSeries;
  beforeAll(async () => {
    series = (await loadBars({ path: SAMPLE, instrumentId: BTC.id, timeframe: '1m' })).series;
  });

  it('the manual kill switch cancels, flattens at the next open and holds HALTED until an operator resumes', () => {
    const { engine, risk, orders } = engineWith(new RiskPolicy({ limits: OPEN_RISK_LIMITS }));
    engine.addStrategy(new Accumulator(0.5, 1, true), 'LONG');
    engine.processBars(sliceBarSeries(series, 0, 600));
    expect(engine.kernel.portfolio.positionQuantity(BTC.id)).toBeCloseTo(1, 9);
    engine.kernel.activateKillSwitch('ops@desk', 'venue incident');
    const killedAt = engine.clock.timestamp();
    engine.processBars(sliceBarSeries(series, 600, 1200));
    expect(engine.kernel.portfolio.positionQuantity(BTC.id), 'flat after the next open').toBe(0);
    const flatten = orders.find((e) => e.type === 'OrderFilled' && e.strategyId === 'RISK');
    expect(flatten?.timestamp, 'the flatten fills at the open of the next bar').toBe(series.timestamp[600]);
    expect(risk.map((e) => e.type).slice(0, 2)).toEqual(['KillSwitchActivated', 'TradingStateChanged']);
    const denied = orders.filter((e) => e.type === 'OrderDenied' && e.timestamp > killedAt);
    expect(denied.length, 'the strategy kept trying for 600 bars').toBeGreaterThan(100);
    expect(denied.every((e) => e.type === 'OrderDenied' && e.reason === 'TRADING_HALTED')).toBe(true);
    // No cooldown: still halted 600 bars later, until resumed.
    expect(engine.kernel.tradingState.state(GLOBAL_SCOPE)).toBe('HALTED');
    engine.kernel.tradingState.resume(GLOBAL_SCOPE, 'ops@desk');
    engine.processBars(sliceBarSeries(series, 1200, 1300));
    expect(engine.kernel.portfolio.positionQuantity(BTC.id), 'it trades again after the resume').toBeCloseTo(1, 9);
  });

  it('a limit tightened at run time takes effect at once; a change past a hard bound is refused and changes nothing', () => {
    const limits = riskLimits(DEFAULT_RISK_LIMITS, {
      maxPositionFraction: 0.5,
      maxGrossExposure: 1,
      maxNetExposure: 1,
    });
    const { engine, risk, orders } = engineWith(new RiskPolicy({ limits }));
    const strategy = new Accumulator(0.1, 2);
    engine.addStrategy(strategy, 'LONG');
    engine.processBars(sliceBarSeries(series, 0, 5));
    expect(strategy.held, 'five bars, one 0.1 BTC order filled per bar after the first').toBeCloseTo(0.4, 9);
    const refused = engine.kernel.changeRiskLimits({
      limits: { maxPositionFraction: 0.9 },
      by: 'advisor',
      reason: 'more room',
    });
    expect(refused.type).toBe('RiskPolicyRejected');
    expect(refused.type === 'RiskPolicyRejected' && refused.violations[0]).toBe(
      'limit maxPositionFraction 0.9 exceeds its hard bound 0.5',
    );
    const tightened = engine.kernel.changeRiskLimits({
      limits: { maxPositionFraction: 0.05 },
      by: 'ops@desk',
      reason: 'volatile',
      basedOnVersion: 1,
    });
    expect(tightened).toMatchObject({
      type: 'RiskLimitsChanged',
      version: 2,
      previousVersion: 1,
      changes: [{ limit: 'maxPositionFraction', from: 0.5, to: 0.05 }],
    });
    engine.processBars(sliceBarSeries(series, 5, 200));
    // 0.5 BTC ≈ 23,000 > 5% of 100,000: the next 0.1 is denied from the first bar after the change.
    expect(strategy.held, 'no further buy filled').toBeCloseTo(0.5, 9);
    const denials = orders.filter((e) => e.type === 'OrderDenied');
    expect(denials.length).toBeGreaterThan(100);
    expect(denials.every((e) => e.type === 'OrderDenied' && e.reason === 'MAX_POSITION')).toBe(true);
    expect(risk.filter((e) => e.type !== 'OrderDenied').map((e) => e.type)).toEqual([
      'RiskPolicyRejected',
      'RiskLimitsChanged',
    ]);
    expect(engine.finish().riskEvents.length, 'the run result carries the whole audit').toBe(2 + denials.length);
  });

  it('two agents: a low-risk one capped at 20% of its 30% share, a leveraged one at 2× its 70%, both under the account', () => {
    const account = riskLimits(OPEN_RISK_LIMITS, { maxGrossExposure: 1.5 });
    const policy = new RiskPolicy({
      limits: account,
      agents: {
        SPOT: { capitalFraction: 0.3, limits: riskLimits(OPEN_RISK_LIMITS, { maxPositionFraction: 0.2 }) },
        LEVER: { capitalFraction: 0.7, limits: riskLimits(OPEN_RISK_LIMITS, { maxGrossExposure: 2 }) },
      },
    });
    const { engine, orders } = engineWith(policy);
    const spot = new Accumulator(0.05, 10);
    const lever = new Accumulator(0.5, 100);
    engine.addStrategy(spot, 'SPOT');
    engine.addStrategy(lever, 'LEVER');
    engine.processBars(sliceBarSeries(series, 0, 400));
    const price = series.close[399]!;
    const equity = engine.kernel.portfolio.equity();
    // SPOT: 20% of 30% of ~100,000 ≈ 6,000 → at most 0.1 BTC at ~46,000 (each 0.05 step checked at its price).
    expect(spot.held * price, 'the low-risk agent stops at 20% of its capital').toBeLessThanOrEqual(
      0.2 * 0.3 * equity * 1.02,
    );
    expect(spot.held).toBeGreaterThan(0);
    // LEVER alone could reach 2 × 70% = 140% of equity; the account's 150% gross caps both together first.
    const gross = engine.kernel.portfolio.grossExposure();
    expect(gross, 'the account limit holds over both').toBeLessThanOrEqual(1.5 * equity * 1.02);
    expect(lever.held * price, 'the leveraged agent went past 100% of its share').toBeGreaterThan(0.7 * equity);
    const reasons = new Set(
      orders
        .filter((e) => e.type === 'OrderDenied')
        .map((e) => `${e.strategyId}:${e.type === 'OrderDenied' ? e.reason : ''}`),
    );
    expect(reasons.has('SPOT:MAX_POSITION'), 'SPOT denied by its own position limit').toBe(true);
    expect(
      [...reasons].some((r) => r.startsWith('LEVER:MAX_GROSS_EXPOSURE')),
      'LEVER denied by a gross exposure limit',
    ).toBe(true);
    const spotDenial = orders.find((e) => e.type === 'OrderDenied' && e.strategyId === strategyId('SPOT'));
    expect(spotDenial?.type === 'OrderDenied' && spotDenial.detail).toMatch(/^agent SPOT: position would reach/);
  });
});

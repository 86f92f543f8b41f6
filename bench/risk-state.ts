/**
 * The state the pre-trade check benchmark runs against: one margin account (1,000,000 USD,
 * leverage 5) trading four instruments, open positions in three of them, ten working limit orders,
 * and a stream of varied orders to check. Built twice, identically, under two policies: the full
 * limits (DEFAULT_RISK_LIMITS made finite, one agent with 30% of the capital) and OPEN_RISK_LIMITS
 * (the venue's rules only: grid, minimums, reduce-only, cash and buying power — the checks the
 * engine made before it had limits).
 */
import { SeededRandom } from '../src/core/kernel/random.ts';
import { strategyId } from '../src/core/model/ids.ts';
import { createInstrument, type Instrument } from '../src/core/model/instrument.ts';
import type { OrderRequest } from '../src/core/model/order.ts';
import { DEFAULT_RISK_LIMITS, OPEN_RISK_LIMITS, RiskPolicy, riskLimits } from '../src/core/risk/index.ts';
import { RiskTestHarness } from '../src/core/risk/risk-test-harness.ts';

/** The one agent: a strategy trading 30% of the account under tighter limits. */
export const BENCH_AGENT = strategyId('agent_high_risk');
const ACCOUNT_STRATEGY = strategyId('ema_cross');

/** DEFAULT_RISK_LIMITS with every limit finite (the blueprint leaves two of them off). */
export function fullRiskPolicy(): RiskPolicy {
  const limits = riskLimits(DEFAULT_RISK_LIMITS, { maxOrderNotional: 250_000, maxPositionNotional: 500_000 });
  return new RiskPolicy({
    limits,
    agents: {
      [BENCH_AGENT]: {
        capitalFraction: 0.3,
        limits: riskLimits(limits, { maxPositionFraction: 0.08, maxGrossExposure: 0.4, maxOrdersPerSecond: 50 }),
      },
    },
  });
}

const perpetual = (symbol: string, priceIncrement: number, sizeIncrement: number): Instrument =>
  createInstrument({
    symbol,
    venue: 'SIM',
    kind: 'perpetual',
    baseCurrency: symbol.split('-')[0]!,
    quoteCurrency: 'USD',
    priceIncrement,
    sizeIncrement,
    minNotional: 5,
  });

/** Instrument, mark and the typical order size (base units) of each. */
const MARKET = [
  { instrument: perpetual('BTC-PERP', 0.5, 0.001), mark: 45_000, lot: 0.01 },
  { instrument: perpetual('ETH-PERP', 0.01, 0.001), mark: 3_500, lot: 0.1 },
  { instrument: perpetual('SOL-PERP', 0.001, 0.01), mark: 150, lot: 2 },
  { instrument: perpetual('XRP-PERP', 0.0001, 1), mark: 0.8, lot: 500 },
] as const;

export interface RiskBenchState {
  readonly harness: RiskTestHarness;
  /** Orders to check, cycled through: instruments, sides, market and limit, account and agent. */
  readonly orders: readonly OrderRequest[];
}

/**
 * The benchmark state under `policy`. Positions: long 2 BTC (90,000), short 20 ETH (70,000), long
 * 300 SOL (45,000), of which the agent holds 0.5 BTC; gross 205,000 = 20.5% of equity. Ten limit
 * orders work 1–3% away from the marks. `orderCount` orders are drawn with seed 1: 85% ordinary
 * (market orders, limits within ±5% of the mark), 5% outside the collar, 5% of 100 lots (some
 * beyond a position limit), 5% off the price grid.
 */
export function riskBenchState(policy: RiskPolicy, orderCount = 4_096): RiskBenchState {
  const harness = new RiskTestHarness({
    instruments: MARKET.map((m) => m.instrument),
    cash: 1_000_000,
    leverage: 5,
    policy,
  });
  for (const m of MARKET) harness.mark(m.instrument, m.mark);
  const [btc, eth, sol] = MARKET;
  harness.fill(
    harness.request({ strategyId: ACCOUNT_STRATEGY, instrumentId: btc.instrument.id, quantity: 1.5 }),
    btc.mark,
  );
  harness.fill(harness.request({ strategyId: BENCH_AGENT, instrumentId: btc.instrument.id, quantity: 0.5 }), btc.mark);
  harness.fill(
    harness.request({ strategyId: ACCOUNT_STRATEGY, instrumentId: eth.instrument.id, side: 'sell', quantity: 20 }),
    eth.mark,
  );
  harness.fill(
    harness.request({ strategyId: ACCOUNT_STRATEGY, instrumentId: sol.instrument.id, quantity: 300 }),
    sol.mark,
  );
  for (let k = 0; k < 10; k++) {
    const m = MARKET[k % MARKET.length]!;
    const side = k % 2 === 0 ? 'buy' : 'sell';
    const away = (1 + (k % 3)) / 100;
    harness.work(
      harness.request({
        strategyId: k % 4 === 3 ? BENCH_AGENT : ACCOUNT_STRATEGY,
        instrumentId: m.instrument.id,
        side,
        type: 'limit',
        price: onGrid(m.mark * (side === 'buy' ? 1 - away : 1 + away), m.instrument),
        quantity: m.lot,
      }),
    );
  }
  const random = new SeededRandom(1);
  const orders: OrderRequest[] = [];
  for (let i = 0; i < orderCount; i++) {
    const m = MARKET[Math.floor(random.next() * MARKET.length)]!;
    const side = random.next() < 0.5 ? 'buy' : 'sell';
    const market = random.next() < 0.4;
    const kind = random.next();
    // 85% ordinary; 5% limits outside the 10% collar; 5% of 100 lots; 5% off the price grid.
    const offset = kind < 0.9 ? (random.next() - 0.5) * 0.1 : (side === 'buy' ? 1 : -1) * 0.15;
    const size = kind >= 0.85 && kind < 0.9 ? 100 : 0.5 + random.next() * 2;
    const price = market ? undefined : onGrid(m.mark * (1 + offset), m.instrument);
    orders.push(
      harness.request({
        strategyId: random.next() < 0.25 ? BENCH_AGENT : ACCOUNT_STRATEGY,
        instrumentId: m.instrument.id,
        side,
        type: market ? 'market' : 'limit',
        quantity: onGrid(m.lot * size, m.instrument, true),
        price: price === undefined || kind < 0.95 ? price : price + m.instrument.priceIncrement / 3,
      }),
    );
  }
  return { harness, orders };
}

/** The same state under OPEN_RISK_LIMITS: the anchor of the minimal checks. */
export function minimalRiskBenchState(orderCount?: number): RiskBenchState {
  return riskBenchState(new RiskPolicy({ limits: OPEN_RISK_LIMITS }), orderCount);
}

/** A value rounded to the instrument's price (or size) grid, as the decimal the venue would show. */
function onGrid(value: number, instrument: Instrument, size = false): number {
  const increment = size ? instrument.sizeIncrement : instrument.priceIncrement;
  const precision = size ? instrument.sizePrecision : instrument.pricePrecision;
  return Number((Math.max(1, Math.round(value / increment)) * increment).toFixed(precision));
}

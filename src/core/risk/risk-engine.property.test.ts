import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadBars } from '../../adapters/data/index.ts';
import { floorToIncrement, snapToIncrement } from '../model/decimal.ts';
import { strategyId } from '../model/ids.ts';
import { createInstrument, type Instrument } from '../model/instrument.ts';
import { applyOrderEvent, createOrder } from '../model/order-state.ts';
import { OPEN_RISK_LIMITS, type RiskLimits, riskLimits } from './risk-limits.ts';
import { RiskPolicy } from './risk-policy.ts';
import { RiskTestHarness } from './risk-test-harness.ts';

/**
 * "No accepted order ever breaches a configured limit", as a property over random limits (global
 * and one agent's) and random order sequences on two instruments whose marks follow the real FTX
 * BTC-PERP 1-minute closes of January 2022. Every accepted order is either filled at once at the
 * price the checks valued it at (its limit price, else the last price) or left working until a
 * random cancel. The instrument grid and minimums are fuzzed in risk-engine-precision.property.test.ts.
 */
const SAMPLE = fileURLToPath(new URL('../../../data/samples/btc-perp-20211231-20220201_1m.csv', import.meta.url));
const BTC = perpetual('BTC', 0.5, 0.001);
const ETH = perpetual('ETH', 0.01, 0.01);
const INSTRUMENTS = [BTC, ETH] as const;
/** ETH's mark: the BTC close of another minute of the sample divided by this. */
const ETH_RATIO = 13;
const AGENT = strategyId('AGENT');
const OTHER = strategyId('OTHER');
const CASH = 100_000;
/** Relative slack of the re-computed figures (sums of a few doubles in another order than the engine's). */
const SLACK = 1e-9;

function perpetual(symbol: string, priceIncrement: number, sizeIncrement: number): Instrument {
  return createInstrument({
    symbol,
    venue: 'SIM',
    kind: 'perpetual',
    baseCurrency: symbol,
    quoteCurrency: 'USD',
    priceIncrement,
    sizeIncrement,
  });
}

const finiteOr = <T>(arbitrary: fc.Arbitrary<T>) => fc.oneof(fc.constant(Number.POSITIVE_INFINITY), arbitrary);
const fraction = (min: number, max: number) => fc.double({ min, max, noNaN: true, noDefaultInfinity: true });
const limitsArbitrary = fc.record({
  maxOrderNotional: finiteOr(fc.integer({ min: 2_000, max: 200_000 })),
  maxPositionFraction: finiteOr(fraction(0.05, 3)),
  maxPositionNotional: finiteOr(fc.integer({ min: 5_000, max: 300_000 })),
  maxGrossExposure: finiteOr(fraction(0.1, 5)),
  maxNetExposure: finiteOr(fraction(0.1, 5)),
  maxOpenOrders: finiteOr(fc.integer({ min: 1, max: 6 })),
  maxOrdersPerSecond: finiteOr(fc.integer({ min: 1, max: 8 })),
  priceCollar: finiteOr(fraction(0.01, 0.2)),
  roundToIncrements: fc.boolean(),
});
const stepArbitrary = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.record({
      kind: fc.constant('order' as const),
      agent: fc.boolean(),
      instrument: fc.integer({ min: 0, max: 1 }),
      side: fc.constantFrom('buy' as const, 'sell' as const),
      market: fc.boolean(),
      /** log10 of the notional asked for, USD. */
      size: fraction(2, 5.5),
      /** Limit price relative to the mark. */
      offset: fraction(-0.15, 0.15),
      rest: fc.boolean(),
      milliseconds: fc.integer({ min: 0, max: 400 }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant('advance' as const), minutes: fc.integer({ min: 1, max: 720 }) }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('cancel' as const) }) },
);
const scenarioArbitrary = fc.record({
  limits: limitsArbitrary,
  capitalFraction: fraction(0.1, 1),
  /** The agent's limits: the global ones times this (looser or tighter; the account's limits judge its orders too). */
  agentFactor: fraction(0.2, 2),
  start: fc.integer({ min: 0, max: 40_000 }),
  steps: fc.array(stepArbitrary, { minLength: 10, maxLength: 80 }),
});

let closes: Float64Array;
beforeAll(async () => {
  closes = (await loadBars({ path: SAMPLE, instrumentId: BTC.id, timeframe: '1m' })).series.close;
});

const within = (value: number, limit: number) => value <= limit * (1 + SLACK) + 1e-6;
const grew = (after: number, before: number) => Math.abs(after) > Math.abs(before) * (1 + SLACK) + 1e-9;

/** Exposure figures of one owner (the account, or the agent's own book), valued at the marks. */
interface Book {
  position(instrument: Instrument): number;
  gross(): number;
  net(): number;
}

describe('RiskEngine limits, property', () => {
  it(
    'no accepted order breaches a limit: its collar and order notional; open orders and submits in the last 1,000 ms ' +
      'within their counts; and once filled at its price, for each of |position|, gross and |net| exposure that the ' +
      'fill grew: |position| × price ≤ maxPositionNotional and ≤ maxPositionFraction × equity, gross ≤ ' +
      'maxGrossExposure × equity, |net| ≤ maxNetExposure × equity — equity as at the check (× capitalFraction for ' +
      'the agent, judged on its own fills), the filled instrument valued at the fill price',
    () => {
      const seen = new Map<string, number>();
      let filled = 0;
      fc.assert(
        fc.property(scenarioArbitrary, (scenario) => {
          const global = riskLimits(OPEN_RISK_LIMITS, scenario.limits);
          const agentLimits = scaled(global, scenario.agentFactor);
          const h = new RiskTestHarness({
            instruments: INSTRUMENTS,
            cash: CASH,
            leverage: 5,
            policy: new RiskPolicy({
              limits: global,
              agents: { [AGENT]: { capitalFraction: scenario.capitalFraction, limits: agentLimits } },
            }),
          });
          let minute = scenario.start;
          const markAll = () => {
            h.mark(BTC, closes[minute % closes.length]!);
            h.mark(ETH, snapToIncrement(closes[(minute + 7_919) % closes.length]! / ETH_RATIO, 0.01, 2));
          };
          markAll();
          const agentPositions = new Map<string, number>();
          const account: Book = {
            position: (i) => h.portfolio.positionQuantity(i.id),
            gross: () => h.portfolio.grossExposure(),
            net: () => h.portfolio.netExposure(),
          };
          const agent: Book = {
            position: (i) => agentPositions.get(i.id) ?? 0,
            gross: () => INSTRUMENTS.reduce((s, i) => s + Math.abs(agent.position(i) * mark(h, i)), 0),
            net: () => INSTRUMENTS.reduce((s, i) => s + agent.position(i) * mark(h, i), 0),
          };
          const submitTimes: number[] = [];
          const agentSubmitTimes: number[] = [];
          for (const step of scenario.steps) {
            if (step.kind === 'advance') {
              minute += step.minutes;
              markAll();
              continue;
            }
            if (step.kind === 'cancel') {
              const oldest = h.cache.openOrderList[0];
              if (oldest !== undefined) h.cancel(h.cache.mutableOrder(oldest.clientOrderId)!);
              continue;
            }
            h.now += step.milliseconds;
            const instrument = INSTRUMENTS[step.instrument]!;
            const last = mark(h, instrument);
            // Off-grid values when the policy rounds them (normalize's job), on the grid otherwise.
            const round = (value: number, increment: number, precision: number) =>
              global.roundToIncrements ? value : floorToIncrement(value, increment, precision);
            const request = h.request({
              strategyId: step.agent ? AGENT : OTHER,
              instrumentId: instrument.id,
              side: step.side,
              type: step.market ? 'market' : 'limit',
              quantity: round(10 ** step.size / last, instrument.sizeIncrement, instrument.sizePrecision),
              price: step.market
                ? undefined
                : round(last * (1 + step.offset), instrument.priceIncrement, instrument.pricePrecision),
            });
            const order = createOrder(h.risk.normalize(request));
            h.cache.addOrder(order);
            const equity = h.portfolio.equity();
            const openBefore = h.cache.openOrderCount;
            const agentOpenBefore = h.cache.openOrderList.filter((o) => o.strategyId === AGENT).length;
            const denial = h.risk.check(order);
            if (denial !== undefined) {
              seen.set(denial.reason, (seen.get(denial.reason) ?? 0) + 1);
              applyOrderEvent(order, {
                type: 'OrderDenied',
                clientOrderId: order.clientOrderId,
                strategyId: order.strategyId,
                instrumentId: order.instrumentId,
                timestamp: h.now,
                ...denial,
              });
              continue;
            }
            const price = order.price ?? last;
            const owners: [RiskLimits, Book, number, number, number[]][] = [
              [global, account, equity, openBefore, submitTimes],
            ];
            if (step.agent)
              owners.push([agentLimits, agent, equity * scenario.capitalFraction, agentOpenBefore, agentSubmitTimes]);
            const what = `${order.side} ${order.quantity} ${instrument.symbol} at ${price} (last ${last})`;
            for (const [limits, , , open, times] of owners) {
              if (order.price !== undefined)
                expect(within(Math.abs(order.price - last), limits.priceCollar * last), `collar: ${what}`).toBe(true);
              expect(within(price * order.quantity, limits.maxOrderNotional), `order notional: ${what}`).toBe(true);
              expect(open, `open orders before ${what}`).toBeLessThan(limits.maxOpenOrders);
              times.push(h.now);
              const inLastSecond = times.filter((t) => t > h.now - 1_000).length;
              expect(inLastSecond, `submits in the last second at ${h.now}`).toBeLessThanOrEqual(
                limits.maxOrdersPerSecond,
              );
            }
            h.accept(order);
            if (step.rest && order.type === 'limit') continue;
            const before = owners.map(([, book]) => ({
              position: book.position(instrument),
              gross:
                book.gross() - Math.abs(book.position(instrument) * last) + Math.abs(book.position(instrument) * price),
              net: book.net() - book.position(instrument) * last + book.position(instrument) * price,
            }));
            const fill = h.fill(order, price);
            filled++;
            if (step.agent)
              agentPositions.set(
                instrument.id,
                agent.position(instrument) + (fill.side === 'buy' ? 1 : -1) * fill.lastQuantity,
              );
            owners.forEach(([limits, book, ownerEquity], k) => {
              const was = before[k]!;
              const position = book.position(instrument);
              const capital = Math.max(ownerEquity, 0);
              const who = `${k === 0 ? 'account' : 'agent'} after ${what}, equity ${ownerEquity}`;
              if (grew(position, was.position)) {
                const notional = Math.abs(position) * price;
                expect(within(notional, limits.maxPositionNotional), `position notional ${notional}, ${who}`).toBe(
                  true,
                );
                expect(within(notional, limits.maxPositionFraction * capital), `position ${notional}, ${who}`).toBe(
                  true,
                );
              }
              const gross = book.gross();
              if (grew(gross, was.gross))
                expect(within(gross, limits.maxGrossExposure * capital), `gross ${gross}, ${who}`).toBe(true);
              const net = book.net();
              if (grew(net, was.net))
                expect(within(Math.abs(net), limits.maxNetExposure * capital), `net ${net}, ${who}`).toBe(true);
            });
          }
        }),
        { seed: 20_220_101, numRuns: 400 },
      );
      // The property is worth something only if orders came near every limit: each denied some, and many filled.
      for (const reason of [
        'PRICE_COLLAR',
        'MAX_ORDER_NOTIONAL',
        'MAX_OPEN_ORDERS',
        'ORDER_RATE',
        'MAX_POSITION_NOTIONAL',
        'MAX_POSITION',
        'MAX_GROSS_EXPOSURE',
        'MAX_NET_EXPOSURE',
      ])
        expect(seen.get(reason) ?? 0, `orders denied ${reason} (all: ${JSON.stringify([...seen])})`).toBeGreaterThan(
          10,
        );
      expect(filled, 'filled orders').toBeGreaterThan(1_000);
    },
  );
});

const mark = (h: RiskTestHarness, instrument: Instrument): number => h.portfolio.position(instrument.id)!.lastPrice;

/** Limits `factor` times the given ones (counts rounded down, at least 1); `roundToIncrements` kept. */
function scaled(limits: RiskLimits, factor: number): RiskLimits {
  const out: Record<string, number | boolean> = { ...limits };
  for (const [name, value] of Object.entries(limits)) {
    if (typeof value !== 'number' || name === 'riskPerTrade') continue;
    out[name] =
      name === 'maxOpenOrders' || name === 'maxOrdersPerSecond'
        ? Math.max(1, Math.floor(value * factor))
        : value * factor;
  }
  return riskLimits(limits, out as Partial<RiskLimits>, 'agent limits');
}

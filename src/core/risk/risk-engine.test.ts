import { describe, expect, it } from 'vitest';
import { accountId, clientOrderId, strategyId } from '../model/ids.ts';
import { createInstrument } from '../model/instrument.ts';
import type { OrderRequest } from '../model/order.ts';
import { applyOrderEvent, createOrder } from '../model/order-state.ts';
import type { FeeSchedule } from '../simulation/fee-model.ts';
import { RiskTestHarness } from './risk-test-harness.ts';
import { OrderAction } from './state/gate-order.ts';

const INSTRUMENT = createInstrument({
  symbol: 'TEST',
  venue: 'SIM',
  kind: 'spot',
  baseCurrency: 'TST',
  quoteCurrency: 'USD',
  priceIncrement: 0.05,
  sizeIncrement: 0.1,
  minQuantity: 0.5,
  minNotional: 10,
});

function setup(
  options: { cash?: number; type?: 'cash' | 'margin'; leverage?: number; last?: number; fees?: FeeSchedule } = {},
) {
  const harness = new RiskTestHarness({
    instruments: [INSTRUMENT],
    cash: options.cash ?? 1_000,
    accountType: options.type ?? 'cash',
    leverage: options.leverage ?? 1,
    mark: options.last ?? 100,
    fees: options.fees,
  });
  return { cache: harness.cache, portfolio: harness.portfolio, risk: harness.risk, harness };
}

let current: RiskTestHarness | undefined;
/** An order of the instrument, from the harness of the last `setup` (market buy of 1 unless overridden). */
function request(overrides: Partial<OrderRequest> = {}): OrderRequest {
  current ??= setup().harness;
  return current.request(overrides);
}

describe('RiskEngine', () => {
  it('approves a well-formed order that the cash covers', () => {
    expect(setup().risk.check(request({ quantity: 9.9 })), '9.9 × 100 ≤ 1000').toBeUndefined();
  });

  it.each([
    ['an unknown instrument', { instrumentId: 'NOPE.SIM' as OrderRequest['instrumentId'] }, 'UNKNOWN_INSTRUMENT'],
    ['a zero quantity', { quantity: 0 }, 'INVALID_QUANTITY'],
    ['a NaN quantity', { quantity: Number.NaN }, 'INVALID_QUANTITY'],
    ['a quantity off the lot grid', { quantity: 1.05 }, 'QUANTITY_PRECISION'],
    ['a limit price off the tick grid', { type: 'limit', price: 99.99 }, 'PRICE_PRECISION'],
    ['a negative limit price', { type: 'limit', price: -5 }, 'INVALID_PRICE'],
    ['a limit without a price', { type: 'limit' }, 'MISSING_PRICE'],
    ['a stop without a trigger', { type: 'stop_market' }, 'MISSING_TRIGGER_PRICE'],
    ['a GTD without an expire time', { timeInForce: 'GTD' }, 'MISSING_EXPIRE_TIME'],
    ['a quantity below the minimum', { quantity: 0.4 }, 'BELOW_MIN_QUANTITY'],
    ['a notional below the minimum', { type: 'limit', price: 10, quantity: 0.5 }, 'BELOW_MIN_NOTIONAL'],
    ['more than the cash pays for', { quantity: 10.1 }, 'INSUFFICIENT_CASH'],
    ['a sell beyond the holding on a cash account', { side: 'sell' }, 'INSUFFICIENT_POSITION'],
    ['a reduce-only order on a flat position', { side: 'sell', reduceOnly: true }, 'REDUCE_ONLY_WOULD_INCREASE'],
    ['a marketable post-only limit', { type: 'limit', price: 100, postOnly: true }, 'POST_ONLY_WOULD_TAKE'],
  ] as const)('denies %s (%s)', (_, overrides, reason) => {
    const denial = setup().risk.check(request(overrides as Partial<OrderRequest>));
    expect(denial?.reason, JSON.stringify(overrides)).toBe(reason);
    expect(denial?.detail.length, 'the detail carries the numbers').toBeGreaterThan(0);
  });

  it('denies when no price is known yet', () => {
    expect(setup({ last: 0 }).risk.check(request())?.reason).toBe('NO_PRICE');
  });

  it('counts fees in the cash needed', () => {
    const { risk } = setup({ fees: { takerRate: 0.01, fixedPerOrder: 1 } });
    expect(risk.check(request({ quantity: 9.8 })), '980 × 1.01 + 1 = 990.8').toBeUndefined();
    expect(risk.check(request({ quantity: 9.9 }))?.reason, '990 × 1.01 + 1 = 1000.9 > 1000').toBe('INSUFFICIENT_CASH');
  });

  it('reserves the cash of open buy orders', () => {
    const { risk, cache } = setup();
    const resting = createOrder(request({ type: 'limit', price: 90, quantity: 6 }));
    cache.addOrder(resting);
    applyOrderEvent(resting, {
      type: 'OrderSubmitted',
      clientOrderId: resting.clientOrderId,
      strategyId: resting.strategyId,
      instrumentId: resting.instrumentId,
      timestamp: 0,
    });
    cache.indexOrder(resting);
    expect(risk.check(request({ quantity: 4.6 }))?.reason, '540 reserved + 460 = 1000 fits').toBeUndefined();
    expect(risk.check(request({ quantity: 4.7 }))?.reason, '540 reserved + 470 > 1000').toBe('INSUFFICIENT_CASH');
  });

  it('checks buying power on a margin account and lets shorts through', () => {
    const { risk } = setup({ type: 'margin', leverage: 2 });
    expect(risk.check(request({ side: 'sell', quantity: 20 })), 'a 2000 short on 1000 at 2×').toBeUndefined();
    expect(risk.check(request({ quantity: 20.1 }))?.reason, '2010 > 2 × 1000').toBe('INSUFFICIENT_MARGIN');
  });

  it('judges a modify on what it leaves to fill: a cash sell of 10 with 4 filled may be repriced while 6 are held', () => {
    const { risk, cache, portfolio } = setup();
    const resting = createOrder(request({ side: 'sell', type: 'limit', price: 120, quantity: 10 }));
    cache.addOrder(resting);
    resting.status = 'partially_filled';
    resting.filledQuantity = 4;
    cache.indexOrder(resting);
    portfolio.applyFill({
      type: 'OrderFilled',
      clientOrderId: clientOrderId('BUY-1'),
      strategyId: strategyId('S'),
      instrumentId: INSTRUMENT.id,
      timestamp: 0,
      venueOrderId: 'V-1' as never,
      tradeId: 'T-1' as never,
      accountId: accountId('A'),
      side: 'buy',
      lastQuantity: 6,
      lastPrice: 100,
      fee: 0,
      feeCurrency: 'USD' as never,
      liquiditySide: 'taker',
    } as never);
    const amended = { ...resting, price: 115 };
    expect(risk.check(amended, OrderAction.Modify), '6 left to sell, 6 held').toBeUndefined();
    expect(
      risk.check({ ...resting, price: 115, quantity: 11 }, OrderAction.Modify)?.reason,
      '7 left to sell, 6 held',
    ).toBe('INSUFFICIENT_POSITION');
  });
});

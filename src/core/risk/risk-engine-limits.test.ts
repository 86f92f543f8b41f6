import { describe, expect, it } from 'vitest';
import { strategyId } from '../model/ids.ts';
import { createInstrument } from '../model/instrument.ts';
import { OPEN_RISK_LIMITS, riskLimits } from './risk-limits.ts';
import { RiskTestHarness } from './risk-test-harness.ts';
import { OrderAction } from './state/gate-order.ts';

/**
 * Worked examples of each limit, with the numbers computed by hand. Unless a test says otherwise:
 * a margin account (leverage 5) with 10,000 USD and no position, so equity is 10,000; every
 * instrument marked (last price) at 100; prices on a 0.01 grid, quantities on a 0.01 grid.
 */
const spec = (symbol: string) =>
  createInstrument({
    symbol,
    venue: 'SIM',
    kind: 'perpetual',
    baseCurrency: symbol,
    quoteCurrency: 'USD',
    priceIncrement: 0.01,
    sizeIncrement: 0.01,
  });
const A = spec('AAA');
const B = spec('BBB');
const AGENT = strategyId('AGENT');
const OTHER = strategyId('OTHER');

describe('price collar (10% around the last price 100)', () => {
  const { risk, request } = bind(new RiskTestHarness({ instruments: [A], limits: { priceCollar: 0.1 } }));

  it('allows a limit exactly 10% away on either side: 110 and 90', () => {
    expect(risk.check(request({ type: 'limit', price: 110 })), '|110 − 100| = 10 = 10% of 100').toBeUndefined();
    expect(risk.check(request({ type: 'limit', price: 90, side: 'sell' })), '|90 − 100| = 10').toBeUndefined();
  });

  it('denies a limit beyond it, with the distance and the collar', () => {
    const above = risk.check(request({ type: 'limit', price: 110.01 }));
    expect(above?.reason).toBe('PRICE_COLLAR');
    expect(above?.detail).toBe('account: limit price 110.01 is 10.01% from the last price 100, collar 10%');
    const below = risk.check(request({ type: 'limit', price: 89.99, side: 'sell' }));
    expect(below?.detail, '|89.99 − 100| = 10.01%').toContain('limit price 89.99 is 10.01% from the last price 100');
  });

  it('does not collar market orders (they have no limit price)', () => {
    expect(risk.check(request({ quantity: 1 }))).toBeUndefined();
  });
});

describe('order notional (limit 1,000)', () => {
  const { risk, request } = bind(new RiskTestHarness({ instruments: [A], limits: { maxOrderNotional: 1_000 } }));

  it('allows 10 at the last price 100 (notional exactly 1,000) and denies 10.01 (1,001)', () => {
    expect(risk.check(request({ quantity: 10 }))).toBeUndefined();
    const denial = risk.check(request({ quantity: 10.01 }));
    expect(denial?.reason).toBe('MAX_ORDER_NOTIONAL');
    expect(denial?.detail).toBe('account: order notional 1001 > limit 1000');
  });

  it("values a limit order at its own price: 10.1 × 99 = 999.9 passes, 10.1 × 99.01 = 1,000.001 doesn't", () => {
    expect(risk.check(request({ type: 'limit', price: 99, quantity: 10.1 }))).toBeUndefined();
    expect(risk.check(request({ type: 'limit', price: 99.01, quantity: 10.1 }))?.detail).toContain(
      'order notional 1000.001 > limit 1000',
    );
  });
});

describe('open orders (limit 3)', () => {
  it('denies the fourth working order but not a modify of a working one', () => {
    const h = new RiskTestHarness({ instruments: [A], limits: { maxOpenOrders: 3 } });
    const working = [1, 2].map(() => h.work(h.request({ type: 'limit', price: 95 })));
    expect(h.risk.check(h.request()), '2 working: a third may go').toBeUndefined();
    working.push(h.work(h.request({ type: 'limit', price: 95 })));
    const denial = h.risk.check(h.request());
    expect(denial?.reason).toBe('MAX_OPEN_ORDERS');
    expect(denial?.detail).toBe('account: 3 orders working, limit 3');
    expect(
      h.risk.check({ ...working[0]!, price: 96 }, OrderAction.Modify),
      'a modify replaces a working order, it adds none',
    ).toBeUndefined();
    h.cancel(working[2]!);
    expect(h.risk.check(h.request()), 'a cancel frees a place').toBeUndefined();
  });
});

describe('order rate (5 submits or modifies per second)', () => {
  it('allows 5 in a second, denies the 6th, and allows 5 more 1,000 ms after the first ones', () => {
    const h = new RiskTestHarness({ instruments: [A], limits: { maxOrdersPerSecond: 5 } });
    for (let i = 0; i < 5; i++) expect(h.risk.check(h.request()), `submit ${i + 1} at 0 ms`).toBeUndefined();
    h.now = 999;
    const denial = h.risk.check(h.request());
    expect(denial?.reason, 'the 6th within the second').toBe('ORDER_RATE');
    expect(denial?.detail).toBe('account: 5 submits and modifies in the last second, limit 5 per second');
    h.now = 1_000;
    for (let i = 0; i < 5; i++) expect(h.risk.check(h.request()), `submit ${i + 1} at 1,000 ms`).toBeUndefined();
    expect(h.risk.check(h.request())?.reason, 'the 6th at 1,000 ms').toBe('ORDER_RATE');
  });

  it('counts modifies: 3 submits and 2 modifies fill the second', () => {
    const h = new RiskTestHarness({ instruments: [A], limits: { maxOrdersPerSecond: 5 } });
    const working = h.work(h.request({ type: 'limit', price: 95 }));
    for (let i = 0; i < 3; i++) expect(h.risk.check(h.request())).toBeUndefined();
    expect(h.risk.check({ ...working, price: 96 }, OrderAction.Modify)).toBeUndefined();
    expect(h.risk.check({ ...working, price: 97 }, OrderAction.Modify)).toBeUndefined();
    expect(h.risk.check({ ...working, price: 98 }, OrderAction.Modify)?.reason, 'a 3rd modify').toBe('ORDER_RATE');
    expect(h.risk.check(h.request())?.reason, 'a 4th submit').toBe('ORDER_RATE');
  });

  it('does not count an order denied by a later check', () => {
    const h = new RiskTestHarness({ instruments: [A], leverage: 1, limits: { maxOrdersPerSecond: 1 } });
    expect(h.risk.check(h.request({ quantity: 100.01 }))?.reason, '10,001 > buying power 10,000').toBe(
      'INSUFFICIENT_MARGIN',
    );
    expect(h.risk.check(h.request()), 'the denied order used no place').toBeUndefined();
  });
});

describe('position fraction (10% of equity 10,000 = notional 1,000)', () => {
  it('counts same-side working orders: 5 working + 5 = 1,000 passes, 5 working + 5.01 = 1,001 is denied', () => {
    const h = new RiskTestHarness({ instruments: [A], limits: { maxPositionFraction: 0.1 } });
    h.work(h.request({ type: 'limit', price: 100, quantity: 5 }));
    h.work(h.request({ type: 'limit', price: 100, quantity: 7, side: 'sell' }));
    expect(h.risk.check(h.request({ quantity: 5 })), '(0 + 5 + 5) × 100 = 1,000; the sell is not netted').toBe(
      undefined,
    );
    const denial = h.risk.check(h.request({ quantity: 5.01 }));
    expect(denial?.reason).toBe('MAX_POSITION');
    expect(denial?.detail).toBe('account: position would reach 1001 = 10.01% of equity 10000, limit 10%');
  });

  it('allows a sell that shrinks a long already over the limit, and denies what grows it or flips it too far', () => {
    const h = new RiskTestHarness({ instruments: [A] });
    h.fill(h.request({ quantity: 20 }), 100); // long 20 × 100 = 2,000 = 20% of equity 10,000
    expect(h.portfolio.equity()).toBe(10_000);
    h.risk.applyPolicyChange({
      limits: { maxPositionFraction: 0.1 },
      by: 'test',
      reason: 'tighten below the position',
    });
    expect(h.risk.check(h.request({ side: 'sell', quantity: 5 })), 'long 20 → 15 shrinks').toBeUndefined();
    expect(h.risk.check(h.request({ side: 'sell', quantity: 40 })), 'long 20 → short 20: |20| not grown').toBe(
      undefined,
    );
    expect(h.risk.check(h.request({ quantity: 0.01 }))?.detail).toBe(
      'account: position would reach 2001 = 20.01% of equity 10000, limit 10%',
    );
    expect(h.risk.check(h.request({ side: 'sell', quantity: 40.01 }))?.detail, 'short 20.01 grows |20|').toBe(
      'account: position would reach 2001 = 20.01% of equity 10000, limit 10%',
    );
  });

  it('absolute position notional (limit 1,500): 15 × 100 passes, 15.01 × 100 is denied', () => {
    const h = new RiskTestHarness({ instruments: [A], limits: { maxPositionNotional: 1_500 } });
    expect(h.risk.check(h.request({ quantity: 15 }))).toBeUndefined();
    expect(h.risk.check(h.request({ quantity: 15.01 }))?.detail).toBe(
      'account: position would reach 1501 (15.01 at 100), limit 1500',
    );
  });
});

describe('gross (50%) and net (30%) exposure across two instruments, equity 10,000', () => {
  const setup = () => {
    const h = new RiskTestHarness({ instruments: [A, B], limits: { maxGrossExposure: 0.5, maxNetExposure: 0.3 } });
    h.fill(h.request({ instrumentId: A.id, quantity: 20 }), 100); // long A: 2,000 gross, +2,000 net
    return h;
  };

  it('a short in B that hedges A: gross 2,000 + 2,000 = 4,000 ≤ 5,000, net 0', () => {
    const h = setup();
    expect(h.risk.check(h.request({ instrumentId: B.id, side: 'sell', quantity: 20 }))).toBeUndefined();
  });

  it('net: buying 10 B reaches net 3,000 (allowed), 10.01 B reaches 3,001 (denied)', () => {
    const h = setup();
    expect(h.risk.check(h.request({ instrumentId: B.id, quantity: 10 }))).toBeUndefined();
    const denial = h.risk.check(h.request({ instrumentId: B.id, quantity: 10.01 }));
    expect(denial?.reason).toBe('MAX_NET_EXPOSURE');
    expect(denial?.detail).toBe('account: net exposure would reach 3001 = 30.01% of equity 10000, limit 30%');
  });

  it('gross: selling 30 B reaches gross 5,000 (allowed), 30.01 B reaches 5,001 (denied) though net shrinks', () => {
    const h = setup();
    expect(h.risk.check(h.request({ instrumentId: B.id, side: 'sell', quantity: 30 }))).toBeUndefined();
    const denial = h.risk.check(h.request({ instrumentId: B.id, side: 'sell', quantity: 30.01 }));
    expect(denial?.reason).toBe('MAX_GROSS_EXPOSURE');
    expect(denial?.detail).toBe('account: gross exposure would reach 5001 = 50.01% of equity 10000, limit 50%');
  });

  it('values the held instrument at the mark: A marked at 150 makes 3,000 net, so no B may be bought', () => {
    const h = setup();
    h.mark(A, 150);
    expect(h.portfolio.equity(), '10,000 + 20 × 50').toBe(11_000);
    expect(h.risk.check(h.request({ instrumentId: B.id, quantity: 3 })), '3,000 + 300 ≤ 3,300').toBeUndefined();
    expect(h.risk.check(h.request({ instrumentId: B.id, quantity: 3.01 }))?.detail).toBe(
      'account: net exposure would reach 3301 = 30.00909091% of equity 11000, limit 30%',
    );
  });
});

describe('an agent with half the capital (capitalFraction 0.5, position ≤ 20% of its 5,000)', () => {
  const setup = () =>
    new RiskTestHarness({
      instruments: [A],
      limits: { maxPositionFraction: 0.5 },
      agents: { [AGENT]: { capitalFraction: 0.5, limits: riskLimits(OPEN_RISK_LIMITS, { maxPositionFraction: 0.2 }) } },
    });

  it('is judged on its own capital: 10 × 100 = 1,000 = 20% of 5,000 passes, 10.01 is denied', () => {
    const h = setup();
    expect(h.risk.check(h.request({ strategyId: AGENT, quantity: 10 }))).toBeUndefined();
    const denial = h.risk.check(h.request({ strategyId: AGENT, quantity: 10.01 }));
    expect(denial?.reason).toBe('MAX_POSITION');
    expect(denial?.detail).toBe('agent AGENT: position would reach 1001 = 20.02% of equity 5000, limit 20%');
    expect(h.risk.check(h.request({ strategyId: OTHER, quantity: 10.01 })), 'another strategy: 10% of 10,000').toBe(
      undefined,
    );
  });

  it('is judged on its own fills: after buying 8 it may add 2, not 2.01; the other strategy’s fills do not count', () => {
    const h = setup();
    h.fill(h.request({ strategyId: AGENT, quantity: 8 }), 100);
    h.fill(h.request({ strategyId: OTHER, quantity: 10 }), 100);
    expect(h.risk.check(h.request({ strategyId: AGENT, quantity: 2 })), 'agent 8 + 2 = 10 → 1,000').toBeUndefined();
    expect(h.risk.check(h.request({ strategyId: AGENT, quantity: 2.01 }))?.detail).toBe(
      'agent AGENT: position would reach 1001 = 20.02% of equity 5000, limit 20%',
    );
  });

  it('still obeys the account limits: with the account long 45, the agent may not buy 6 (account 5,100 > 5,000)', () => {
    const h = setup();
    h.fill(h.request({ strategyId: OTHER, quantity: 45 }), 100);
    expect(h.risk.check(h.request({ strategyId: AGENT, quantity: 5 })), 'account 50 × 100 = 5,000').toBeUndefined();
    expect(h.risk.check(h.request({ strategyId: AGENT, quantity: 6 }))?.detail).toBe(
      'account: position would reach 5100 = 51% of equity 10000, limit 50%',
    );
  });
});

describe('normalize with roundToIncrements (price grid 0.5, size grid 0.1, minimum quantity 0.1)', () => {
  const C = createInstrument({
    symbol: 'CCC',
    venue: 'SIM',
    kind: 'perpetual',
    baseCurrency: 'CCC',
    quoteCurrency: 'USD',
    priceIncrement: 0.5,
    sizeIncrement: 0.1,
  });
  const { risk, request } = bind(new RiskTestHarness({ instruments: [C], limits: { roundToIncrements: true } }));

  it('rounds the quantity down, a buy limit down and a sell limit up (never more aggressive than asked)', () => {
    const buy = risk.normalize(request({ type: 'limit', price: 100.3, quantity: 1.29 }));
    expect([buy.quantity, buy.price]).toEqual([1.2, 100]);
    const sell = risk.normalize(request({ type: 'limit', side: 'sell', price: 100.3, quantity: 1.29 }));
    expect([sell.quantity, sell.price]).toEqual([1.2, 100.5]);
    expect(risk.check(buy)).toBeUndefined();
    expect(risk.check(sell)).toBeUndefined();
  });

  it('rounds a trigger to the nearest tick: 100.3 → 100.5, 100.2 → 100', () => {
    expect(risk.normalize(request({ type: 'stop_market', triggerPrice: 100.3 })).triggerPrice).toBe(100.5);
    expect(risk.normalize(request({ type: 'stop_market', triggerPrice: 100.2 })).triggerPrice).toBe(100);
  });

  it('returns an order already on the grid as it is', () => {
    const onGrid = request({ type: 'limit', price: 100.5, quantity: 1.2 });
    expect(risk.normalize(onGrid)).toBe(onGrid);
  });

  it('denies a quantity that rounds to 0', () => {
    const rounded = risk.normalize(request({ quantity: 0.09 }));
    expect(rounded.quantity).toBe(0);
    expect(risk.check(rounded)).toEqual({ reason: 'INVALID_QUANTITY', detail: 'quantity 0 must be a positive number' });
  });

  it('without roundToIncrements, leaves the order alone and the check denies it', () => {
    const strict = new RiskTestHarness({ instruments: [C] });
    const off = strict.request({ type: 'limit', price: 100.3, quantity: 1.2 });
    expect(strict.risk.normalize(off)).toBe(off);
    expect(strict.risk.check(off)?.detail).toBe('price 100.3 is not a multiple of the price increment 0.5');
  });
});

/** The harness's engine and request factory as plain functions (for `const { risk, request } = …`). */
function bind(h: RiskTestHarness) {
  return { risk: h.risk, request: h.request.bind(h) };
}

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { currency } from '../model/currency.ts';
import type { OrderFilled } from '../model/events.ts';
import { accountId, clientOrderId, currencyCode, strategyId, tradeId, venueOrderId } from '../model/ids.ts';
import { createInstrument, type Instrument } from '../model/instrument.ts';
import type { OrderSide } from '../model/order.ts';
import { testInstrument } from '../testing/fixtures.ts';
import { Account } from './account.ts';
import { Portfolio } from './portfolio.ts';

const INSTRUMENT = testInstrument({ sizeIncrement: 0.01 });

let tradeSequence = 0;

function fill(
  side: OrderSide,
  quantity: number,
  price: number,
  fee = 0,
  timestamp = 0,
  instrument = INSTRUMENT,
): OrderFilled {
  tradeSequence++;
  return {
    type: 'OrderFilled',
    clientOrderId: clientOrderId(`S-${tradeSequence}`),
    strategyId: strategyId('S'),
    instrumentId: instrument.id,
    timestamp,
    venueOrderId: venueOrderId(`V-${tradeSequence}`),
    tradeId: tradeId(`T-${tradeSequence}`),
    accountId: accountId('A'),
    side,
    lastQuantity: quantity,
    lastPrice: price,
    fee,
    feeCurrency: currencyCode('USD'),
    liquiditySide: 'taker',
    slippage: 0,
  };
}

function portfolio(cash = 10_000, type: 'cash' | 'margin' = 'margin'): Portfolio {
  const account = new Account(accountId('A'), type, currency('USD'));
  if (cash > 0) account.deposit(cash, 'USD', 0);
  const p = new Portfolio(account);
  p.register(INSTRUMENT);
  return p;
}

const mark = (p: Portfolio, price: number, instrument: Instrument = INSTRUMENT) =>
  p.mark(p.indexOf(instrument.id), price);

describe('Portfolio and Position accounting', () => {
  it('long round trip: realized = (exit − entry) × quantity, fees charged on both legs', () => {
    const p = portfolio();
    p.applyFill(fill('buy', 10, 100, 1, 1_000));
    expect(p.cash(), '10 000 − 1 000 − 1').toBeCloseTo(8_999, 9);
    expect(p.positionQuantity(INSTRUMENT.id)).toBe(10);
    expect(p.position(INSTRUMENT.id)!.averageEntryPrice).toBe(100);
    mark(p, 105);
    expect(p.unrealizedPnl(), '10 × (105 − 100)').toBeCloseTo(50, 9);
    expect(p.equity(), '8 999 + 10 × 105').toBeCloseTo(10_049, 9);
    const out = p.applyFill(fill('sell', 10, 110, 1.1, 2_000));
    expect(out.closed).toBe(true);
    expect(p.realizedPnl(), 'gross: 10 × 10').toBeCloseTo(100, 9);
    expect(p.cash(), '8 999 + 1 100 − 1.1').toBeCloseTo(10_097.9, 9);
    expect(p.equity(), 'flat: equity is cash').toBeCloseTo(10_097.9, 9);
    expect(p.account.feesMinor, '2.10 USD in cents').toBe(210);
    expect(p.roundTrips).toHaveLength(1);
    const trip = p.roundTrips[0];
    expect(trip).toMatchObject({ side: 'long', entryTime: 1_000, exitTime: 2_000, quantity: 10 });
    expect(trip.entryPrice).toBeCloseTo(100, 9);
    expect(trip.exitPrice).toBe(110);
    expect(trip.grossPnl).toBeCloseTo(100, 9);
    expect(trip.fees, 'entry fee 1 + exit fee 1.1').toBeCloseTo(2.1, 9);
    expect(trip.pnl, '100 − 2.1').toBeCloseTo(97.9, 9);
    expect(p.hasOpenPositions).toBe(false);
  });

  it('short round trip: realized = (entry − exit) × quantity', () => {
    const p = portfolio();
    const opened = p.applyFill(fill('sell', 5, 200, 0.5));
    expect(opened.opened).toBe(true);
    expect(p.positionQuantity(INSTRUMENT.id)).toBe(-5);
    expect(p.cash(), 'short sale proceeds are cash: 10 000 + 1 000 − 0.5').toBeCloseTo(10_999.5, 9);
    mark(p, 210);
    expect(p.unrealizedPnl(), 'short 5 loses 10 each').toBeCloseTo(-50, 9);
    expect(p.equity(), '10 999.5 − 5 × 210').toBeCloseTo(9_949.5, 9);
    expect(p.grossExposure()).toBeCloseTo(1_050, 9);
    expect(p.netExposure()).toBeCloseTo(-1_050, 9);
    p.applyFill(fill('buy', 5, 190, 0.5));
    expect(p.realizedPnl(), '5 × (200 − 190)').toBeCloseTo(50, 9);
    expect(p.equity(), '10 000 + 50 − 1').toBeCloseTo(10_049, 9);
    expect(p.roundTrips[0]).toMatchObject({ side: 'short', quantity: 5 });
    expect(p.roundTrips[0].pnl).toBeCloseTo(49, 9);
  });

  it('average cost over several buys; a partial close realizes on the average and keeps it for the rest', () => {
    const p = portfolio();
    p.applyFill(fill('buy', 1, 100));
    p.applyFill(fill('buy', 3, 104));
    const position = p.position(INSTRUMENT.id)!;
    expect(position.averageEntryPrice, '(100 + 312) / 4').toBeCloseTo(103, 9);
    p.applyFill(fill('sell', 2, 110));
    expect(p.realizedPnl(), '2 × (110 − 103)').toBeCloseTo(14, 9);
    expect(position.quantity).toBe(2);
    expect(position.averageEntryPrice, 'a partial close does not move the average').toBeCloseTo(103, 9);
    mark(p, 100);
    expect(p.unrealizedPnl(), '2 × (100 − 103)').toBeCloseTo(-6, 9);
    expect(p.roundTrips.map((t) => t.quantity)).toEqual([2]);
  });

  it('reports the fill price itself as the average entry while every fill of the open quantity had one price', () => {
    const p = portfolio();
    p.applyFill(fill('buy', 0.1, 47_132));
    const position = p.position(INSTRUMENT.id)!;
    expect(4_713.2 / 0.1, 'what the cost basis over the quantity gives').not.toBe(47_132);
    expect(position.averageEntryPrice, 'exactly the fill price').toBe(47_132);
    p.applyFill(fill('buy', 0.2, 47_132));
    expect(position.averageEntryPrice, 'a second fill at the same price keeps it').toBe(47_132);
    p.applyFill(fill('sell', 0.1, 47_500));
    expect(p.roundTrips[0]!.entryPrice, 'the closed part entered at exactly that price').toBe(47_132);
    expect(position.averageEntryPrice, 'a partial close keeps it').toBe(47_132);
    p.applyFill(fill('buy', 0.1, 47_000));
    expect(
      position.averageEntryPrice,
      'fills at two prices: the weighted average (0.2 × 47,132 + 0.1 × 47,000) / 0.3',
    ).toBeCloseTo(47_088, 9);
    p.applyFill(fill('sell', 0.3, 47_000));
    expect(position.quantity).toBe(0);
    p.applyFill(fill('sell', 0.1, 46_900.3));
    expect(position.averageEntryPrice, 'a new position starts over from its own fill').toBe(46_900.3);
  });

  it('partial close splits the entry fee pro rata between the closed and the open part', () => {
    const p = portfolio();
    p.applyFill(fill('buy', 4, 100, 4));
    p.applyFill(fill('sell', 1, 110, 0.5));
    expect(p.realizedPnl()).toBeCloseTo(10, 9);
    expect(p.roundTrips[0].fees, 'a quarter of the entry fee 4, plus the exit fee').toBeCloseTo(1.5, 9);
    expect(p.roundTrips[0].pnl).toBeCloseTo(8.5, 9);
    p.applyFill(fill('sell', 3, 90, 0));
    expect(p.roundTrips[1].fees, 'the other three quarters').toBeCloseTo(3, 9);
    expect(p.roundTrips[1].grossPnl, '3 × (90 − 100)').toBeCloseTo(-30, 9);
  });

  it('flips a position: the fill first closes the long, then opens a short with the rest', () => {
    const p = portfolio();
    p.applyFill(fill('buy', 2, 100, 0, 1_000));
    const flip = p.applyFill(fill('sell', 3, 90, 3, 2_000));
    expect(flip.opened || flip.closed, 'neither opened from flat nor closed to flat').toBe(false);
    expect(flip.realizedMinor, '2 × (90 − 100) = −20 USD').toBe(-2_000);
    const position = p.position(INSTRUMENT.id)!;
    expect(position.quantity).toBe(-1);
    expect(position.averageEntryPrice, 'the new short was opened at 90').toBeCloseTo(90, 9);
    expect(position.openedAt, 'the short opened at the flip').toBe(2_000);
    expect(p.roundTrips[0]).toMatchObject({ side: 'long', quantity: 2 });
    expect(p.roundTrips[0].fees, 'two thirds of the flip fee belong to the closing part').toBeCloseTo(2, 9);
    expect(p.hasOpenPositions, 'still in the market').toBe(true);
    p.applyFill(fill('buy', 1, 80, 0, 3_000));
    expect(p.realizedPnl(), '−20 + 1 × (90 − 80)').toBeCloseTo(-10, 9);
    expect(p.roundTrips[1]).toMatchObject({ side: 'short', quantity: 1, entryTime: 2_000, exitTime: 3_000 });
    expect(p.roundTrips[1].fees, 'the remaining third of the flip fee').toBeCloseTo(1, 9);
    expect(p.positionQuantity(INSTRUMENT.id)).toBe(0);
    expect(p.equity(), '10 000 − 10 realized − 3 fees').toBeCloseTo(9_987, 9);
  });

  it('keeps the cost basis of a fully closed position at exactly zero (no drift from decimal quantities)', () => {
    const p = portfolio();
    for (const q of [0.1, 0.2, 0.07]) p.applyFill(fill('buy', q, 123.45));
    p.applyFill(fill('sell', 0.37, 130.01));
    const position = p.position(INSTRUMENT.id)!;
    expect(position.quantity).toBe(0);
    expect(position.costBasisMinor).toBe(0);
    expect(position.unrealizedPnl).toBe(0);
    expect(p.hasOpenPositions).toBe(false);
  });

  it('refuses an instrument quoted in another currency', () => {
    const p = portfolio();
    const eur = createInstrument({
      symbol: 'E',
      venue: 'SIM',
      kind: 'spot',
      baseCurrency: 'E',
      quoteCurrency: 'EUR',
      priceIncrement: 0.01,
      sizeIncrement: 1,
    });
    expect(() => p.register(eur)).toThrow(/quoted in EUR/);
    expect(() => p.applyFill(fill('buy', 1, 1, 0, 0, eur))).toThrow(/unknown instrument/);
  });
});

describe('Account deposits and withdrawals', () => {
  it('deposits and withdraws in minor units and keeps a ledger', () => {
    const account = new Account(accountId('A'), 'cash', currency('USD'));
    account.deposit(1_000.1, 'USD', 1);
    expect(account.withdraw(400.05, 'USD', 2)).toBe(true);
    expect(account.balance(), '1000.10 − 400.05').toBeCloseTo(600.05, 9);
    expect(account.depositsMinor).toBe(100_010);
    expect(account.withdrawalsMinor).toBe(40_005);
    expect(account.ledger.map((e) => [e.kind, e.amountMinor])).toEqual([
      ['deposit', 100_010],
      ['withdrawal', -40_005],
    ]);
  });

  it('a withdrawal above the balance returns false and changes nothing', () => {
    const account = new Account(accountId('A'), 'cash', currency('USD'));
    account.deposit(100, 'USD', 1);
    const ledger = account.ledger.length;
    expect(account.withdraw(100.01, 'USD', 2), 'one cent too much').toBe(false);
    expect(account.balance()).toBe(100);
    expect(account.withdrawalsMinor).toBe(0);
    expect(account.ledger.length, 'no ledger entry').toBe(ledger);
    expect(account.withdraw(100, 'USD', 3), 'the whole balance may go').toBe(true);
    expect(account.balance()).toBe(0);
  });

  it('rejects non-positive or non-finite amounts and invalid leverage', () => {
    const account = new Account(accountId('A'), 'margin', currency('USD'), 2);
    expect(() => account.deposit(0, 'USD', 0)).toThrow();
    expect(() => account.deposit(-5, 'USD', 0)).toThrow();
    expect(() => account.deposit(Number.NaN, 'USD', 0)).toThrow();
    expect(() => account.withdraw(Number.POSITIVE_INFINITY, 'USD', 0)).toThrow();
    expect(() => new Account(accountId('B'), 'cash', currency('USD'), 2), 'a cash account has leverage 1').toThrow();
    expect(() => new Account(accountId('C'), 'margin', currency('USD'), 0.5)).toThrow();
  });

  it('keeps other currencies apart from the base balance', () => {
    const account = new Account(accountId('A'), 'cash', currency('USD'));
    account.deposit(0.5, 'BTC', 1);
    expect(account.balance('BTC')).toBe(0.5);
    expect(account.balance(), 'the base balance is untouched').toBe(0);
    expect(account.depositsMinor, 'only base-currency deposits count toward equity').toBe(0);
    expect(account.withdraw(0.6, 'BTC', 2)).toBe(false);
    expect(account.balancesByCurrency()).toEqual({ USD: 0, BTC: 0.5 });
  });

  it('deposits and withdrawals move equity one for one', () => {
    const p = portfolio(1_000);
    p.applyFill(fill('buy', 2, 100));
    mark(p, 120);
    const before = p.equity();
    p.account.deposit(250, 'USD', 5);
    expect(p.equity() - before).toBeCloseTo(250, 9);
    expect(p.account.withdraw(5_000, 'USD', 6), 'more than the cash').toBe(false);
    expect(p.account.withdraw(50, 'USD', 6)).toBe(true);
    expect(p.equity() - before).toBeCloseTo(200, 9);
  });
});

describe('accounting properties over random fill sequences', () => {
  const step = fc.record({
    side: fc.constantFrom<OrderSide>('buy', 'sell'),
    /** Hundredths of a unit (the size increment 0.01). */
    units: fc.integer({ min: 1, max: 500 }),
    /** Cents (the price increment 0.01). */
    cents: fc.integer({ min: 100, max: 50_000 }),
    feeCents: fc.integer({ min: 0, max: 300 }),
    markCents: fc.integer({ min: 100, max: 50_000 }),
    cashFlow: fc.integer({ min: -20_000, max: 20_000 }),
  });

  it('identities hold after every fill: equity, cash, realized PnL, fees, position quantity', () => {
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 40 }), (steps) => {
        const p = portfolio(100_000);
        let deposits = 100_000;
        let withdrawals = 0;
        let fees = 0;
        let quantityUnits = 0; // reference position in hundredths
        let cashRef = 100_000; // reference cash, unrounded
        let realizedRef = 0; // reference average-cost realized PnL
        let costRef = 0; // reference cost of the open quantity (always ≥ 0)
        steps.forEach((s, i) => {
          const quantity = s.units / 100;
          const price = s.cents / 100;
          const fee = s.feeCents / 100;
          p.applyFill(fill(s.side, quantity, price, fee, i));
          // Reference model: signed units, average cost.
          const sign = s.side === 'buy' ? 1 : -1;
          const open = Math.abs(quantityUnits);
          const reducing = quantityUnits !== 0 && Math.sign(quantityUnits) !== sign ? Math.min(s.units, open) : 0;
          if (reducing > 0) {
            const closedCost = (costRef * reducing) / open;
            const proceeds = (price * reducing) / 100;
            realizedRef += quantityUnits > 0 ? proceeds - closedCost : closedCost - proceeds;
            costRef -= closedCost;
          }
          costRef += (price * (s.units - reducing)) / 100;
          quantityUnits += sign * s.units;
          cashRef -= sign * price * quantity + fee;
          fees += fee;
          // Cash movements between fills.
          if (s.cashFlow > 0) {
            p.account.deposit(s.cashFlow, 'USD', i);
            deposits += s.cashFlow;
            cashRef += s.cashFlow;
          } else if (s.cashFlow < 0) {
            const cashBefore = p.cash();
            const ok = p.account.withdraw(-s.cashFlow, 'USD', i);
            expect(ok, 'a withdrawal succeeds exactly when the balance covers it').toBe(
              -s.cashFlow * 100 <= Math.round(cashBefore * 100),
            );
            if (!ok) expect(p.cash(), 'a refused withdrawal changes nothing').toBe(cashBefore);
            if (ok) {
              withdrawals += -s.cashFlow;
              cashRef -= -s.cashFlow;
            }
          }
          mark(p, s.markCents / 100);
          const markPrice = s.markCents / 100;
          const position = p.position(INSTRUMENT.id)!;
          const tolerance = 1e-6 * Math.max(1, Math.abs(p.equity()));
          // Notionals are rounded to the cent (a flip's closing and opening parts separately): the
          // unrounded reference drifts by at most 1 cent a fill.
          const rounding = 0.01 * (i + 1) + 1e-6;
          expect(position.quantity, 'position = Σ signed fill quantities').toBeCloseTo(quantityUnits / 100, 9);
          expect(Math.abs(p.cash() - cashRef), 'cash follows the fills and cash flows').toBeLessThanOrEqual(rounding);
          expect(
            Math.abs(p.equity() - (p.cash() + position.quantity * markPrice)),
            'equity = cash + Σ quantity × mark',
          ).toBeLessThanOrEqual(tolerance);
          expect(
            Math.abs(p.equity() - (deposits - withdrawals + p.realizedPnl() - fees + p.unrealizedPnl())),
            'equity = deposits − withdrawals + realized − fees + unrealized',
          ).toBeLessThanOrEqual(tolerance);
          expect(p.account.feesMinor, 'fees conserved: Σ fill fees = account fees').toBe(Math.round(fees * 100));
          expect(Math.abs(p.realizedPnl() - realizedRef), 'realized matches average cost').toBeLessThanOrEqual(
            rounding,
          );
          const tripsMinor = p.roundTrips.reduce((sum, t) => sum + Math.round(t.grossPnl * 100), 0);
          expect(tripsMinor, 'realized PnL = Σ gross PnL of the round trips, to the cent').toBe(
            position.realizedPnlMinor,
          );
          const tripFeesMinor = p.roundTrips.reduce((sum, t) => sum + Math.round(t.fees * 100), 0);
          expect(
            tripFeesMinor + position.openFeesMinor,
            'every fee cent is in a round trip or in the open position',
          ).toBe(p.account.feesMinor);
          expect(position.costBasisMinor, 'basis is never negative').toBeGreaterThanOrEqual(0);
          if (position.quantity === 0) expect(position.costBasisMinor, 'a flat position has no basis').toBe(0);
          expect(p.hasOpenPositions).toBe(position.quantity !== 0);
        });
      }),
      { numRuns: 300 },
    );
  });
});

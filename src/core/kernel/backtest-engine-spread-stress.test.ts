import { describe, expect, it } from 'vitest';
import type { QuoteSeries, QuoteTick } from '../model/data.ts';
import type { OrderEvent } from '../model/events.ts';
import type { Strategy } from '../strategy/strategy.ts';
import type { StrategyContext } from '../strategy/strategy-context.ts';
import { type QuoteRow, quoteSeriesFromRows, scriptedEngine, T0, testInstrument } from '../testing/fixtures.ts';

const INSTRUMENT = testInstrument();
const ID = INSTRUMENT.id;
const SECOND = 1_000;

/** One quote a second around 100: a 2-cent spread, except `[from, to)` quoted `wide` cents wide. */
function quotes(count: number, wideFrom: number, wideTo: number, wide: number): QuoteSeries {
  const half = (i: number) => (i >= wideFrom && i < wideTo ? wide : 2) / 200;
  const rows = Array.from({ length: count }, (_, i): QuoteRow => [i * SECOND, 100 - half(i), 100 + half(i)]);
  return quoteSeriesFromRows(rows, INSTRUMENT);
}

/** Buys 1 on every quote listed in `buyOn` (by index) and keeps what happens to the orders. */
class Buyer implements Strategy {
  readonly denied: number[] = [];
  readonly accepted: number[] = [];
  private index = -1;
  constructor(private readonly buyOn: ReadonlySet<number>) {}
  onStart(context: StrategyContext): void {
    context.subscribeQuotes(ID);
  }
  onQuote(_quote: QuoteTick, context: StrategyContext): void {
    this.index++;
    if (this.buyOn.has(this.index))
      context.submitOrder(
        context.orders.market({ instrumentId: ID, side: 'buy', quantity: 1, tags: [`q${this.index}`] }),
      );
  }
  onOrderEvent(event: OrderEvent): void {
    const at = (event.timestamp - T0) / SECOND;
    if (event.type === 'OrderDenied') this.denied.push(at);
    if (event.type === 'OrderAccepted') this.accepted.push(Math.floor(at));
  }
}

describe('spread-stress circuit breaker on quotes', () => {
  const settings = { tripMultiple: 3, releaseMultiple: 1.5, window: 20, minQuotes: 20, minHoldMs: 10 * SECOND };

  it('moves trading to REDUCING while the spread is wide, before the strategy sees the quote, and back after the hold', () => {
    // Quotes 0–29 at 2 cents, 30–34 at 10 cents (5 × the median), then 2 cents again.
    const strategy = new Buyer(new Set([25, 30, 34, 36, 45]));
    const engine = scriptedEngine(INSTRUMENT, strategy, { risk: { spreadStress: settings } });
    engine.processQuotes(quotes(50, 30, 35, 10));
    const result = engine.finish();
    expect(strategy.denied, 'a buy on the tripping quote and while tripped is denied').toEqual([30, 34, 36]);
    expect(strategy.accepted, 'sent before the trip and after the reset, accepted on the next quote').toEqual([26, 46]);
    const breaker = result.riskEvents.filter(
      (e) => e.type === 'CircuitBreakerTripped' || e.type === 'CircuitBreakerReset',
    );
    expect(breaker.map((e) => [e.type, (e.timestamp - T0) / SECOND])).toEqual([
      ['CircuitBreakerTripped', 30],
      ['CircuitBreakerReset', 40],
    ]);
    expect(breaker[0]).toMatchObject({ breaker: `SPREAD_STRESS:${ID}` });
  });

  it('does nothing when not configured', () => {
    const strategy = new Buyer(new Set([30]));
    const engine = scriptedEngine(INSTRUMENT, strategy);
    engine.processQuotes(quotes(40, 30, 35, 10));
    engine.finish();
    expect(strategy.denied).toEqual([]);
    expect(strategy.accepted, 'accepted on the next quote').toEqual([31]);
  });
});

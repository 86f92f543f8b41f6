import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadBars } from '../../adapters/data/index.ts';
import type { BarSeries } from '../model/data.ts';
import type { OrderEvent, TimeEvent } from '../model/events.ts';
import { instrumentId } from '../model/ids.ts';
import { createInstrument } from '../model/instrument.ts';
import type { CircuitBreakerEvent } from '../risk/state/circuit-breaker.ts';
import type { TradingStateChanged } from '../risk/state/trading-state.ts';
import type { Strategy } from '../strategy/strategy.ts';
import type { StrategyContext } from '../strategy/strategy-context.ts';
import { BacktestEngine } from './backtest-engine.ts';

/**
 * Stale data halts trading, on a real feed with real holes: freqtrade's UNITTEST/BTC 1-minute
 * bars (Bittrex, November 2017; 538 gaps, 717 missing minutes, the longest 7). With the default
 * limit of two intervals and a check once a minute, a hole of three or more missing minutes trips
 * the breaker at its third silent minute; the next bar resets it.
 */
const FEATHER = fileURLToPath(
  new URL('../../../../shared/data/freqtrade/tests/testdata/UNITTEST_BTC-1m.feather', import.meta.url),
);
const PAIR = createInstrument({
  symbol: 'UNITTEST/BTC',
  venue: 'BITTREX',
  kind: 'spot',
  baseCurrency: 'UNITTEST',
  quoteCurrency: 'BTC',
  priceIncrement: 0.00000001,
  sizeIncrement: 1,
});
const MINUTE = 60_000;

/** Every minute, on a timer (which fires inside gaps too), tries to buy one unit. */
class MinuteBuyer implements Strategy {
  onStart(context: StrategyContext) {
    context.subscribeBars(PAIR.id);
    context.setTimer('buy', MINUTE);
  }
  onTimer(_event: TimeEvent, context: StrategyContext) {
    context.submitOrder(context.orders.market({ instrumentId: PAIR.id, side: 'buy', quantity: 1 }));
  }
}

describe('stale-data breaker on real freqtrade 1-minute bars with holes', () => {
  let series: BarSeries;
  beforeAll(async () => {
    series = (await loadBars({ path: FEATHER, instrumentId: instrumentId('UNITTEST/BTC', 'BITTREX') })).series;
  });

  it('halts at the third silent minute of every hole of 3+ missing bars and resumes at the next bar', () => {
    const engine = new BacktestEngine({
      startingCash: 1_000,
      baseCurrency: 'BTC',
      accountType: 'cash',
      seed: 1,
      risk: { staleData: {} },
    });
    engine.addInstrument(PAIR);
    engine.addStrategy(new MinuteBuyer(), 'BUYER');
    const breakers: CircuitBreakerEvent[] = [];
    const states: TradingStateChanged[] = [];
    const denied: OrderEvent[] = [];
    engine.kernel.bus.subscribe<CircuitBreakerEvent | TradingStateChanged>('events.risk', (event) => {
      if (event.type === 'TradingStateChanged') states.push(event);
      else breakers.push(event);
    });
    engine.kernel.bus.subscribe<OrderEvent>('events.order.*', (event) => {
      if (event.type === 'OrderDenied') denied.push(event);
    });
    engine.processBars(series);
    const result = engine.finish();

    // The holes, read straight from the data: previous close, next close, for gaps of ≥ 3 missing bars.
    const holes: { trip: number; resume: number }[] = [];
    for (let i = 1; i < series.length; i++) {
      const gap = series.timestamp[i]! - series.timestamp[i - 1]!;
      if (gap > 3 * MINUTE)
        holes.push({ trip: series.timestamp[i - 1]! + MINUTE + 3 * MINUTE, resume: series.timestamp[i]! + MINUTE });
    }
    expect(holes.length, 'the file has holes of three or more missing minutes').toBeGreaterThan(10);
    const trips = breakers.filter((e) => e.type === 'CircuitBreakerTripped');
    const resets = breakers.filter((e) => e.type === 'CircuitBreakerReset');
    expect(
      trips.map((e) => e.timestamp),
      'one trip per hole, at the third silent minute',
    ).toEqual(holes.map((h) => h.trip));
    expect(
      resets.map((e) => e.timestamp),
      'reset by the first bar after the hole (its close)',
    ).toEqual(holes.map((h) => h.resume));
    expect(states.map((s) => s.to)).toEqual(holes.flatMap(() => ['HALTED', 'ACTIVE']));
    expect(trips[0]?.detail, 'the detail names the stream and the silence').toMatch(
      /UNITTEST\/BTC\.BITTREX bars 1m: no bar for 180001|UNITTEST\/BTC\.BITTREX bars 1m: no bar for 180000/,
    );

    // Every order the timer sent while halted was denied; none outside a halt was denied for the state.
    // Timers due at a bar's close fire before the bar is delivered, so the resume instant is still halted.
    const halted = (t: number) => holes.some((h) => t >= h.trip && t <= h.resume);
    const stateDenials = denied.filter((e) => e.type === 'OrderDenied' && e.reason === 'TRADING_HALTED');
    expect(stateDenials.length, 'orders were tried during the halts').toBeGreaterThan(0);
    expect(stateDenials.filter((e) => !halted(e.timestamp)).map((e) => e.timestamp)).toEqual([]);
    const accepted = result.orders.filter((o) => o.status !== 'denied');
    expect(
      accepted.filter((o) => halted(o.createdAt)).map((o) => o.createdAt),
      'no order created during a halt went to the venue',
    ).toEqual([]);
    expect(result.riskEvents.length, 'the audit holds trips, resets, state changes and denials').toBe(
      breakers.length + states.length + denied.length,
    );
  });
});

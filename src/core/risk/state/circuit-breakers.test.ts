import { describe, expect, it } from 'vitest';
import { SimulatedClock } from '../../clock/simulated-clock.ts';
import type { DataResumed, DataStale } from '../../data/data-client.ts';
import { applyCircuitBreakerEvent, type CircuitBreakerEvent } from './circuit-breaker.ts';
import { ErrorRateBreaker } from './error-rate-breaker.ts';
import { SlippageDriftBreaker } from './slippage-drift-breaker.ts';
import { SpreadStressBreaker } from './spread-stress-breaker.ts';
import { StaleDataBreaker } from './stale-data-breaker.ts';
import { GLOBAL_SCOPE, type TradingStateChanged } from './trading-state.ts';
import { TradingStateMachine } from './trading-state-machine.ts';

const MINUTE = 60_000;
const SECOND = 1_000;

function setup(start = 0) {
  const clock = new SimulatedClock(start);
  const events: TradingStateChanged[] = [];
  const machine = new TradingStateMachine({ clock, emit: (e) => events.push(e) });
  const breakerEvents: CircuitBreakerEvent[] = [];
  const apply = (e: CircuitBreakerEvent | undefined) => {
    if (e === undefined) return;
    breakerEvents.push(e);
    applyCircuitBreakerEvent(machine, e);
  };
  return { clock, events, machine, breakerEvents, apply };
}

describe('StaleDataBreaker', () => {
  it('halts after more than two silent intervals (not at exactly two) and resumes at the next bar', () => {
    const { clock, events, machine, apply } = setup(0);
    const stale = new StaleDataBreaker();
    stale.watch('BTC/USDT bars 1m', MINUTE, 0);
    // As the kernel will: a Clock timer each interval checks; bars arrive after the timers due at their time.
    clock.setTimer({
      name: 'stale-check',
      intervalMs: MINUTE,
      handler: (e) => stale.check(e.timestamp).forEach(apply),
    });
    for (const m of [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 15, 16]) {
      clock.advanceTo(m * MINUTE);
      apply(stale.onBar('BTC/USDT bars 1m', m * MINUTE));
    }
    expect(events.map((e) => [e.from, e.to, e.reason, e.timestamp / MINUTE])).toEqual([
      ['ACTIVE', 'HALTED', 'STALE_DATA', 13],
      ['HALTED', 'ACTIVE', 'DATA_RESUMED', 15],
    ]);
    expect(events[0]!.detail).toBe('BTC/USDT bars 1m: no bar for 180000 ms > 2 × 60000 ms');
    expect(machine.state(GLOBAL_SCOPE)).toBe('ACTIVE');
  });

  it("follows the data client's DataStale / DataResumed, and stays halted until every stale stream resumes", () => {
    const { events, machine, apply } = setup(0);
    const stale = new StaleDataBreaker({ state: 'REDUCING' });
    const status = (type: 'DataStale' | 'DataResumed', symbol: string, timestamp: number): DataStale | DataResumed => ({
      type,
      symbol,
      channel: 'trades',
      timestamp,
      silentMs: 30_000,
    });
    apply(stale.onStatus(status('DataStale', 'BTC/USDT', 1)));
    apply(stale.onStatus(status('DataStale', 'BTC/USDT', 2)));
    apply(stale.onStatus(status('DataStale', 'ETH/USDT', 3)));
    apply(stale.onStatus(status('DataResumed', 'BTC/USDT', 4)));
    expect(machine.state(GLOBAL_SCOPE), 'ETH/USDT trades are still stale').toBe('REDUCING');
    apply(stale.onStatus(status('DataResumed', 'ETH/USDT', 5)));
    expect(events.map((e) => [e.to, e.reason, e.source])).toEqual([
      ['REDUCING', 'STALE_DATA', 'STALE_DATA:BTC/USDT trades'],
      ['ACTIVE', 'DATA_RESUMED', 'STALE_DATA:ETH/USDT trades'],
    ]);
  });
});

describe('SpreadStressBreaker', () => {
  /** A quote around 100 with the given relative spread, bps. */
  const quote = (bps: number): [number, number] => [100 * (1 - bps / 20_000), 100 * (1 + bps / 20_000)];

  it('trips above 3 × the median, ignores flapping around the threshold, resets only at ≤ 1.5 × after the hold', () => {
    const { events, breakerEvents, apply } = setup(0);
    const spread = new SpreadStressBreaker({ name: 'BTCUSDT.BINANCE', minHoldMs: MINUTE });
    let t = 0;
    const feed = (bps: number, count: number) => {
      for (let i = 0; i < count; i++, t += SECOND) apply(spread.onQuote(...quote(bps), t));
    };
    for (let i = 0; i < 10; i++) {
      feed(0.9, 1);
      feed(1.0, 1);
      feed(1.1, 1);
    } // median 1.0 bps, t = 30 s
    feed(2.9, 1);
    expect(breakerEvents, '2.9 × the median is below the trip').toHaveLength(0);
    feed(3.2, 1); // t = 31 s: trips
    for (let i = 0; i < 10; i++) {
      feed(2.9, 1);
      feed(3.2, 1);
    } // flapping around 3 ×: no event
    feed(1.0, 20); // back to normal at t = 52..71 s, but within the 60 s hold until 91 s
    feed(2.0, 20); // above the release multiple: still tripped at t = 72..91 s
    expect(spread.tripped).toBe(true);
    feed(1.4, 1); // t = 92 s: ≤ 1.5 ×, hold passed
    expect(breakerEvents.map((e) => [e.type, e.timestamp / SECOND])).toEqual([
      ['CircuitBreakerTripped', 31],
      ['CircuitBreakerReset', 92],
    ]);
    expect(events.map((e) => [e.from, e.to, e.reason])).toEqual([
      ['ACTIVE', 'REDUCING', 'SPREAD_STRESS'],
      ['REDUCING', 'ACTIVE', 'SPREAD_NORMAL'],
    ]);
    expect(events[0]!.detail).toBe('spread 3.20 bps = 3.20 × median 1.00 bps > 3 ×');
  });

  it('ignores crossed books and judges nothing before minQuotes', () => {
    const spread = new SpreadStressBreaker({ name: 'X', minQuotes: 5, window: 5 });
    expect(spread.onQuote(100, 99, 0)).toBeUndefined();
    for (let i = 0; i < 4; i++) expect(spread.onQuote(...quote(1), i)).toBeUndefined();
    expect(spread.onQuote(...quote(50), 5), 'the fifth quote only fills the window').toBeUndefined();
    expect(spread.onQuote(...quote(50), 6)?.type).toBe('CircuitBreakerTripped');
  });
});

describe('ErrorRateBreaker', () => {
  it('trips on the 6th rejection within a minute, resets after the 5-minute hold once the rate fell', () => {
    const { events, apply } = setup(0);
    const errors = new ErrorRateBreaker({ name: 'BINANCE' });
    for (let i = 0; i < 5; i++) apply(errors.onRejected(i * 10 * SECOND)); // 5 in 40 s: at the limit
    expect(events).toHaveLength(0);
    apply(errors.onRejected(50 * SECOND)); // 6 in 50 s
    expect(events.map((e) => [e.to, e.reason])).toEqual([['REDUCING', 'ERROR_RATE']]);
    apply(errors.check(2 * MINUTE)); // 0 in the window, but within the hold
    expect(events).toHaveLength(1);
    apply(errors.check(50 * SECOND + 5 * MINUTE));
    expect(events.map((e) => [e.to, e.reason])).toEqual([
      ['REDUCING', 'ERROR_RATE'],
      ['ACTIVE', 'ERROR_RATE_NORMAL'],
    ]);
  });

  it('drops a rejection exactly one window old', () => {
    const errors = new ErrorRateBreaker({ name: 'X', maxRejections: 1 });
    expect(errors.onRejected(0)).toBeUndefined();
    expect(errors.onRejected(MINUTE), 'the first is a full minute old').toBeUndefined();
    expect(errors.onRejected(MINUTE + 1)?.type).toBe('CircuitBreakerTripped');
  });
});

describe('SlippageDriftBreaker', () => {
  it('trips when the mean drift over the window exceeds the threshold, resets at half of it after the hold', () => {
    const { events, apply } = setup(0);
    const slippage = new SlippageDriftBreaker({ name: 'BTC', window: 5, thresholdBps: 10, minHoldMs: MINUTE });
    for (let i = 0; i < 4; i++) apply(slippage.onFill(14, 2, i * SECOND)); // drift 12 bps, window not full
    expect(events).toHaveLength(0);
    apply(slippage.onFill(14, 2, 4 * SECOND));
    expect(events.map((e) => [e.to, e.reason])).toEqual([['REDUCING', 'SLIPPAGE_DRIFT']]);
    for (let i = 0; i < 5; i++) apply(slippage.onFill(10, 2, (10 + i) * SECOND)); // 8 bps: above release 5
    for (let i = 0; i < 5; i++) apply(slippage.onFill(5, 2, (20 + i) * SECOND)); // 3 bps, within the hold
    expect(events).toHaveLength(1);
    apply(slippage.check(4 * SECOND + MINUTE));
    expect(events.map((e) => [e.to, e.reason])).toEqual([
      ['REDUCING', 'SLIPPAGE_DRIFT'],
      ['ACTIVE', 'SLIPPAGE_NORMAL'],
    ]);
  });
});

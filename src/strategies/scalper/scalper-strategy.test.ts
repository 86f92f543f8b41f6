import { describe, expect, it } from 'vitest';
import type { BacktestEngineConfig } from '../../core/kernel/backtest-engine.ts';
import type { Instrument } from '../../core/model/instrument.ts';
import { OPEN_RISK_LIMITS } from '../../core/risk/risk-limits.ts';
import { RiskPolicy } from '../../core/risk/risk-policy.ts';
import { type BarRow, barOf, barSeriesFromRows, testInstrument } from '../../core/testing/fixtures.ts';
import { runStrategy } from '../testing/strategy-scenario.ts';
import { AbdiRanaldoSpread } from './abdi-ranaldo-spread.ts';
import { scalperParameters } from './scalper-parameters.ts';
import { ScalperStrategy } from './scalper-strategy.ts';

const INSTRUMENT = testInstrument();
/** A quiet bar around 100 that no entry 1% away touches. */
const FLAT: BarRow = [100, 100.5, 99.5, 100];

/**
 * Worked parameters: entries 1% from the close (a buy at 99.00, a sell at 101.00 after a close of
 * 100), working 2 bars; target 2% and stop 3% from the entry fill; 5 bars at most in a trade;
 * 2 bars of cooldown; the spread from pairs of 1 bar, its guard off (1,000 bps).
 */
const WORKED = {
  entry_offset_bps: 100,
  timeout_bars: 2,
  target_bps: 200,
  stop_bps: 300,
  max_hold_bars: 5,
  cooldown_bars: 2,
  spread_window: 1,
  max_spread_bps: 1000,
  quantity: 1,
} as const;

function run(
  rows: readonly BarRow[],
  params: Record<string, unknown> = {},
  options: { instrument?: Instrument; config?: Partial<BacktestEngineConfig> } = {},
) {
  const strategy = new ScalperStrategy(scalperParameters.parse({ ...WORKED, ...params }));
  const instrument = options.instrument ?? INSTRUMENT;
  const series = barSeriesFromRows(rows, instrument, 1000);
  const scenario = runStrategy(strategy, { series, instrument, config: options.config });
  const { orders, fills } = scenario.result;
  /** [bar of the signal close, first tag, side, price or trigger, final status] of every order. */
  const summary = orders.map((o) => [barOf(o.createdAt) - 1, o.tags[0], o.side, o.price ?? o.triggerPrice, o.status]);
  const fillsAt = fills.map((f) => [
    barOf(f.timestamp),
    orders.find((o) => o.clientOrderId === f.clientOrderId)!.tags[0],
    f.lastPrice,
  ]);
  return { ...scenario, orders, summary, fillsAt, events: scenario.logs.map((l) => l.event) };
}

describe('ScalperStrategy entries: a limit with a timeout', () => {
  it('rests a buy 1% under the close and lets it expire after timeout_bars untouched bars, then rests a new one', () => {
    const { orders, summary, events } = run([FLAT, FLAT, FLAT, FLAT, FLAT, FLAT, FLAT, FLAT]);
    // The spread estimate needs two bars: the first entry is at bar 1's close.
    expect(summary.slice(0, 2)).toEqual([
      [1, 'entry_long', 'buy', 99, 'expired'],
      [4, 'entry_long', 'buy', 99, 'expired'],
    ]);
    const first = orders[0]!;
    expect(first.expireAfterBars, 'the order factory carries the timeout').toBe(2);
    // Sent at bar 1's close, matched against bars 2 and 3, dropped at bar 4's open.
    expect(barOf(first.updatedAt), 'expired at the open of the bar after its 2 bars').toBe(4);
    expect(events.filter((e) => e === 'scalper_entry_expired').length).toBe(2);
    expect(barOf(orders[1]!.updatedAt)).toBe(7);
    expect(summary[2], 'the third, sent at the last close, is still on its way').toEqual([
      7,
      'entry_long',
      'buy',
      99,
      'submitted',
    ]);
  });

  it('rounds a buy down and a sell up to the tick', () => {
    const { summary } = run([FLAT, [100, 100.5, 99.5, 100.37], FLAT], { mode: 'long_short', entry_offset_bps: 10 });
    // 100.37 × 0.999 = 100.26963 → 100.26; 100.37 × 1.001 = 100.47037 → 100.48.
    expect(summary.slice(0, 2).map((s) => s.slice(0, 4))).toEqual([
      [1, 'entry_long', 'buy', 100.26],
      [1, 'entry_short', 'sell', 100.48],
    ]);
  });
});

describe('ScalperStrategy exits: target and stop one-cancels-other, time stop', () => {
  /** Bar 2 trades down through 99: the buy fills there, at its limit. */
  const TOUCH: BarRow = [100, 100.2, 98.8, 99.2];

  it('a touched limit fills at its price; the target fills and cancels the stop', () => {
    const { summary, fillsAt, events, result } = run([
      FLAT,
      FLAT,
      TOUCH,
      [99.2, 100, 99, 99.5],
      [99.5, 101.2, 99.4, 101],
      FLAT,
      FLAT,
      FLAT,
    ]);
    // Target 99 × 1.02 = 100.98, stop 99 × 0.97 = 96.03, both sent when the entry filled on bar 2.
    expect(summary.slice(0, 3)).toEqual([
      [1, 'entry_long', 'buy', 99, 'filled'],
      [1, 'take_profit', 'sell', 100.98, 'filled'],
      [1, 'stop_loss', 'sell', 96.03, 'canceled'],
    ]);
    expect(fillsAt).toEqual([
      [2, 'entry_long', 99],
      [4, 'take_profit', 100.98],
    ]);
    expect(result.orders[1]!.reduceOnly && result.orders[2]!.reduceOnly, 'exits are reduce-only').toBe(true);
    // Closed on bar 4: closes 4 and 5 cool down, the next entry comes at bar 6's close.
    expect(summary[3]).toEqual([6, 'entry_long', 'buy', 99, 'accepted']);
    expect(events).toContain('scalper_trade_closed');
    expect(result.roundTrips).toHaveLength(1);
  });

  it('the stop fills at its trigger and cancels the target', () => {
    const { summary, fillsAt } = run([FLAT, FLAT, TOUCH, [99.2, 100, 99, 99.5], [99, 99.2, 95, 96], FLAT, FLAT, FLAT]);
    expect(summary.slice(1, 3)).toEqual([
      [1, 'take_profit', 'sell', 100.98, 'canceled'],
      [1, 'stop_loss', 'sell', 96.03, 'filled'],
    ]);
    expect(fillsAt[1]).toEqual([4, 'stop_loss', 96.03]);
  });

  it('after max_hold_bars closes, cancels both and closes at the next open by a reduce-only market order', () => {
    const hold: BarRow = [99.5, 100, 99, 99.5];
    const { orders, fillsAt, events } = run([
      FLAT,
      FLAT,
      TOUCH,
      hold,
      hold,
      hold,
      [99.5, 100, 99, 99.7],
      [99.8, 100, 99, 99.5],
      FLAT,
    ]);
    // Filled on bar 2: closes 2–6 are the 5 held; the time stop goes at bar 6's close, fills at bar 7's open.
    const timeStop = orders.find((o) => o.tags[0] === 'time_stop')!;
    expect([barOf(timeStop.createdAt) - 1, timeStop.type, timeStop.reduceOnly]).toEqual([6, 'market', true]);
    expect(fillsAt[1]).toEqual([7, 'time_stop', 99.8]);
    expect(orders.filter((o) => o.tags[0] === 'take_profit' || o.tags[0] === 'stop_loss').map((o) => o.status)).toEqual(
      ['canceled', 'canceled'],
    );
    expect(events).toContain('scalper_time_stop');
  });

  it('long_short: a sell above fills first, the buy below is canceled, exits mirror', () => {
    const { summary, fillsAt } = run(
      [FLAT, FLAT, [100, 101.2, 99.8, 100.8], [100.8, 100.9, 98.9, 99], FLAT, FLAT, FLAT],
      {
        mode: 'long_short',
      },
    );
    expect(summary.slice(0, 4)).toEqual([
      [1, 'entry_long', 'buy', 99, 'canceled'],
      [1, 'entry_short', 'sell', 101, 'filled'],
      // 101 × 0.98 = 98.98 and 101 × 1.03 = 104.03.
      [1, 'take_profit', 'buy', 98.98, 'filled'],
      [1, 'stop_loss', 'buy', 104.03, 'canceled'],
    ]);
    expect(fillsAt).toEqual([
      [2, 'entry_short', 101],
      [3, 'take_profit', 98.98],
    ]);
  });

  it('long_short: both entries filled in one bar leave it flat; the exits sent meanwhile come to nothing', () => {
    const { result, events } = run([FLAT, FLAT, [100, 101.5, 98.5, 100], FLAT, FLAT], { mode: 'long_short' });
    expect(
      result.fills.map((f) => [f.side, f.lastPrice]),
      'the path goes to the high first',
    ).toEqual([
      ['sell', 101],
      ['buy', 99],
    ]);
    const exits = result.orders.filter((o) => o.reduceOnly);
    expect(exits.length).toBe(2);
    // They reach the venue flat: refused there as reduce-only orders that would not reduce.
    expect(exits.map((o) => [o.status, o.reason?.split(':')[0], o.filledQuantity])).toEqual([
      ['rejected', 'REDUCE_ONLY_WOULD_INCREASE', 0],
      ['rejected', 'REDUCE_ONLY_WOULD_INCREASE', 0],
    ]);
    expect(events, 'expected: canceled by the scalper already, no fallback').not.toContain('scalper_exit_fallback');
    expect(events).not.toContain('scalper_exit_refused');
    expect(events).toContain('scalper_trade_closed');
    expect(result.roundTrips).toHaveLength(1);
  });
});

describe('ScalperStrategy with partial fills and refusals', () => {
  const TENTHS = testInstrument({ sizeIncrement: 0.1 });
  /** At most half a bar's volume fills per bar. */
  const HALF = { exchange: { maxVolumeParticipation: 0.5 } };
  const HOLD: BarRow = [99.2, 100, 99, 99.5, 10];
  const TARGET: BarRow = [99.5, 101.2, 99.4, 101, 10];

  it('takes a partly filled entry as it is: the rest is canceled, the exits cover what filled', () => {
    const { orders, fillsAt } = run(
      [FLAT, FLAT, [100, 100.2, 98.8, 99.2, 1], HOLD, TARGET, FLAT],
      {},
      { instrument: TENTHS, config: HALF },
    );
    expect(orders.slice(0, 3).map((o) => [o.tags[0], o.quantity, o.filledQuantity, o.status])).toEqual([
      ['entry_long', 1, 0.5, 'canceled'],
      ['take_profit', 0.5, 0.5, 'filled'],
      ['stop_loss', 0.5, 0, 'canceled'],
    ]);
    expect(fillsAt).toEqual([
      [2, 'entry_long', 99],
      [4, 'take_profit', 100.98],
    ]);
  });

  it('a partial target fill cuts the stop to the rest of the position', () => {
    const { orders, fillsAt } = run(
      [FLAT, FLAT, [100, 100.2, 98.8, 99.2, 10], HOLD, [99.5, 101.2, 99.4, 101, 1], TARGET, FLAT],
      {},
      { instrument: TENTHS, config: HALF },
    );
    expect(fillsAt).toEqual([
      [2, 'entry_long', 99],
      [4, 'take_profit', 100.98],
      [5, 'take_profit', 100.98],
    ]);
    expect(fillsAt.length).toBe(3);
    const stop = orders.find((o) => o.tags[0] === 'stop_loss')!;
    expect([stop.quantity, stop.status], 'modified to 0.5 at bar 5, canceled at bar 6').toEqual([0.5, 'canceled']);
  });

  it('a refused stop closes the trade at market; a refused fallback is retried at the next close', () => {
    // One working order at most: the stop is denied beside the target, and so is the fallback until
    // the target's cancel has landed (bar 3's open).
    const { summary, fillsAt, events } = run(
      [FLAT, FLAT, [100, 100.2, 98.8, 99.2], HOLD, [99.6, 100, 99, 99.5], FLAT],
      {},
      {
        config: { risk: { policy: new RiskPolicy({ limits: { ...OPEN_RISK_LIMITS, maxOpenOrders: 1 } }) } },
      },
    );
    expect(summary.slice(0, 6).map((s) => [s[0], s[1], s[4]])).toEqual([
      [1, 'entry_long', 'filled'],
      [1, 'take_profit', 'canceled'],
      [1, 'stop_loss', 'denied'],
      [1, 'exit_fallback', 'denied'],
      [2, 'exit_fallback', 'denied'],
      [3, 'exit_fallback', 'filled'],
    ]);
    expect(fillsAt[1]).toEqual([4, 'exit_fallback', 99.6]);
    expect(events.filter((e) => e === 'scalper_exit_refused')).toHaveLength(3);
  });
});

describe('ScalperStrategy spread guard', () => {
  it('holds entries back while the Abdi–Ranaldo estimate exceeds max_spread_bps', () => {
    // Bars 0–5 bounce between a high of 100.5 and a low of 99.5 (S = ln(100.5 / 99.5) ≈ 100 bps),
    // then close at 100, mid-range: with pairs of 2 bars, S falls to ≈ 71 bps after bar 7 and to
    // ≈ 0 after bar 8, the first close with an entry under a 50 bps limit.
    const bounce = (close: number): BarRow => [100, 100.5, 99.5, close];
    const rows = [...[100.5, 99.5, 100.5, 99.5, 100.5, 99.5].map(bounce), FLAT, FLAT, FLAT, FLAT];
    const { summary, logs } = run(rows, { spread_window: 2, max_spread_bps: 50 });
    const estimator = new AbdiRanaldoSpread({ period: 2 });
    const estimates = rows.map(([, h, l, c]) => estimator.update(h, l, c) * 1e4);
    expect(estimates[2]).toBeCloseTo(Math.log(100.5 / 99.5) * 1e4, 6);
    expect(estimates[7]).toBeGreaterThan(50);
    expect(estimates[8]).toBeLessThan(50);
    expect(
      summary.map((s) => s[0]),
      'the only entry',
    ).toEqual([8]);
    const guard = logs.find((l) => l.event === 'scalper_spread_guard')!;
    expect(guard.fields).toMatchObject({ spread_source: 'bars', max_spread_bps: 50 });
    expect(guard.fields!.spread_bps as number).toBeCloseTo(estimates[2]!, 9);
    expect(
      logs.filter((l) => l.event === 'scalper_spread_guard'),
      'logged once per blocked stretch',
    ).toHaveLength(1);
    expect(logs.find((l) => l.event === 'scalper_spread_guard_lifted')!.fields!.spread_bps).toBeCloseTo(
      estimates[8]!,
      9,
    );
  });

  it('with the guard off the same bars trade from the first ready close', () => {
    const bounce = (close: number): BarRow => [100, 100.5, 99.5, close];
    const rows = [...[100.5, 99.5, 100.5, 99.5].map(bounce), FLAT, FLAT];
    expect(run(rows, { spread_window: 2 }).summary[0]![0]).toBe(2);
  });
});

import { describe, expect, it } from 'vitest';
import { SimulatedClock } from '../../clock/simulated-clock.ts';
import {
  applyDailyDrawdownBreached,
  type DailyDrawdownBreached,
  DailyDrawdownKillSwitch,
} from './daily-drawdown-kill-switch.ts';
import { GLOBAL_SCOPE, type TradingStateChanged } from './trading-state.ts';
import { TradingStateMachine } from './trading-state-machine.ts';

const MINUTE = 60_000;
const T0 = Date.UTC(2024, 2, 5, 8, 0);

/** Feeds one equity mark per minute through the clock, the kill switch and the machine, as the kernel will. */
function run(killSwitch: DailyDrawdownKillSwitch, start: number) {
  const clock = new SimulatedClock(start);
  const events: TradingStateChanged[] = [];
  const breaches: DailyDrawdownBreached[] = [];
  const machine = new TradingStateMachine({ clock, emit: (e) => events.push(e) });
  const mark = (time: number, equity: number) => {
    clock.advanceTo(time);
    const breach = killSwitch.onEquity(equity, time);
    if (breach !== undefined) {
      breaches.push(breach);
      applyDailyDrawdownBreached(machine, breach);
    }
  };
  return { clock, events, breaches, machine, mark };
}

describe('DailyDrawdownKillSwitch', () => {
  it('kills at 5% below the high-water mark, HALTED with no order accepted for 60 minutes, then ACTIVE', () => {
    const { events, breaches, machine, mark } = run(new DailyDrawdownKillSwitch(), T0);
    // Up 100 a minute to 101,000 at minute 10, then down 200 a minute: 101,000 × 0.95 = 95,950, first
    // reached at minute 36 (95,800; minute 35 is 96,000, 4.95% down).
    for (let m = 0; m <= 10; m++) mark(T0 + m * MINUTE, 100_000 + 100 * m);
    for (let m = 11; m <= 35; m++) mark(T0 + m * MINUTE, 101_000 - 200 * (m - 10));
    expect(breaches, 'no kill at 4.95%').toHaveLength(0);
    const kill = T0 + 36 * MINUTE;
    mark(kill, 95_800);
    expect(breaches).toHaveLength(1);
    expect(breaches[0]).toMatchObject({
      equity: 95_800,
      highWaterMark: 101_000,
      limit: 0.05,
      actions: ['CANCEL_WORKING_ORDERS', 'FLATTEN'],
      state: 'HALTED',
      until: kill + 60 * MINUTE,
    });
    expect(breaches[0]!.drawdown).toBeCloseTo(5_200 / 101_000, 12);
    expect(events).toMatchObject([
      { from: 'ACTIVE', to: 'HALTED', reason: 'DAILY_DRAWDOWN', until: kill + 60 * MINUTE },
    ]);
    expect(events[0]!.detail).toBe("equity 95800.00 is 5.15% below the day's high-water mark 101000.00 (limit 5.00%)");

    for (let m = 1; m < 60; m++) {
      mark(kill + m * MINUTE, 95_800 - m);
      const submit = machine.gate({ action: 'submit', side: 'buy', quantity: 0.1 }, 2);
      expect(submit?.reason, `minute ${m} of the cooldown: no order accepted`).toBe('TRADING_HALTED');
      expect(machine.gate({ action: 'cancel', side: 'buy', quantity: 0.1 }, 2), 'cancels pass').toBeUndefined();
      expect(machine.gate({ action: 'flatten', side: 'sell', quantity: 2 }, 2), 'the flatten passes').toBeUndefined();
    }
    expect(machine.state(GLOBAL_SCOPE), 'one minute before the cooldown ends').toBe('HALTED');
    mark(kill + 60 * MINUTE, 95_740);
    expect(machine.state(GLOBAL_SCOPE)).toBe('ACTIVE');
    expect(events.slice(1)).toMatchObject([
      { from: 'HALTED', to: 'ACTIVE', reason: 'COOLDOWN_ENDED', timestamp: kill + 60 * MINUTE },
    ]);
    expect(breaches, 'still 5.2% below the old mark, but re-armed from the mark after the cooldown').toHaveLength(1);

    // A fresh 5% from 95,740: 90,953 kills, 90,954 does not.
    mark(kill + 61 * MINUTE, 90_954);
    expect(breaches).toHaveLength(1);
    mark(kill + 62 * MINUTE, 90_953);
    expect(breaches).toHaveLength(2);
    expect(events, 'one event per transition').toHaveLength(3);
  });

  it('resets the high-water mark at the trading day boundary of a UTC+2 zone (22:00 UTC)', () => {
    const at = (h: number, m: number) => Date.UTC(2024, 2, 4, h, m);
    const marks: [number, number][] = [
      [at(21, 0), 100_000],
      [at(21, 30), 110_000],
      [at(21, 59), 105_000], // 4.55% below 110,000: no kill; the equity the UTC+2 day opens with
      [at(22, 0), 105_000], // first mark of the new day in UTC+2
      [at(22, 30), 100_000], // 4.76% below 105,000; 9.09% below 110,000
      [at(22, 31), 99_700], // 5.05% below 105,000
    ];
    const zoned = run(new DailyDrawdownKillSwitch({ dayOffsetMinutes: 120 }), at(21, 0));
    for (const [t, e] of marks) zoned.mark(t, e);
    expect(new DailyDrawdownKillSwitch({ dayOffsetMinutes: 120 }).dayStart(at(22, 0))).toBe(at(22, 0));
    expect(zoned.breaches.map((b) => [b.timestamp, b.highWaterMark])).toEqual([[at(22, 31), 105_000]]);
    expect(zoned.breaches[0]!.dayStart).toBe(at(22, 0));

    const utc = run(new DailyDrawdownKillSwitch(), at(21, 0));
    for (const [t, e] of marks) utc.mark(t, e);
    expect(
      utc.breaches.map((b) => [b.timestamp, b.highWaterMark]),
      'in UTC the same marks are one day: the 110,000 mark still counts',
    ).toEqual([[at(22, 30), 110_000]]);
  });

  it("starts each day from the equity it opened with: a loss at the day's first mark counts", () => {
    const killSwitch = new DailyDrawdownKillSwitch({ dayOffsetMinutes: -300 });
    const day = (d: number, h: number) => Date.UTC(2024, 2, d, h);
    killSwitch.onEquity(200_000, day(4, 12));
    // 05:00 UTC on the 5th is midnight in UTC−5.
    expect(killSwitch.onEquity(150_000, day(5, 4)), 'still the 4th in UTC−5: 25% down kills').toMatchObject({
      highWaterMark: 200_000,
    });
    const gap = new DailyDrawdownKillSwitch({ dayOffsetMinutes: -300 });
    gap.onEquity(200_000, day(4, 12));
    expect(gap.onEquity(150_000, day(5, 5)), 'the 5th opens 25% below the close of the 4th: a kill').toMatchObject({
      highWaterMark: 200_000,
    });
    const fresh = new DailyDrawdownKillSwitch({ dayOffsetMinutes: -300 });
    fresh.onEquity(200_000, day(4, 12));
    fresh.onEquity(195_000, day(4, 23));
    expect(fresh.onEquity(190_000, day(5, 5)), '2.56% below the 195,000 the 5th opened with').toBeUndefined();
    expect(fresh.highWaterMark, "the 4th's 200,000 no longer counts").toBe(195_000);
    expect(fresh.onEquity(185_000, day(5, 6))).toMatchObject({ highWaterMark: 195_000 });
  });

  it('rejects bad options and marks', () => {
    expect(() => new DailyDrawdownKillSwitch({ limit: 0 })).toThrow('limit');
    expect(() => new DailyDrawdownKillSwitch({ dayOffsetMinutes: 1440 })).toThrow('1440');
    expect(() => new DailyDrawdownKillSwitch().onEquity(Number.NaN, 0)).toThrow('not finite');
  });
});

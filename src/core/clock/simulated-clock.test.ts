import { describe, expect, it } from 'vitest';
import type { TimeEvent } from '../model/events.ts';
import { SimulatedClock } from './simulated-clock.ts';

/** Records (name, event time, clock time inside the handler). */
function recorder(clock: SimulatedClock) {
  const fired: [string, number, number][] = [];
  const handler = (event: TimeEvent) => fired.push([event.name, event.timestamp, clock.timestamp()]);
  return { fired, handler };
}

describe('SimulatedClock', () => {
  it('fires repeating timers in time order, with the clock set to each firing time', () => {
    const clock = new SimulatedClock(1_000);
    const { fired, handler } = recorder(clock);
    clock.setTimer({ name: 'every-300', intervalMs: 300, handler });
    clock.setTimer({ name: 'every-200', intervalMs: 200, handler });
    clock.advanceTo(1_700);
    expect(fired).toEqual([
      ['every-200', 1_200, 1_200],
      ['every-300', 1_300, 1_300],
      ['every-200', 1_400, 1_400],
      ['every-300', 1_600, 1_600],
      ['every-200', 1_600, 1_600],
    ]);
    expect(clock.timestamp(), 'ends at the target time').toBe(1_700);
  });

  it('breaks ties in creation order', () => {
    const clock = new SimulatedClock(0);
    const { fired, handler } = recorder(clock);
    clock.setTimeAlert({ name: 'b', time: 50, handler });
    clock.setTimeAlert({ name: 'a', time: 50, handler });
    clock.advanceTo(50);
    expect(fired.map((f) => f[0])).toEqual(['b', 'a']);
  });

  it('fires a timer due exactly at the target time, and none beyond it', () => {
    const clock = new SimulatedClock(0);
    const { fired, handler } = recorder(clock);
    clock.setTimer({ name: 't', intervalMs: 100, handler });
    clock.advanceTo(199);
    expect(fired.map((f) => f[1])).toEqual([100]);
    clock.advanceTo(200);
    expect(fired.map((f) => f[1])).toEqual([100, 200]);
    expect(clock.nextDue).toBe(300);
  });

  it('honours start and stop times of a repeating timer', () => {
    const clock = new SimulatedClock(0);
    const { fired, handler } = recorder(clock);
    clock.setTimer({ name: 't', intervalMs: 100, startTime: 1_000, stopTime: 1_300, handler });
    clock.advanceTo(2_000);
    expect(
      fired.map((f) => f[1]),
      'first at start + interval, last at the stop time',
    ).toEqual([1_100, 1_200, 1_300]);
    expect(clock.timerNames(), 'a finished timer is removed').toEqual([]);
  });

  it('fires an alert once', () => {
    const clock = new SimulatedClock(0);
    const { fired, handler } = recorder(clock);
    clock.setTimeAlert({ name: 'once', time: 500, handler });
    expect(clock.timerNames()).toEqual(['once']);
    clock.advanceTo(1_000);
    clock.advanceTo(5_000);
    expect(fired).toEqual([['once', 500, 500]]);
    expect(clock.timerNames()).toEqual([]);
    expect(clock.nextDue).toBe(Number.POSITIVE_INFINITY);
  });

  it('fires an alert set in the past at the current time, never earlier', () => {
    const clock = new SimulatedClock(1_000);
    const { fired, handler } = recorder(clock);
    clock.setTimeAlert({ name: 'late', time: 400, handler });
    clock.advanceTo(1_000);
    expect(fired).toEqual([['late', 1_000, 1_000]]);
  });

  it('never moves the clock backwards, even for a timer whose start time is in the past', () => {
    const clock = new SimulatedClock(1_000);
    const { fired, handler } = recorder(clock);
    clock.setTimer({ name: 'aligned', intervalMs: 300, startTime: 0, handler });
    clock.advanceTo(2_000);
    for (const [, eventTime, clockTime] of fired) {
      expect(eventTime, 'no event is dated before the time the timer was set').toBeGreaterThanOrEqual(1_000);
      expect(clockTime).toBeGreaterThanOrEqual(1_000);
    }
    expect(
      fired.map((f) => f[1]),
      'keeps the grid of the start time (0, 300, 600, …) from the present on',
    ).toEqual([1_200, 1_500, 1_800]);
    const times = fired.map((f) => f[2]);
    expect(
      [...times].sort((a, b) => a - b),
      'clock readings are non-decreasing',
    ).toEqual(times);
  });

  it('refuses to move backwards', () => {
    const clock = new SimulatedClock(1_000);
    expect(() => clock.advanceTo(999)).toThrow(/backwards/);
    expect(() => clock.set(999)).toThrow(/backwards/);
    expect(clock.timestamp()).toBe(1_000);
    clock.set(1_000);
    expect(clock.timestamp(), 'standing still is allowed').toBe(1_000);
  });

  it('cancels timers; duplicate names and non-positive intervals are refused', () => {
    const clock = new SimulatedClock(0);
    const { fired, handler } = recorder(clock);
    clock.setTimer({ name: 't', intervalMs: 10, handler });
    expect(() => clock.setTimer({ name: 't', intervalMs: 10, handler })).toThrow(/already exists/);
    expect(() => clock.setTimer({ name: 'z', intervalMs: 0, handler })).toThrow(/positive/);
    clock.advanceTo(25);
    clock.cancelTimer('t');
    clock.advanceTo(100);
    expect(fired.map((f) => f[1])).toEqual([10, 20]);
    expect(clock.nextDue).toBe(Number.POSITIVE_INFINITY);
  });

  it('lets a handler set a new alert and cancel another timer while advancing', () => {
    const clock = new SimulatedClock(0);
    const seen: [string, number][] = [];
    clock.setTimer({
      name: 'boss',
      intervalMs: 100,
      handler: (e) => {
        seen.push([e.name, e.timestamp]);
        if (e.timestamp === 100) {
          clock.setTimeAlert({ name: 'follow-up', time: 150, handler: (f) => seen.push([f.name, f.timestamp]) });
          clock.cancelTimer('victim');
        }
      },
    });
    clock.setTimeAlert({ name: 'victim', time: 180, handler: (e) => seen.push([e.name, e.timestamp]) });
    clock.advanceTo(250);
    expect(seen).toEqual([
      ['boss', 100],
      ['follow-up', 150],
      ['boss', 200],
    ]);
  });

  it('fires `first` timers before the others due at the same instant, each group in creation order', () => {
    const clock = new SimulatedClock(0);
    const seen: string[] = [];
    const push = (e: { name: string }) => seen.push(e.name);
    clock.setTimer({ name: 'strategy', intervalMs: 100, handler: push });
    clock.setTimeAlert({ name: 'late', time: 100, handler: push });
    clock.setTimeAlert({ name: 'risk-a', time: 100, handler: push, first: true });
    clock.setTimer({ name: 'risk-b', intervalMs: 100, handler: push, first: true });
    clock.advanceTo(200);
    expect(seen).toEqual(['risk-a', 'risk-b', 'strategy', 'late', 'risk-b', 'strategy']);
  });
});

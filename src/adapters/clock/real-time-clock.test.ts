import { afterEach, describe, expect, it } from 'vitest';
import type { TimeEvent } from '../../core/model/events.ts';
import { RealTimeClock } from './real-time-clock.ts';

/** Resolves when `condition` holds, polling every few ms; fails after a generous limit (no timing assertion). */
async function until(condition: () => boolean, what: string): Promise<void> {
  const limit = Date.now() + 10_000;
  while (!condition()) {
    if (Date.now() > limit) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

const clocks: RealTimeClock[] = [];
function clock(): RealTimeClock {
  const c = new RealTimeClock();
  clocks.push(c);
  return c;
}
afterEach(() => {
  for (const c of clocks.splice(0)) c.close();
});

describe('RealTimeClock', () => {
  it('tells the wall time in Unix ms', () => {
    const before = Date.now();
    const now = clock().timestamp();
    expect(now).toBeGreaterThanOrEqual(before);
    expect(now).toBeLessThanOrEqual(Date.now());
  });

  it('fires an alert once, with its due time, no earlier than that time', async () => {
    const c = clock();
    const events: { event: TimeEvent; at: number }[] = [];
    const due = Date.now() + 15;
    c.setTimeAlert({ name: 'alert', time: due, handler: (event) => events.push({ event, at: Date.now() }) });
    expect(c.timerNames()).toEqual(['alert']);
    await until(() => events.length === 1, 'the alert');
    expect(events[0].event).toEqual({ type: 'TimeEvent', name: 'alert', timestamp: due });
    expect(events[0].at, 'an alert never fires before it is due').toBeGreaterThanOrEqual(due);
    expect(c.timerNames(), 'a fired alert is gone').toEqual([]);
  });

  it('repeats a timer on its grid until its stop time', async () => {
    const c = clock();
    const start = Date.now();
    const stamps: number[] = [];
    c.setTimer({
      name: 'tick',
      intervalMs: 5,
      startTime: start,
      stopTime: start + 20,
      handler: (e) => stamps.push(e.timestamp),
    });
    await until(() => c.timerNames().length === 0, 'the timer to stop');
    expect(stamps).toEqual([start + 5, start + 10, start + 15, start + 20]);
  });

  it('fires `first` timers before the others due at the same instant, then in creation order', async () => {
    const c = clock();
    const order: string[] = [];
    const due = Date.now() + 10;
    for (const name of ['a', 'b']) c.setTimeAlert({ name, time: due, handler: () => order.push(name) });
    c.setTimeAlert({ name: 'risk', time: due, first: true, handler: () => order.push('risk') });
    await until(() => order.length === 3, 'the three alerts');
    expect(order).toEqual(['risk', 'a', 'b']);
  });

  it('cancels a timer: it never fires, and a later one still does', async () => {
    const c = clock();
    const fired: string[] = [];
    c.setTimeAlert({ name: 'canceled', time: Date.now() + 5, handler: () => fired.push('canceled') });
    c.setTimeAlert({ name: 'kept', time: Date.now() + 20, handler: () => fired.push('kept') });
    c.cancelTimer('canceled');
    expect(c.timerNames()).toEqual(['kept']);
    await until(() => fired.length > 0, 'the kept alert');
    expect(fired).toEqual(['kept']);
  });

  it('refuses a second timer of one name and a non-positive interval', () => {
    const c = clock();
    c.setTimeAlert({ name: 'x', time: Date.now() + 60_000, handler: () => {} });
    expect(() => c.setTimeAlert({ name: 'x', time: Date.now() + 60_000, handler: () => {} })).toThrow(/already exists/);
    expect(() => c.setTimer({ name: 'y', intervalMs: 0, handler: () => {} })).toThrow(/positive/);
  });

  it('advanceTo fires at once, in order, what is due by then (a bar step catching up)', () => {
    const c = clock();
    const order: string[] = [];
    const now = Date.now();
    c.setTimeAlert({ name: 'past-b', time: now - 50, handler: () => order.push('b') });
    c.setTimeAlert({ name: 'past-a', time: now - 100, handler: () => order.push('a') });
    c.setTimeAlert({ name: 'future', time: now + 60_000, handler: () => order.push('future') });
    c.advanceTo(now - 10);
    expect(order, 'synchronously, in due-time order, not the future one').toEqual(['a', 'b']);
    expect(c.nextDue).toBe(now + 60_000);
    c.set(0);
    expect(c.timestamp(), 'set cannot move wall time').toBeGreaterThanOrEqual(now);
  });

  it('close cancels every timer', async () => {
    const c = clock();
    let fired = 0;
    c.setTimer({ name: 't', intervalMs: 5, handler: () => fired++ });
    c.close();
    expect(c.timerNames()).toEqual([]);
    const marker = Date.now() + 30;
    c.setTimeAlert({ name: 'marker', time: marker, handler: () => {} });
    await until(() => c.timerNames().length === 0, 'a later alert');
    expect(fired, 'the closed timer never fired').toBe(0);
  });
});

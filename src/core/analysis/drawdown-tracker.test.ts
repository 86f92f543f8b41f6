import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DrawdownTracker } from './drawdown-tracker.ts';

const HOUR = 3_600_000;

function track(values: readonly number[], step = HOUR): DrawdownTracker {
  const tracker = new DrawdownTracker();
  values.forEach((value, index) => {
    tracker.update(index * step, value);
  });
  return tracker;
}

/** O(n²) reference: the largest (peak − later value) / peak. */
function bruteForceMaxDrawdown(values: readonly number[]): number {
  let worst = 0;
  for (let i = 0; i < values.length; i++) {
    for (let j = i + 1; j < values.length; j++) worst = Math.max(worst, (values[i] - values[j]) / values[i]);
  }
  return worst;
}

describe('DrawdownTracker', () => {
  it('measures the drawdown below the running peak and the time to recover it', () => {
    const tracker = track([100, 110, 99, 104.5, 121]);
    expect(tracker.maxDrawdown, '110 → 99 is 10% below the peak').toBeCloseTo(0.1, 12);
    expect(tracker.maxDrawdownDurationMs, 'peak at hour 1, recovered at hour 4').toBe(3 * HOUR);
    expect(tracker.drawdown, 'a new peak ends the drawdown').toBe(0);
    expect(tracker.currentDurationMs).toBe(0);
    expect(tracker.peak).toBe(121);
    expect(tracker.peakTime).toBe(4 * HOUR);
  });

  it('reports the current drawdown and counts an unrecovered drawdown up to the latest update', () => {
    const tracker = track([100, 120, 90, 60, 80]);
    expect(tracker.drawdown, '80 is a third below 120').toBeCloseTo(1 / 3, 12);
    expect(tracker.maxDrawdown, '60 is half of 120').toBeCloseTo(0.5, 12);
    expect(tracker.currentDurationMs, 'under water since hour 1').toBe(3 * HOUR);
    expect(tracker.maxDrawdownDurationMs).toBe(3 * HOUR);
  });

  it('keeps the longest drawdown duration, not the latest or the deepest one', () => {
    // Long shallow drawdown (hours 0–4), then a short deep one (hours 5–6), recovered.
    const tracker = track([100, 99, 99, 99, 100, 100, 50, 101]);
    expect(tracker.maxDrawdownDurationMs, 'the shallow one lasted 4 hours').toBe(4 * HOUR);
    expect(tracker.maxDrawdown).toBeCloseTo(0.5, 12);
  });

  it('treats equity equal to the peak as recovered', () => {
    const tracker = track([100, 90, 100, 100]);
    expect(tracker.maxDrawdownDurationMs).toBe(2 * HOUR);
    expect(tracker.currentDurationMs).toBe(0);
  });

  it('forgets everything on reset', () => {
    const tracker = track([100, 50]);
    tracker.reset();
    expect([tracker.peak, tracker.maxDrawdown, tracker.maxDrawdownDurationMs, tracker.updates]).toEqual([0, 0, 0, 0]);
    tracker.update(10, 5);
    expect(tracker.peak, 'the first update after a reset sets the peak even below the old one').toBe(5);
  });

  it('throws on non-finite equity and on time going backwards', () => {
    const tracker = track([100, 101]);
    expect(() => tracker.update(5 * HOUR, Number.NaN)).toThrow(RangeError);
    expect(() => tracker.update(0, 100)).toThrow(/before the previous one/);
  });

  it('agrees with a brute-force maximum drawdown and stays in [0, 1) for positive equity', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 1e-3, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 200 }),
        (values) => {
          const tracker = track(values);
          expect(tracker.maxDrawdown).toBeGreaterThanOrEqual(0);
          expect(tracker.maxDrawdown).toBeLessThan(1);
          expect(tracker.maxDrawdown).toBeCloseTo(bruteForceMaxDrawdown(values), 12);
          expect(tracker.maxDrawdownDurationMs).toBeLessThanOrEqual((values.length - 1) * HOUR);
        },
      ),
    );
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { barPath, firstTouch, priceAt, type Touch } from './price-path.ts';

function path(open: number, high: number, low: number, close: number): Float64Array {
  const out = new Float64Array(4);
  expect(barPath(open, high, low, close, out)).toBe(4);
  return out;
}

describe('barPath', () => {
  it('visits open, the nearer extreme, the other extreme, close', () => {
    expect([...path(100, 101, 95, 98)], 'high is 1 away, low 5: high first').toEqual([100, 101, 95, 98]);
    expect([...path(100, 105, 99, 102)], 'low is 1 away: low first').toEqual([100, 99, 105, 102]);
    expect([...path(100, 103, 97, 100)], 'equally near: high first').toEqual([100, 103, 97, 100]);
  });
});

describe('firstTouch', () => {
  const touch: Touch = { position: -1, price: -1 };

  it('finds a level inside a segment by linear interpolation', () => {
    const p = path(100, 101, 95, 98); // 100 → 101 → 95 → 98
    expect(firstTouch(p, 4, 98, true, 0, touch), 'price ≤ 98 on 101 → 95').toBe(true);
    expect(touch.price, 'the level itself').toBe(98);
    expect(touch.position, '3 of the 6 down from 101: halfway along segment 1 → 2').toBeCloseTo(1.5, 12);
    expect(priceAt(p, 4, touch.position)).toBeCloseTo(98, 12);
  });

  it('reports a gap at the start position with the path price', () => {
    const p = path(100, 101, 95, 98);
    expect(firstTouch(p, 4, 102, true, 0, touch)).toBe(true);
    expect([touch.position, touch.price], 'already below 102 at the open').toEqual([0, 100]);
    expect(firstTouch(p, 4, 99, false, 0, touch)).toBe(true);
    expect([touch.position, touch.price], 'already above 99 at the open').toEqual([0, 100]);
  });

  it('returns false when the level is never reached', () => {
    const p = path(100, 101, 95, 98);
    expect(firstTouch(p, 4, 94.99, true, 0, touch)).toBe(false);
    expect(firstTouch(p, 4, 101.01, false, 0, touch)).toBe(false);
  });

  it('searches only from the given position onward', () => {
    const p = path(100, 101, 95, 98); // 101 is passed before position 1.5
    expect(firstTouch(p, 4, 100.5, false, 1.5, touch), 'after 1.5 the path is 98 → 95 → 98').toBe(false);
    expect(firstTouch(p, 4, 97, false, 2, touch), 'from the low 95 up to the close 98').toBe(true);
    expect(touch.position).toBeCloseTo(2 + 2 / 3, 12);
  });

  it('property: the touch is the first point of the path that satisfies the condition', () => {
    const tick = fc.integer({ min: 1, max: 400 });
    fc.assert(
      fc.property(tick, tick, tick, tick, tick, fc.boolean(), (a, b, c, d, levelTicks, below) => {
        const [low, high] = [Math.min(a, b, c, d), Math.max(a, b, c, d)];
        const open = b;
        const close = c;
        const p = path(open, high, low, close);
        const level = levelTicks;
        const holds = (x: number) => (below ? x <= level + 1e-9 : x >= level - 1e-9);
        const t: Touch = { position: -1, price: -1 };
        const found = firstTouch(p, 4, level, below, 0, t);
        // Reference: sample the path finely.
        let first = -1;
        for (let s = 0; s <= 3000; s++) {
          if (holds(priceAt(p, 4, s / 1000))) {
            first = s / 1000;
            break;
          }
        }
        expect(found, 'touches exactly when some sampled point satisfies it').toBe(first >= 0);
        if (found) {
          expect(holds(t.price), 'the touch price satisfies the condition').toBe(true);
          expect(t.position, 'not after the first sampled point that satisfies it').toBeLessThanOrEqual(first + 1e-9);
          expect(t.position, 'no sampled point before it satisfies it').toBeGreaterThan(first - 1e-3 - 1e-9);
          expect(priceAt(p, 4, t.position)).toBeCloseTo(t.price, 9);
        }
      }),
      { numRuns: 300 },
    );
  });
});

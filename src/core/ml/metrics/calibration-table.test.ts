import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../../kernel/random.ts';
import { calibrationTable } from './calibration-table.ts';

describe('calibrationTable', () => {
  it('groups predictions in deciles with mean prediction, observed rate and count', () => {
    const table = calibrationTable([0.05, 0.15, 0.12, 0.95, 1, 0.55], [0, 1, 0, 1, 1, 0]);
    expect(table).toHaveLength(10);
    expect(table[0]).toEqual({ lower: 0, upper: 0.1, count: 1, meanPredicted: 0.05, observedRate: 0 });
    expect(table[1].count).toBe(2);
    expect(table[1].meanPredicted).toBeCloseTo(0.135, 15);
    expect(table[1].observedRate).toBe(0.5);
    expect(table[5]).toMatchObject({ count: 1, observedRate: 0 });
    // 1.0 belongs to the last bin, not an eleventh.
    expect(table[9]).toMatchObject({ count: 2, meanPredicted: 0.975, observedRate: 1 });
    expect(Number.isNaN(table[3].meanPredicted), 'empty bin').toBe(true);
    expect(table[3].count).toBe(0);
  });

  it('shows a calibrated forecaster on the diagonal', () => {
    const random = new SeededRandom(5);
    const probabilities: number[] = [];
    const labels: number[] = [];
    for (let i = 0; i < 50_000; i++) {
      const p = random.next();
      probabilities.push(p);
      labels.push(random.next() < p ? 1 : 0);
    }
    for (const bin of calibrationTable(probabilities, labels)) {
      expect(Math.abs(bin.observedRate - bin.meanPredicted), `bin ${bin.lower}`).toBeLessThan(0.03);
    }
  });

  it('refuses probabilities outside [0, 1]', () => {
    expect(() => calibrationTable([1.2], [1])).toThrow(/outside/);
  });
});

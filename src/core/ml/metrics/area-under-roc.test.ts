import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../../kernel/random.ts';
import { areaUnderRoc } from './area-under-roc.ts';

/** O(n²) definition: share of (positive, negative) pairs ranked right, ties half. */
function pairwiseAuc(scores: number[], labels: number[]): number {
  let sum = 0;
  let pairs = 0;
  for (let i = 0; i < scores.length; i++) {
    if (labels[i] !== 1) continue;
    for (let j = 0; j < scores.length; j++) {
      if (labels[j] !== 0) continue;
      pairs++;
      sum += scores[i] > scores[j] ? 1 : scores[i] === scores[j] ? 0.5 : 0;
    }
  }
  return sum / pairs;
}

describe('areaUnderRoc', () => {
  it('is 1 for a perfect ranking, 0 for a reversed one, 0.5 when every score ties', () => {
    expect(areaUnderRoc([0.1, 0.2, 0.8, 0.9], [0, 0, 1, 1])).toBe(1);
    expect(areaUnderRoc([0.9, 0.8, 0.2, 0.1], [0, 0, 1, 1])).toBe(0);
    expect(areaUnderRoc([0.5, 0.5, 0.5, 0.5], [0, 1, 0, 1])).toBe(0.5);
  });

  it('counts ties as half a pair (worked example)', () => {
    // Positives 0.4, 0.7; negatives 0.4, 0.1, 0.7. Pairs: 0.4 vs (0.4 tie, 0.1 win, 0.7 loss) = 1.5;
    // 0.7 vs (0.4 win, 0.1 win, 0.7 tie) = 2.5. AUC = 4 / 6.
    expect(areaUnderRoc([0.4, 0.4, 0.1, 0.7, 0.7], [1, 0, 0, 1, 0])).toBeCloseTo(4 / 6, 15);
  });

  it('matches the pairwise definition on random scores with many ties', () => {
    const random = new SeededRandom(11);
    for (let trial = 0; trial < 20; trial++) {
      const scores: number[] = [];
      const labels: number[] = [];
      for (let i = 0; i < 200; i++) {
        scores.push(Math.floor(random.next() * 10) / 10); // ten distinct values: many ties
        labels.push(random.next() < 0.3 + scores[i] * 0.4 ? 1 : 0);
      }
      expect(areaUnderRoc(scores, labels), `trial ${trial}`).toBeCloseTo(pairwiseAuc(scores, labels), 12);
    }
  });

  it('refuses undefined cases', () => {
    expect(() => areaUnderRoc([0.1, 0.2], [1, 1])).toThrow(/both classes/);
    expect(() => areaUnderRoc([0.1, Number.NaN], [0, 1])).toThrow(/NaN/);
    expect(() => areaUnderRoc([0.1, 0.2], [0, 2])).toThrow(/not 0 or 1/);
    expect(() => areaUnderRoc([0.1], [0, 1])).toThrow(/labels/);
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../../kernel/random.ts';
import { ThompsonBanditAllocator } from './thompson-bandit-allocator.ts';

const sum = (xs: readonly number[]) => xs.reduce((s, x) => s + x, 0);

/** `periods` returns of three strategies with mean +0.3%, 0, −0.3% per period and σ 1% (seeded normal). */
function stream(periods: number, seed: number): number[][] {
  const random = new SeededRandom(seed);
  const normal = () => Math.sqrt(-2 * Math.log(1 - random.next())) * Math.cos(2 * Math.PI * random.next());
  return Array.from({ length: periods }, () => [0.003, 0, -0.003].map((mean) => mean + 0.01 * normal()));
}

function run(seed: number, returns: number[][], options: { minWeight?: number; discount?: number } = {}) {
  const random = new SeededRandom(seed);
  const bandit = new ThompsonBanditAllocator({ strategies: 3, random: () => random.next(), ...options });
  return returns.map((r) => bandit.rebalance(r));
}

describe('ThompsonBanditAllocator', () => {
  it('moves weight toward the strategy with the higher returns on a synthetic stream', () => {
    const history = run(7, stream(120, 11), { discount: 1 });
    const last = history.at(-1)!;
    expect(last[0], `the best stream's weight ${last[0]} beats the others`).toBeGreaterThan(last[1]!);
    expect(last[0]).toBeGreaterThan(last[2]!);
    expect(last[0], 'and holds most of the capital').toBeGreaterThan(0.6);
    const meanEarly = history.slice(0, 10).reduce((s, w) => s + w[0]!, 0) / 10;
    expect(last[0], 'more than early on, before the evidence').toBeGreaterThan(meanEarly);
    expect(last[2], 'the worst keeps only about its floor').toBeLessThan(0.15);
  });

  it('update rule on a controlled case: a strategy that gains every period takes the weight it can, the others their floor', () => {
    const random = new SeededRandom(1);
    const bandit = new ThompsonBanditAllocator({ strategies: 2, random: () => random.next(), minWeight: 0.1 });
    let w: readonly number[] = bandit.initialWeights;
    for (let i = 0; i < 10; i++) w = bandit.rebalance(i % 2 === 0 ? [0.02, -0.01] : [0.01, -0.02]);
    expect(w[0]).toBeCloseTo(0.9, 2);
    expect(w[1]).toBeCloseTo(0.1, 2);
  });

  it('is reproducible under a seed, and keeps the initial weights without evidence', () => {
    const returns = stream(30, 3);
    expect(run(5, returns)).toEqual(run(5, returns));
    const random = new SeededRandom(5);
    const bandit = new ThompsonBanditAllocator({ strategies: 3, random: () => random.next(), weights: [1, 2, 1] });
    expect(bandit.rebalance([0, 0, 0]), 'no strategy traded: nothing to learn').toEqual([0.25, 0.5, 0.25]);
  });

  it('refuses a floor that leaves nothing to allocate, and a discount out of (0, 1]', () => {
    const random = () => 0.5;
    expect(() => new ThompsonBanditAllocator({ strategies: 4, random, minWeight: 0.25 })).toThrow(/minWeight/);
    expect(() => new ThompsonBanditAllocator({ strategies: 2, random, discount: 0 })).toThrow(/discount/);
  });

  it('property: weights sum to 1 and none falls under the floor', () => {
    fc.assert(
      fc.property(
        fc.integer(),
        fc.array(fc.array(fc.double({ min: -0.1, max: 0.1, noNaN: true }), { minLength: 3, maxLength: 3 }), {
          minLength: 1,
          maxLength: 20,
        }),
        (seed, returns) => {
          for (const w of run(seed, returns, { minWeight: 0.05 })) {
            expect(sum(w)).toBeCloseTo(1, 9);
            for (const x of w) expect(x).toBeGreaterThanOrEqual(0.05);
          }
        },
      ),
      { numRuns: 50 },
    );
  });
});

import { describe, expect, it } from 'vitest';
import { realDatasets, syntheticDatasets } from '../../../test/indicators/datasets.ts';
import { Rma, rma, rmaLookback } from './rma.ts';

/** Wilder's smoothing as he wrote it: first value the plain mean, then (previous·(n − 1) + x) / n. */
function referenceRma(values: Float64Array, period: number): Float64Array {
  const out = new Float64Array(values.length).fill(Number.NaN);
  if (values.length < period) return out;
  let previous = 0;
  for (let k = 0; k < period; k++) previous += values[k]! / period;
  out[period - 1] = previous;
  for (let i = period; i < values.length; i++) {
    previous = (previous * (period - 1) + values[i]!) / period;
    out[i] = previous;
  }
  return out;
}

describe('Rma', () => {
  it("Wilder's smoothing on a worked example", () => {
    const out = rma(Float64Array.from([1, 2, 3, 4, 5]), { period: 3 });
    expect(Number.isNaN(out[1]!), 'warm-up').toBe(true);
    expect(out[2], 'seed: (1 + 2 + 3) / 3').toBe(2);
    expect(out[3], '(2·2 + 4) / 3').toBeCloseTo(8 / 3, 15);
    expect(out[4], '(8/3·2 + 5) / 3').toBeCloseTo(31 / 9, 15);
    expect(rmaLookback({ period: 3 })).toBe(2);
  });

  it('matches the textbook recurrence on every dataset; streaming identical to batch', async () => {
    for (const { name, bars } of [...(await realDatasets()), ...syntheticDatasets()]) {
      for (const period of [1, 2, 14, 100]) {
        const expected = referenceRma(bars.close, period);
        const ours = rma(bars.close, { period });
        const streaming = new Rma({ period });
        for (let i = 0; i < expected.length; i++) {
          const e = expected[i]!;
          if (Number.isNaN(e) ? !Number.isNaN(ours[i]!) : !(Math.abs(ours[i]! - e) <= 1e-9 * Math.max(1, Math.abs(e))))
            expect.fail(`${name} RMA(${period}) bar ${i}: ${ours[i]}, recurrence ${e}`);
          if (!Object.is(streaming.update(bars.close[i]!), ours[i]))
            expect.fail(`${name} RMA(${period}) bar ${i}: streaming differs from batch`);
        }
      }
    }
  });
});

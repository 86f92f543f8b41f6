import { describe, expect, it } from 'vitest';
import { realDatasets, syntheticDatasets } from '../../../test/indicators/datasets.ts';
import type { BarInput } from './indicator.ts';
import { Vwma, vwma } from './vwma.ts';

/** Σ(close·volume)/Σvolume over each window, summed from scratch; no volume → mean close. */
function referenceVwma(close: Float64Array, volume: Float64Array, period: number): Float64Array {
  const out = new Float64Array(close.length).fill(Number.NaN);
  for (let i = period - 1; i < close.length; i++) {
    let weighted = 0;
    let total = 0;
    let closes = 0;
    for (let k = i - period + 1; k <= i; k++) {
      weighted += close[k]! * volume[k]!;
      total += volume[k]!;
      closes += close[k]!;
    }
    out[i] = total === 0 ? closes / period : weighted / total;
  }
  return out;
}

const bar = (close: number, volume: number): BarInput => ({
  timestamp: 0,
  open: close,
  high: close,
  low: close,
  close,
  volume,
});

describe('Vwma', () => {
  it('weights closes by volume (worked example) and falls back to the SMA without volume', () => {
    const close = Float64Array.from([10, 20, 30, 40, 50, 60]);
    const volume = Float64Array.from([1, 2, 3, 0, 0, 0]);
    const out = vwma({ close, volume }, { period: 3 });
    expect(out[2], '(10·1 + 20·2 + 30·3) / 6').toBeCloseTo(140 / 6, 12);
    expect(out[3], '(20·2 + 30·3) / 5: zero-volume bars carry no weight').toBeCloseTo(130 / 5, 12);
    expect(out[4], 'only bar 2 traded').toBe(30);
    expect(out[5], 'no volume in the window: mean close (40 + 50 + 60) / 3').toBe(50);
  });

  it('matches sums from scratch on every dataset, streaming identical to batch', async () => {
    for (const { name, bars } of [...(await realDatasets()), ...syntheticDatasets()]) {
      for (const period of [1, 5, 20]) {
        const expected = referenceVwma(bars.close, bars.volume, period);
        const ours = vwma(bars, { period });
        const streaming = new Vwma({ period });
        for (let i = 0; i < expected.length; i++) {
          const e = expected[i]!;
          if (Number.isNaN(e) ? !Number.isNaN(ours[i]!) : !(Math.abs(ours[i]! - e) <= 1e-9 * Math.max(1, Math.abs(e))))
            expect.fail(`${name} VWMA(${period}) bar ${i}: ${ours[i]}, from scratch ${e}`);
          const streamed = streaming.update(bar(bars.close[i]!, bars.volume[i]!));
          if (!Object.is(streamed, ours[i]))
            expect.fail(`${name} VWMA(${period}) bar ${i}: streaming ${streamed}, batch ${ours[i]}`);
        }
      }
    }
  });

  it('a window that stops trading after huge volume gives exactly the mean close, not rounding residue', () => {
    const n = 3000;
    const close = Float64Array.from({ length: n }, (_, i) => 100 + Math.sin(i));
    const volume = Float64Array.from({ length: n }, (_, i) => (i < 1500 ? 1e12 * (1 + (i % 7)) : 0));
    const out = vwma({ close, volume }, { period: 10 });
    for (let i = 1509; i < n; i++) {
      let mean = 0;
      for (let k = i - 9; k <= i; k++) mean += close[k]!;
      expect(out[i], `bar ${i}`).toBeCloseTo(mean / 10, 10);
    }
  });

  it('names the column holding a NaN', () => {
    const close = Float64Array.from([1, 2, 3]);
    expect(() => vwma({ close, volume: Float64Array.from([1, Number.NaN, 1]) }, { period: 2 })).toThrow(
      'vwma: volume[1] is NaN',
    );
    expect(() => new Vwma({ period: 2 }).update(bar(Number.NaN, 1))).toThrow('vwma: close is NaN');
  });
});

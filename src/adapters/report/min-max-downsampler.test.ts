import { describe, expect, it } from 'vitest';
import { downsampleMinMax, MinMaxDownsampler } from './min-max-downsampler.ts';

describe('downsampleMinMax', () => {
  const length = 1_000_000;
  const timestamps = Float64Array.from({ length }, (_, i) => i * 60_000);
  const values = Float64Array.from({ length }, (_, i) => 100 + Math.sin(i / 1000));
  values[123_457] = 1_000; // one-bar spike up
  values[765_431] = -50; // one-bar spike down

  it('keeps at most 2 points per bucket plus the ends, in time order', () => {
    const result = downsampleMinMax(timestamps, values, length, 2000);
    expect(result.count).toBeLessThanOrEqual(4002);
    expect(result.count).toBeGreaterThan(2000);
    for (let i = 1; i < result.count; i++) expect(result.x[i]).toBeGreaterThan(result.x[i - 1]);
    expect(result.x[0]).toBe(0);
    expect(result.x[result.count - 1]).toBe((length - 1) * 60_000);
  });

  it('keeps one-bar spikes at their own time', () => {
    const result = downsampleMinMax(timestamps, values, length, 2000);
    const ys = Array.from(result.y.subarray(0, result.count));
    expect(Math.max(...ys)).toBe(1_000);
    expect(Math.min(...ys)).toBe(-50);
    expect(result.x[ys.indexOf(1_000)]).toBe(123_457 * 60_000);
  });

  it('returns short series unchanged and skips non-finite values', () => {
    const short = downsampleMinMax(Float64Array.from([1, 2, 3]), Float64Array.from([5, Number.NaN, 7]), 3, 2000);
    expect(Array.from(short.x.subarray(0, short.count))).toEqual([1, 3]);
    expect(Array.from(short.y.subarray(0, short.count))).toEqual([5, 7]);
    expect(new MinMaxDownsampler(0, 0, 10).result().count).toBe(0);
  });
});

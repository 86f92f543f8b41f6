import { describe, expect, it } from 'vitest';
import { driveStreaming, driveStreamingValue } from './drive-streaming.ts';
import type { BarInput } from './indicator.ts';

/** Records what it is fed: `last` the input (bars as `high·100 + low`, unread fields must be 0), `count` the updates. */
class Recorder {
  last = Number.NaN;
  count = 0;
  value = Number.NaN;
  update(input: number | BarInput): void {
    if (typeof input === 'number') this.last = input;
    else this.last = input.timestamp + input.open + input.close + input.volume + input.high * 100 + input.low;
    this.value = ++this.count;
  }
}

describe('driveStreaming', () => {
  it('feeds bar columns as one bar, unread fields 0, and reads every output after each update', () => {
    const high = Float64Array.of(1, 2, 3);
    const low = Float64Array.of(4, 5, 6);
    const { last, count } = driveStreaming(new Recorder(), {
      name: 'test',
      columns: { high, low },
      outputs: ['last', 'count'],
    });
    expect(Array.from(last), 'high·100 + low, nothing from the columns not listed').toEqual([104, 205, 306]);
    expect(Array.from(count)).toEqual([1, 2, 3]);
  });

  it('feeds values as numbers and writes into the caller buffer', () => {
    const buffer = new Float64Array(5).fill(42);
    const value = driveStreamingValue(new Recorder(), {
      name: 'test',
      columns: { input: Float64Array.of(7, 8) },
      out: buffer,
    });
    expect(value.buffer, 'the caller buffer').toBe(buffer.buffer);
    expect(Array.from(buffer), 'the first two written, the rest untouched').toEqual([1, 2, 42, 42, 42]);
  });

  it('names the first NaN by index, then by column order, before that bar is fed; refuses columns of two lengths', () => {
    const recorder = new Recorder();
    const high = Float64Array.of(1, 2, 3);
    const low = Float64Array.of(1, Number.NaN, Number.NaN);
    const close = Float64Array.of(1, 1, Number.NaN);
    high[2] = Number.NaN;
    expect(() => driveStreaming(recorder, { name: 'test', columns: { close, low, high }, outputs: ['value'] })).toThrow(
      'test: low[1] is NaN',
    );
    expect(recorder.count, 'bar 1 was not fed').toBe(1);
    expect(() => driveStreamingValue(new Recorder(), { name: 'test', columns: { input: low } })).toThrow(
      'test: input[1] is NaN',
    );
    expect(() =>
      driveStreamingValue(new Recorder(), { name: 'test', columns: { high, low: low.subarray(1) } }),
    ).toThrow(RangeError);
  });
});

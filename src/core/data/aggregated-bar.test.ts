import { describe, expect, it } from 'vitest';
import { instrumentId } from '../model/ids.ts';
import { AggregatedBarView, AggregatedSeriesBuilder } from './aggregated-bar.ts';

describe('AggregatedSeriesBuilder', () => {
  it('grows past a short capacity estimate and returns exact-length views', () => {
    const id = instrumentId('ETH/USDT', 'TEST');
    const builder = new AggregatedSeriesBuilder(id, '5m', 2);
    const bar = new AggregatedBarView(id, '5m');
    for (let i = 0; i < 5; i++) {
      bar.timestamp = i * 300_000;
      bar.open = i;
      bar.high = i + 2;
      bar.low = i - 1;
      bar.close = i + 1;
      bar.volume = 10 * i;
      bar.closeTimestamp = (i + 1) * 300_000;
      bar.count = i + 1;
      bar.partial = i === 4;
      builder.push(bar);
    }
    const out = builder.finish();
    expect(out.series.length).toBe(5);
    expect(out.series.timestamp.length, 'views are cut to the bars pushed, not the grown capacity').toBe(5);
    expect(Array.from(out.series.open), 'bars pushed before a growth survive it').toEqual([0, 1, 2, 3, 4]);
    expect(Array.from(out.series.volume)).toEqual([0, 10, 20, 30, 40]);
    expect(Array.from(out.count)).toEqual([1, 2, 3, 4, 5]);
    expect(Array.from(out.partial)).toEqual([0, 0, 0, 0, 1]);
    expect(out.closeTimestamp[4]).toBe(1_500_000);
    expect(out.series.timeframe).toBe('5m');
  });
});

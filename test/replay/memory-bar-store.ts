import type { BarQuery, BarStore, BarWriteSummary } from '../../src/core/data/bar-store.ts';
import { allocateBarSeries, type BarSeries, writeBarRow } from '../../src/core/model/data.ts';
import type { InstrumentId } from '../../src/core/model/ids.ts';
import type { Timeframe } from '../../src/core/model/time.ts';

interface StoredBar {
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly volume: number;
}

/**
 * A BarStore kept in a Map (tests only): copies what it is given (writers may reuse buffers),
 * replaces bars with the same open time, and counts every write it receives.
 */
export class MemoryBarStore implements BarStore {
  private readonly series = new Map<string, Map<number, StoredBar>>();
  /** Every write, in order: how many bars and the open times of the first and last. */
  readonly writes: { bars: number; replaced: number; first: number; last: number }[] = [];

  private keyed(instrumentId: InstrumentId, timeframe: Timeframe): Map<number, StoredBar> {
    const key = `${instrumentId}|${timeframe}`;
    let bars = this.series.get(key);
    if (bars === undefined) {
      bars = new Map();
      this.series.set(key, bars);
    }
    return bars;
  }

  async writeBars(series: BarSeries): Promise<BarWriteSummary> {
    const bars = this.keyed(series.instrumentId, series.timeframe);
    let replaced = 0;
    for (let i = 0; i < series.length; i++) {
      if (bars.has(series.timestamp[i])) replaced++;
      bars.set(series.timestamp[i], {
        open: series.open[i],
        high: series.high[i],
        low: series.low[i],
        close: series.close[i],
        volume: series.volume[i],
      });
    }
    const first = series.length > 0 ? series.timestamp[0] : Number.NaN;
    const last = series.length > 0 ? series.timestamp[series.length - 1] : Number.NaN;
    this.writes.push({ bars: series.length, replaced, first, last });
    return { written: series.length, replaced, first, last };
  }

  async deleteBars(instrumentId: InstrumentId, timeframe: Timeframe, openTimes: readonly number[]): Promise<number> {
    const bars = this.keyed(instrumentId, timeframe);
    let deleted = 0;
    for (const t of new Set(openTimes)) if (bars.delete(t)) deleted++;
    return deleted;
  }

  async readBars(query: BarQuery): Promise<BarSeries> {
    const bars = this.keyed(query.instrumentId, query.timeframe);
    const times = [...bars.keys()]
      .filter((t) => (query.from === undefined || t >= query.from) && (query.to === undefined || t < query.to))
      .sort((a, b) => a - b);
    const out = allocateBarSeries(query.instrumentId, query.timeframe, times.length);
    times.forEach((t, i) => {
      writeBarRow(out, i, { ...(bars.get(t) as StoredBar), timestamp: t });
    });
    return { ...out, length: times.length };
  }

  async *streamBars(query: BarQuery, chunkBars: number): AsyncIterable<BarSeries> {
    const all = await this.readBars(query);
    for (let start = 0; start < all.length; start += chunkBars) {
      const end = Math.min(all.length, start + chunkBars);
      yield {
        ...all,
        length: end - start,
        timestamp: all.timestamp.subarray(start, end),
        open: all.open.subarray(start, end),
        high: all.high.subarray(start, end),
        low: all.low.subarray(start, end),
        close: all.close.subarray(start, end),
        volume: all.volume.subarray(start, end),
      };
    }
  }

  async lastTimestamp(instrumentId: InstrumentId, timeframe: Timeframe): Promise<number | undefined> {
    const bars = this.keyed(instrumentId, timeframe);
    return bars.size === 0 ? undefined : Math.max(...bars.keys());
  }
}

import { describe, expect, it } from 'vitest';
import type { DataClientTimers, DataSink, DataStatusEvent } from '../../core/data/data-client.ts';
import { allocateBarSeries, type Bar, type BarSeries } from '../../core/model/data.ts';
import { instrumentId } from '../../core/model/ids.ts';
import { ReplayDataClient } from './replay-data-client.ts';

const MINUTE = 60_000;
const T0 = Date.UTC(2022, 0, 3);

function minuteBars(n: number): BarSeries {
  const series = { ...allocateBarSeries(instrumentId('BTC-PERP', 'FTX'), '1m', n), length: n };
  for (let i = 0; i < n; i++) {
    series.timestamp[i] = T0 + i * MINUTE;
    series.open[i] = series.high[i] = series.low[i] = series.close[i] = 100 + i;
    series.volume[i] = 1;
  }
  return series;
}

/** Timers that move only when the test says: delivery times are checked without real waiting. */
class ManualTimers implements DataClientTimers {
  time = 1_000_000;
  private pending: { at: number; callback: () => void; canceled: boolean }[] = [];
  now(): number {
    return this.time;
  }
  schedule(delayMs: number, callback: () => void): () => void {
    const entry = { at: this.time + delayMs, callback, canceled: false };
    this.pending.push(entry);
    return () => {
      entry.canceled = true;
    };
  }
  /** Moves to `time`, running every callback due by then in due order. */
  advance(time: number): void {
    for (;;) {
      const due = this.pending.filter((p) => !p.canceled && p.at <= time).sort((a, b) => a.at - b.at)[0];
      if (due === undefined) break;
      this.pending.splice(this.pending.indexOf(due), 1);
      this.time = Math.max(this.time, due.at);
      due.callback();
    }
    this.time = time;
  }
}

function sink(): DataSink & { bars: Bar[]; statuses: DataStatusEvent[] } {
  const bars: Bar[] = [];
  const statuses: DataStatusEvent[] = [];
  return {
    bars,
    statuses,
    onBar: (bar) => bars.push(bar),
    onTradeTick: () => {},
    onQuoteTick: () => {},
    onStatus: (event) => statuses.push(event),
  };
}

describe('ReplayDataClient', () => {
  it('at max speed delivers every bar once, in order, as its own object, and finishes', async () => {
    const series = minuteBars(2_000);
    const target = sink();
    const timers = new ManualTimers();
    const client = new ReplayDataClient({ series, symbol: 'BTC-PERP', sink: target, speed: Infinity, timers });
    client.subscribeBars('BTC-PERP', '1m');
    await client.start();
    expect(target.statuses.map((s) => s.type)).toEqual(['DataStreamConnected']);
    timers.advance(timers.time);
    await client.finished;
    expect(target.bars.map((b) => b.timestamp)).toEqual(Array.from(series.timestamp));
    expect(target.bars[5]).toEqual({
      instrumentId: series.instrumentId,
      timeframe: '1m',
      timestamp: T0 + 5 * MINUTE,
      open: 105,
      high: 105,
      low: 105,
      close: 105,
      volume: 1,
    });
    expect(target.bars[5], 'a new object per bar').not.toBe(target.bars[6]);
  });

  it('at 60x delivers a bar only once its minute has passed on the sped-up time line', async () => {
    const series = minuteBars(10);
    const target = sink();
    const timers = new ManualTimers();
    const start = timers.time;
    const client = new ReplayDataClient({ series, symbol: 'BTC-PERP', sink: target, speed: 60, timers });
    client.subscribeBars('BTC-PERP', '1m');
    await client.start();
    timers.advance(start);
    expect(target.bars.length, 'the first bar at once').toBe(1);
    timers.advance(start + 999);
    expect(target.bars.length, 'a bar minute is one second at 60x: not yet').toBe(1);
    timers.advance(start + 1_000);
    expect(target.bars.length).toBe(2);
    timers.advance(start + 4_500);
    expect(target.bars.map((b) => b.close)).toEqual([100, 101, 102, 103, 104]);
    await client.stop();
    timers.advance(start + 60_000);
    expect(target.bars.length, 'nothing after stop').toBe(5);
    await client.finished;
    expect(client.delivered).toBe(5);
  });

  it('stop at max speed ends delivery between batches', async () => {
    const series = minuteBars(5_000);
    const target = sink();
    const timers = new ManualTimers();
    const client = new ReplayDataClient({ series, symbol: 'BTC-PERP', sink: target, speed: Infinity, timers });
    client.subscribeBars('BTC-PERP', '1m');
    await client.start();
    target.onBar = (bar) => {
      target.bars.push(bar);
      if (target.bars.length === 700) void client.stop();
    };
    timers.advance(timers.time);
    await client.finished;
    expect(target.bars.length, 'stops at the bar where stop was asked').toBe(700);
  });

  it('refuses a subscription the recording cannot serve', () => {
    const client = new ReplayDataClient({
      series: minuteBars(3),
      symbol: 'BTC-PERP',
      sink: sink(),
      speed: Infinity,
      timers: new ManualTimers(),
    });
    expect(() => client.subscribeBars('ETH-PERP', '1m')).toThrow(/holds BTC-PERP 1m bars/);
    expect(() => client.subscribeBars('BTC-PERP', '5m')).toThrow(/holds BTC-PERP 1m bars/);
    expect(() => client.subscribeTrades('BTC-PERP')).toThrow(/bars only/);
    expect(
      () =>
        new ReplayDataClient({
          series: minuteBars(1),
          symbol: 'X',
          sink: sink(),
          speed: 0,
          timers: new ManualTimers(),
        }),
    ).toThrow(/above 0/);
  });
});

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BTC_PERP_SAMPLE } from '../../../test/support/btc-perp.ts';
import { ParquetCatalog } from '../../adapters/catalog/index.ts';
import { RealTimeClock } from '../../adapters/clock/index.ts';
import { loadBars } from '../../adapters/data/index.ts';
import { SimulatedClock } from '../../core/clock/simulated-clock.ts';
import { instrumentId } from '../../core/model/ids.ts';
import { inferInstrument } from '../backtest/infer-instrument.ts';
import { loadStrategy } from '../backtest/strategy-loader.ts';
import { backtestConfig } from '../config/backtest-config.ts';
import { DEFAULT_BACKTEST_CONFIG } from '../config/default-backtest-config.ts';
import { loadNodeBars } from './load-node-bars.ts';
import { paperConfig, speedFactor } from './paper-config.ts';
import { formatPaperStatus, PaperNode } from './paper-node.ts';
import { barAt } from './replay-data-client.ts';

const config = backtestConfig.parse({
  ...DEFAULT_BACKTEST_CONFIG,
  strategy: { name: 'ema_cross', params: { fast_period: 10, slow_period: 30, quantity: 0.2, mode: 'long_short' } },
  data: { ...DEFAULT_BACKTEST_CONFIG.data, path: BTC_PERP_SAMPLE },
});
const FROM = Date.parse('2022-01-10T00:00:00Z');
const TO = Date.parse('2022-01-11T00:00:00Z');

describe('loadNodeBars', () => {
  it('splits the bar file at the start: the last warm-up bars before it, the replay in [from, to)', async () => {
    const bars = await loadNodeBars(config, { from: FROM, to: TO, warmupBars: 300 });
    expect(bars.timeframe).toBe('1m');
    expect(bars.warmup.length).toBe(300);
    expect(bars.warmup.timestamp[299], 'the warm-up ends right before the start').toBe(FROM - 60_000);
    expect(bars.replay.timestamp[0]).toBe(FROM);
    expect(bars.replay.length).toBe(1440);
  });

  it('reads the same split from a catalog holding the same bars', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tradewind-paper-catalog-'));
    const id = instrumentId('BTC-PERP', 'FTX');
    const file = await loadBars({ path: BTC_PERP_SAMPLE, instrumentId: id, timeframe: '1m', volumeUnit: 'quote' });
    const catalog = await ParquetCatalog.open(dir);
    try {
      await catalog.writeBars(file.series);
    } finally {
      catalog.close();
    }
    const fromCatalog = await loadNodeBars(
      backtestConfig.parse({
        ...DEFAULT_BACKTEST_CONFIG,
        data: { catalog: dir, timeframe: '1m' },
      }),
      { from: FROM, to: TO, warmupBars: 300 },
    );
    const fromFile = await loadNodeBars(config, { from: FROM, to: TO, warmupBars: 300 });
    for (const part of ['warmup', 'replay'] as const)
      for (const column of ['timestamp', 'open', 'close', 'volume'] as const)
        expect(Array.from(fromCatalog[part][column]), `${part} ${column}`).toEqual(Array.from(fromFile[part][column]));
  });
});

describe('PaperNode', () => {
  it('warms up without trading, then trades; reports its status; drops bars after close and cancels timers', async () => {
    const bars = await loadNodeBars(config, { from: FROM, to: TO, warmupBars: 200 });
    const instrument = inferInstrument(config, bars.replay, bars.timeframe);
    const strategy = await loadStrategy('ema_cross', { ...config.strategy!.params }, '.');
    const clock = new SimulatedClock(0);
    let wall = 5_000;
    const stepped: number[] = [];
    const node = new PaperNode({
      config,
      instrument,
      strategies: [strategy],
      multiStrategy: false,
      clock,
      logger: { debug() {}, info() {}, warn() {}, error() {} },
      mode: 'replay',
      wallNow: () => wall,
      afterStep: (bar) => stepped.push(bar.timestamp),
    });
    expect(node.status().lastBarAgeMs, 'no bar yet').toBeUndefined();
    node.warmUp(bars.warmup);
    expect(node.engine.barsWarmed).toBe(200);
    expect(
      node.engine.kernel.cache.orderList.every((o) => o.reason?.startsWith('WARMING_UP')),
      'warm-up orders denied',
    ).toBe(true);
    for (let i = 0; i < 600; i++) node.onBar(barAt(bars.replay, i));
    wall = 7_500;
    const status = node.status();
    expect(status.bars).toBe(600);
    expect(status.lastBarAgeMs).toBe(2_500);
    expect(status.lastBarTime).toBe(bars.replay.timestamp[599]);
    expect(status.equity).toBe(node.engine.kernel.portfolio.equity());
    expect(stepped, 'afterStep once per traded bar, in order').toEqual(
      Array.from(bars.replay.timestamp.subarray(0, 600)),
    );
    expect(formatPaperStatus(status)).toMatch(
      /^paper status mode=replay equity=\d+\.\d\d positions=\S+ open_orders=\d+ bars=600 last_bar_age=2\.5s /,
    );
    clock.setTimeAlert({ name: 'strategy-timer', time: bars.replay.timestamp[700]!, handler: () => {} });
    const result = node.close();
    expect(clock.timerNames(), 'no timer survives the stop').toEqual([]);
    expect(result.barsProcessed).toBe(600);
    expect(result.fills.length, 'it traded after the warm-up').toBeGreaterThan(0);
    node.onBar(barAt(bars.replay, 600));
    expect(node.droppedAfterClose).toBe(1);
    expect(node.engine.barsDone, 'a bar after close is not traded').toBe(600);
  });
});

describe('PaperNode on the wall clock (the live configuration)', () => {
  it('with bars delivered 0.5 s after their close, fills as the backtest does; orders are stamped 0.5 s later', async () => {
    const bars = await loadNodeBars(config, { from: FROM, to: TO, warmupBars: 0 });
    const instrument = inferInstrument(config, bars.replay, bars.timeframe);
    const strategies = async () => [await loadStrategy('ema_cross', { ...config.strategy!.params }, '.')];
    // The wall clock as a live stream sees it: each bar arrives half a second after it closed.
    let wall = 0;
    const clock = new RealTimeClock({ now: () => wall, setTimeout: () => undefined, clearTimeout: () => {} });
    const live = new PaperNode({
      config,
      instrument,
      strategies: await strategies(),
      multiStrategy: false,
      clock,
      logger: { debug() {}, info() {}, warn() {}, error() {} },
      mode: 'live',
      wallNow: () => wall,
    });
    const backtest = new PaperNode({
      config,
      instrument,
      strategies: await strategies(),
      multiStrategy: false,
      clock: new SimulatedClock(0),
      logger: { debug() {}, info() {}, warn() {}, error() {} },
      mode: 'replay',
      wallNow: () => wall,
    });
    for (let i = 0; i < bars.replay.length; i++) {
      const bar = barAt(bars.replay, i);
      wall = bar.timestamp + 60_000 + 500;
      live.onBar(bar);
      backtest.onBar(bar);
    }
    const a = backtest.close();
    const b = live.close();
    expect(a.fills.length, 'the day trades').toBeGreaterThan(5);
    const shape = (f: (typeof a.fills)[number]) => [f.timestamp, f.side, f.lastQuantity, f.lastPrice, f.fee];
    expect(b.fills.map(shape), 'the venue fills at bar times: same times, prices, quantities and fees').toEqual(
      a.fills.map(shape),
    );
    expect(
      b.orders.map((o) => o.createdAt - 500),
      'orders carry the wall time they were sent at, half a second after the bar closed',
    ).toEqual(a.orders.map((o) => o.createdAt));
    expect(b.finalCash).toEqual(a.finalCash);
    expect(clock.timerNames()).toEqual([]);
    expect(live.status().mode).toBe('live');
  });
});

describe('paperConfig', () => {
  it('defaults, speeds and refusals', () => {
    const parsed = paperConfig.parse({});
    expect(parsed).toEqual({
      warmup_bars: 200,
      status_seconds: 10,
      snapshot_every_bars: 1_440,
      replay: { speed: 'max' },
      live: { timeout_ms: 10_000 },
    });
    expect(speedFactor('60x')).toBe(60);
    expect(speedFactor('0.5x')).toBe(0.5);
    expect(speedFactor('max')).toBe(Number.POSITIVE_INFINITY);
    expect(paperConfig.safeParse({ replay: { speed: '0x' } }).success).toBe(false);
    expect(paperConfig.safeParse({ replay: { speed: 'fast' } }).success).toBe(false);
    expect(paperConfig.safeParse({ warmup: 10 }).success, 'unknown keys are refused').toBe(false);
  });
});

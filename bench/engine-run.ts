/**
 * The engine's full path for the benchmark: BacktestEngine (simulated clock, bus, risk and
 * execution engines, simulated exchange, portfolio, equity recorder) driving MaCrossStrategy.
 */
import { BacktestEngine, type BacktestResultStore, type BacktestRiskConfig } from '../src/core/kernel/index.ts';
import type { Bar, BarSeries } from '../src/core/model/data.ts';
import { createInstrument, type Instrument } from '../src/core/model/instrument.ts';
import type { Strategy } from '../src/core/strategy/strategy.ts';
import type { StrategyContext } from '../src/core/strategy/strategy-context.ts';
import { MaCrossSignal, MaCrossStrategy, maCrossParameters } from '../src/strategies/ma-cross/index.ts';
import type { LimitParameters } from './limit-loop.ts';

/** The benchmark's strategy settings, shared by the engine, the limit loop and the peer. */
export const STRATEGY = {
  fastPeriod: 10,
  slowPeriod: 50,
  quantity: 1,
  takerRate: 0.0005,
  startingCash: 1_000_000,
} as const;

export const LIMIT_PARAMETERS: LimitParameters = { ...STRATEGY, cashDecimals: 2, sizeDecimals: 3 };

export function benchInstrument(): Instrument {
  return createInstrument({
    symbol: 'BTC-PERP',
    venue: 'SIM',
    kind: 'perpetual',
    baseCurrency: 'BTC',
    quoteCurrency: 'USD',
    priceIncrement: 0.01,
    sizeIncrement: 0.001,
    takerFee: STRATEGY.takerRate,
  });
}

/** The strategy's id in the engine (client order ids, topics, a risk policy's agents). */
export const BENCH_STRATEGY_ID = 'ema_cross';

/** Settings of the risk part's engines (bench/risk.bench.ts). */
export interface BenchEngineOptions {
  /** The risk rails (default: none beyond the venue's rules). */
  readonly risk?: BacktestRiskConfig;
  /** Default STRATEGY.startingCash. */
  readonly startingCash?: number;
}

/**
 * A fresh engine with the instrument and the EMA-cross strategy added (nothing processed yet);
 * with `store`, results stream to it instead of being kept.
 */
export function createBenchEngine(
  instrument: Instrument,
  store?: BacktestResultStore,
  options: BenchEngineOptions = {},
): BacktestEngine {
  const engine = benchEngineWith(instrument, store, options);
  engine.addStrategy(
    new MaCrossStrategy(
      maCrossParameters.parse({
        average: 'ema',
        fast_period: STRATEGY.fastPeriod,
        slow_period: STRATEGY.slowPeriod,
        quantity: STRATEGY.quantity,
        mode: 'long_short',
      }),
    ),
    BENCH_STRATEGY_ID,
  );
  return engine;
}

/** The benchmark's engine and account with the instrument added and no strategy yet. */
function benchEngineWith(
  instrument: Instrument,
  store: BacktestResultStore | undefined,
  options: BenchEngineOptions,
): BacktestEngine {
  const engine = new BacktestEngine({
    startingCash: options.startingCash ?? STRATEGY.startingCash,
    baseCurrency: 'USD',
    accountType: 'margin',
    leverage: 2,
    seed: 1,
    exchange: { fees: { takerRate: STRATEGY.takerRate } },
    store,
    risk: options.risk,
  });
  engine.addInstrument(instrument);
  return engine;
}

/**
 * The benchmark's EMA cross without its orders: the same two EMAs on every close and the same
 * cross signals (counted, never sent). Run through the engine, it times the per-bar path alone:
 * clock, venue, mark, publication, strategy and equity point.
 */
export class SignalOnlyEmaCross implements Strategy {
  private readonly signal = new MaCrossSignal('ema', STRATEGY.fastPeriod, STRATEGY.slowPeriod);
  /** Crosses seen: with zero latency the full strategy orders on each one, so this equals its fills. */
  signals = 0;

  onStart(context: StrategyContext): void {
    context.subscribeBars(context.cache.instruments()[0]!.id);
  }

  onBar(bar: Bar): void {
    if (this.signal.update(bar.close) !== 0) this.signals++;
  }
}

/** The benchmark's engine with `SignalOnlyEmaCross` instead of the trading strategy (nothing processed yet). */
export function createSignalOnlyEngine(instrument: Instrument): {
  engine: BacktestEngine;
  strategy: SignalOnlyEmaCross;
} {
  const engine = benchEngineWith(instrument, undefined, {});
  const strategy = new SignalOnlyEmaCross();
  engine.addStrategy(strategy, BENCH_STRATEGY_ID);
  return { engine, strategy };
}

/** Seconds `engine.processBars(series)` took (the timed region: only that call). */
export function timeProcessBars(engine: BacktestEngine, series: BarSeries): number {
  const start = process.hrtime.bigint();
  engine.processBars(series);
  return Number(process.hrtime.bigint() - start) / 1e9;
}

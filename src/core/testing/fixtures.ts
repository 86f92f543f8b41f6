import { BacktestEngine, type BacktestEngineConfig } from '../kernel/backtest-engine.ts';
import type { BarSeries, QuoteSeries, TradeSeries } from '../model/data.ts';
import { createInstrument, type Instrument, type InstrumentSpec } from '../model/instrument.ts';
import type { Strategy } from '../strategy/strategy.ts';
import type { StrategyContext } from '../strategy/strategy-context.ts';

/**
 * Shared fixtures for tests of the core and the strategies: a plain test instrument and
 * one-minute bar series written as rows. Test support only; nothing in the engine imports it.
 */
export const MINUTE = 60_000;
/** Open time of the first fixture bar: 2024-01-01T00:00Z. */
export const T0 = Date.UTC(2024, 0, 1);

/** A spot instrument TEST.SIM quoted in USD cents, traded in whole units unless overridden. */
export function testInstrument(overrides: Partial<InstrumentSpec> = {}): Instrument {
  return createInstrument({
    symbol: 'TEST',
    venue: 'SIM',
    kind: 'spot',
    baseCurrency: 'TST',
    quoteCurrency: 'USD',
    priceIncrement: 0.01,
    sizeIncrement: 1,
    ...overrides,
  });
}

/** `[open, high, low, close, volume?]`. */
export type BarRow = readonly [number, number, number, number, number?];

/** One-minute bars from rows, the first opening at `T0`; a missing volume is `defaultVolume`. */
export function barSeriesFromRows(rows: readonly BarRow[], instrument: Instrument, defaultVolume: number): BarSeries {
  const column = (k: number, fallback = 0) => Float64Array.from(rows, (r) => r[k] ?? fallback);
  return {
    instrumentId: instrument.id,
    timeframe: '1m',
    length: rows.length,
    timestamp: Float64Array.from(rows, (_, i) => T0 + i * MINUTE),
    open: column(0),
    high: column(1),
    low: column(2),
    close: column(3),
    volume: column(4, defaultVolume),
  };
}

/** `[ms after T0, bid, ask, bidSize?, askSize?]`; a missing size is 1,000 (no size cap bites). */
export type QuoteRow = readonly [number, number, number, number?, number?];
/** `[ms after T0, price, size?, aggressor?]`; a missing size is 1,000, a missing aggressor 0 (unknown). */
export type TradeRow = readonly [number, number, number?, number?];

/** Top-of-book quotes of `instrument` from rows. */
export function quoteSeriesFromRows(rows: readonly QuoteRow[], instrument: Instrument): QuoteSeries {
  return {
    instrumentId: instrument.id,
    length: rows.length,
    timestamp: Float64Array.from(rows, (r) => T0 + r[0]),
    bid: Float64Array.from(rows, (r) => r[1]),
    ask: Float64Array.from(rows, (r) => r[2]),
    bidSize: Float64Array.from(rows, (r) => r[3] ?? 1_000),
    askSize: Float64Array.from(rows, (r) => r[4] ?? 1_000),
  };
}

/** Trade prints of `instrument` from rows, with trade ids `t0`, `t1`, … */
export function tradeSeriesFromRows(rows: readonly TradeRow[], instrument: Instrument): TradeSeries {
  return {
    instrumentId: instrument.id,
    length: rows.length,
    timestamp: Float64Array.from(rows, (r) => T0 + r[0]),
    price: Float64Array.from(rows, (r) => r[1]),
    size: Float64Array.from(rows, (r) => r[2] ?? 1_000),
    aggressor: Int8Array.from(rows, (r) => r[3] ?? 0),
    tradeId: rows.map((_, i) => `t${i}`),
  };
}

/** Index of the fixture bar whose open time is `timestamp`. */
export const barOf = (timestamp: number): number => (timestamp - T0) / MINUTE;

/** What a scripted test strategy does at one step (a bar, a tick). */
export type Action = (context: StrategyContext) => void;

/** Runs several actions at the same step, in order. */
export const all =
  (...actions: Action[]): Action =>
  (context) => {
    for (const action of actions) action(context);
  };

/** An engine trading `instrument` on a 1,000,000 USD margin account, seed 1 (`config` overrides), with `strategy` as `S`. */
export function scriptedEngine(
  instrument: Instrument,
  strategy: Strategy,
  config: Partial<BacktestEngineConfig> = {},
): BacktestEngine {
  const engine = new BacktestEngine({
    startingCash: 1_000_000,
    baseCurrency: 'USD',
    accountType: 'margin',
    seed: 1,
    ...config,
  });
  engine.addInstrument(instrument);
  engine.addStrategy(strategy, 'S');
  return engine;
}

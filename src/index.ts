/**
 * Tradewind's public API for strategy authors and embedders:
 * `import type { Strategy, StrategyContext, Bar } from 'tradewind'`.
 */

export { readMarketDataFile } from './adapters/data/index.ts';
export { computePerformance } from './core/analysis/index.ts';
export * from './core/data/index.ts';
export * from './core/indicators/index.ts';
export {
  BacktestEngine,
  type BacktestEngineConfig,
  type BacktestResult,
  type BacktestResultStore,
} from './core/kernel/index.ts';
export type { Bar, BarSeries, QuoteSeries, QuoteTick, TradeSeries, TradeTick } from './core/model/data.ts';
export type { OrderEvent, OrderFilled, PositionChanged, TimeEvent } from './core/model/events.ts';
export type { Instrument } from './core/model/instrument.ts';
export { createInstrument } from './core/model/instrument.ts';
export type { Order, OrderRequest, OrderSide, OrderType, TimeInForce } from './core/model/order.ts';
export type { Logger, ParameterSchema, Strategy, StrategyClass, StrategyContext } from './core/strategy/index.ts';

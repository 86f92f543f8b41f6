export { type Logger, SILENT_LOGGER } from './logger.ts';
export {
  type LimitOrderOptions,
  OrderFactory,
  type StopLimitOrderOptions,
  type StopMarketOrderOptions,
} from './order-factory.ts';
export type { ParameterSchema, Strategy, StrategyClass } from './strategy.ts';
export type { CacheView, StrategyContext } from './strategy-context.ts';

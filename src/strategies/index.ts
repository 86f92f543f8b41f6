import type { StrategyClass } from '../core/strategy/strategy.ts';
import { MaCrossStrategy } from './ma-cross/index.ts';
import { MaHmmEnsembleStrategy } from './ma-hmm-ensemble/index.ts';
import { MeanReversionStrategy } from './mean-reversion/index.ts';
import { MomentumStrategy } from './momentum/index.ts';
import { TrendFollowerStrategy } from './trend-follower/index.ts';

/** Built-in strategies by the name configs and the CLI use. */
export const BUILT_IN_STRATEGIES: Readonly<
  Record<string, { strategy: StrategyClass<never>; defaults: Record<string, unknown> }>
> = {
  ema_cross: { strategy: MaCrossStrategy as unknown as StrategyClass<never>, defaults: { average: 'ema' } },
  sma_cross: { strategy: MaCrossStrategy as unknown as StrategyClass<never>, defaults: { average: 'sma' } },
  ma_hmm_ensemble: { strategy: MaHmmEnsembleStrategy as unknown as StrategyClass<never>, defaults: {} },
  mean_reversion: { strategy: MeanReversionStrategy as unknown as StrategyClass<never>, defaults: {} },
  momentum: { strategy: MomentumStrategy as unknown as StrategyClass<never>, defaults: {} },
  trend_follower: { strategy: TrendFollowerStrategy as unknown as StrategyClass<never>, defaults: {} },
};

export { MaCrossStrategy } from './ma-cross/index.ts';
export { MaHmmEnsembleStrategy } from './ma-hmm-ensemble/index.ts';
export { MeanReversionStrategy } from './mean-reversion/index.ts';
export { MomentumStrategy } from './momentum/index.ts';
export { TrendFollowerStrategy } from './trend-follower/index.ts';

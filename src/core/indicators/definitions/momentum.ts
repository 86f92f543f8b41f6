import type { IndicatorDefinition } from '../indicator.ts';

/** Momentum oscillators: RSI, stochastics, MACD, PPO, ROC, CCI, Williams %R, MFI, Aroon. */
export const MOMENTUM_INDICATORS: readonly IndicatorDefinition[] = [];

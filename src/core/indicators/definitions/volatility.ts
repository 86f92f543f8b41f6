import type { IndicatorDefinition } from '../indicator.ts';

/** Ranges, bands, channels and trend followers: true range, ATR, ADX, Bollinger, Keltner, Donchian, SAR, SuperTrend, Ichimoku. */
export const VOLATILITY_INDICATORS: readonly IndicatorDefinition[] = [];

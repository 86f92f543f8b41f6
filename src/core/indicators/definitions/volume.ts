import type { IndicatorDefinition } from '../indicator.ts';

/** Volume-weighted and flow indicators, and realized-volatility estimators. */
export const VOLUME_INDICATORS: readonly IndicatorDefinition[] = [];

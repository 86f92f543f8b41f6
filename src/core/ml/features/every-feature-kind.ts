import { INDICATOR_DEFINITIONS } from '../../indicators/registry.ts';
import type { FeatureSpec } from './feature-spec.ts';

/**
 * Test support: a feature list with every kind and every single-series indicator of the registry
 * at its defaults (plus a few tuned ones), so the feature tests cover all of them.
 */
export function everyFeatureKind(external: Float64Array): FeatureSpec[] {
  return [
    { kind: 'return', horizon: 1 },
    { kind: 'return', horizon: 15 },
    { kind: 'return', horizon: 60, form: 'log' },
    { kind: 'volatility', window: 60 },
    { kind: 'volatility', window: 2 },
    { kind: 'volume_zscore', window: 60 },
    { kind: 'volume_zscore', window: 2 },
    { kind: 'time_of_day' },
    { kind: 'day_of_week' },
    { kind: 'external', name: 'regime_bull', values: external },
    { kind: 'indicator', name: 'rsi:7' },
    { kind: 'indicator', name: 'bbands:20,2.5' },
    ...INDICATOR_DEFINITIONS.filter((definition) => definition.input !== 'pair').map(
      (definition): FeatureSpec => ({ kind: 'indicator', name: definition.name }),
    ),
  ];
}

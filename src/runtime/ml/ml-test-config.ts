import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type MlConfig, parseMlConfig } from './ml-config.ts';

/** Test support for the ML runtime's tests (not part of the public API). */
const ROOT = fileURLToPath(new URL('../../..', import.meta.url));

/** The real BTC-PERP 1-minute sample of the repository. */
export const BTC_SAMPLE = join(ROOT, 'data', 'samples', 'btc-perp-20211231-20220201_1m.csv');

/** Label horizon of the small config, in bars. */
export const SMALL_HORIZON = 10;

/**
 * A small config: 4 features, 20 trees of depth 3, folds of 2,000 test bars after 5,000 training
 * bars; `overrides` replace top-level sections.
 */
export function smallMlConfig(overrides: Record<string, unknown> = {}): MlConfig {
  return parseMlConfig(
    {
      name: 'btc-small',
      seed: 7,
      data: { path: BTC_SAMPLE },
      instrument: { symbol: 'BTC-PERP', venue: 'FTX' },
      features: [
        { kind: 'return', horizon: 1 },
        { kind: 'return', horizon: 15 },
        { kind: 'volatility', window: 30 },
        { kind: 'indicator', name: 'rsi:14' },
      ],
      label: { kind: 'forward_return', horizon: SMALL_HORIZON, threshold: 0 },
      walk_forward: { train_bars: 5000, test_bars: 2000 },
      model: { trees: 20, max_depth: 3, learning_rate: 0.1, min_leaf_samples: 50 },
      ...overrides,
    },
    'test.yaml',
    ROOT,
  );
}

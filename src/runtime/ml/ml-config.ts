import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import type { FeatureSpec } from '../../core/ml/features/index.ts';
import { dataConfig, instrumentConfig } from '../config/backtest-config.ts';
import { ConfigError, formatIssues } from '../config/load-backtest-config.ts';

const timestampText = z
  .union([z.string(), z.number()])
  .describe('ISO 8601 date or date-time (UTC unless an offset is given), or Unix milliseconds');

/** One feature of the model's input, as `src/core/ml/features` defines it (external columns are not configurable). */
const featureConfig = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('return'),
      horizon: z.number().int().min(1).describe('bars back'),
      form: z.enum(['simple', 'log']).default('simple').describe('simple or log return'),
    })
    .strict(),
  z
    .object({
      kind: z.literal('volatility'),
      window: z.number().int().min(2).describe('one-bar log returns in the window'),
    })
    .strict(),
  z
    .object({
      kind: z.literal('indicator'),
      name: z.string().min(1).describe("an indicator registry spec, e.g. 'rsi:14', 'macd:12,26,9'"),
    })
    .strict(),
  z
    .object({ kind: z.literal('volume_zscore'), window: z.number().int().min(2).describe('volumes in the window') })
    .strict(),
  z.object({ kind: z.literal('time_of_day') }).strict(),
  z.object({ kind: z.literal('day_of_week') }).strict(),
]);

/** The binary target: 1 when the forward outcome is favourable, 0 otherwise. */
const labelConfig = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('forward_return'),
      horizon: z.number().int().min(1).describe('bars ahead'),
      threshold: z.number().default(0).describe('label 1 when the forward return is strictly above this fraction'),
      form: z.enum(['simple', 'log']).default('simple').describe('simple or log forward return'),
    })
    .strict(),
  z
    .object({
      kind: z.literal('triple_barrier'),
      horizon: z.number().int().min(1).describe('vertical barrier: bars after entry'),
      upper: z.number().positive().describe('upper (profit) barrier distance'),
      lower: z.number().positive().describe('lower (loss) barrier distance'),
      width: z
        .enum(['fraction', 'volatility'])
        .default('fraction')
        .describe('fraction: distances are fractions of the close; volatility: multiples of volatility_<window>'),
      volatility_window: z.number().int().min(2).default(60).describe('window of the volatility width'),
      vertical: z.enum(['zero', 'sign']).default('zero').describe('label when no barrier is touched (before 1/0)'),
    })
    .strict()
    .describe('label 1 when the upper barrier is touched first (or the vertical outcome is positive)'),
]);

const walkForwardConfig = z
  .object({
    train_bars: z.number().int().min(1).describe('bars in a (rolling, or the first expanding) training window'),
    test_bars: z.number().int().min(1).describe('bars predicted per fold'),
    step: z.number().int().min(1).optional().describe('bars between retrainings; default test_bars'),
    mode: z.enum(['rolling', 'expanding']).default('rolling').describe('rolling or expanding training window'),
    purge: z
      .number()
      .int()
      .min(0)
      .optional()
      .describe("bars dropped before each test window; default the label's horizon"),
    embargo: z.number().int().min(0).default(0).describe('further bars dropped between training and test'),
  })
  .strict();

const modelConfig = z
  .object({
    trees: z.number().int().min(1).default(100).describe('boosting rounds'),
    max_depth: z.number().int().min(1).max(16).default(4).describe('depth of each tree'),
    learning_rate: z.number().positive().max(1).default(0.05).describe('shrinkage per tree'),
    lambda: z.number().min(0).default(1).describe('L2 penalty on leaf values'),
    min_leaf_samples: z.number().int().min(1).default(50).describe('fewest training rows in a leaf'),
    feature_fraction: z.number().positive().max(1).default(1).describe('share of features tried per tree'),
    row_fraction: z.number().positive().max(1).default(1).describe('share of rows sampled per tree'),
    early_stopping_rounds: z
      .number()
      .int()
      .min(1)
      .optional()
      .describe('stop after this many rounds without a better validation loss (needs validation_fraction)'),
    validation_fraction: z
      .number()
      .positive()
      .max(0.5)
      .default(0.2)
      .describe('with early stopping: the last share of each training window held out for validation'),
  })
  .strict();

/** `tradewind ml train` configuration (YAML). */
export const mlConfig = z
  .object({
    name: z
      .string()
      .regex(/^[a-z0-9][a-z0-9_-]*$/, 'lower-case letters, digits, _ and -')
      .describe('model name: the registry folder'),
    seed: z.number().int().min(0).default(42).describe('seed of the row and feature subsampling'),
    data: dataConfig,
    instrument: instrumentConfig,
    period: z
      .object({ from: timestampText.optional(), to: timestampText.optional() })
      .strict()
      .default({})
      .describe('range of bars used: [from, to)'),
    features: z.array(featureConfig).min(1).describe('the model inputs, in column order'),
    label: labelConfig,
    walk_forward: walkForwardConfig,
    model: modelConfig.default(modelConfig.parse({})),
  })
  .strict();

export type MlConfig = z.infer<typeof mlConfig>;
export type MlFeatureConfig = z.infer<typeof featureConfig>;
export type MlLabelConfig = z.infer<typeof labelConfig>;

/** A parsed config with its source path and a SHA-256 of its text (the registry records both). */
export interface ResolvedMlConfig {
  readonly config: MlConfig;
  readonly source: string;
  readonly hash: string;
}

/** The feature specs of the core for the configured features (same order). */
export function featureSpecs(features: readonly MlFeatureConfig[]): FeatureSpec[] {
  return features.map((feature) => ({ ...feature }) as FeatureSpec);
}

/** The bars the label reads after its own: purge default. */
export function labelHorizon(label: MlLabelConfig): number {
  return label.horizon;
}

/** Validates a parsed YAML mapping; `source` names it in errors. Relative data paths resolve against `baseDir`. */
export function parseMlConfig(value: unknown, source: string, baseDir: string): MlConfig {
  const parsed = mlConfig.safeParse(value);
  if (!parsed.success) throw new ConfigError(formatIssues(source, parsed.error));
  const config = parsed.data;
  if (config.model.early_stopping_rounds !== undefined && config.walk_forward.train_bars < 10)
    throw new ConfigError(`${source}: field 'walk_forward.train_bars': too few bars for a validation tail`);
  if (config.data.path !== undefined && !isAbsolute(config.data.path))
    config.data.path = resolve(baseDir, config.data.path);
  return config;
}

/** Reads and validates an ML config file; errors name the file and the field. */
export async function loadMlConfig(file: string): Promise<ResolvedMlConfig> {
  const source = resolve(file);
  let text: string;
  try {
    text = await readFile(source, 'utf8');
  } catch (error) {
    throw new ConfigError(`cannot read config file ${source}: ${(error as Error).message}`);
  }
  let value: unknown;
  try {
    value = parseYaml(text);
  } catch (error) {
    throw new ConfigError(`${source}: invalid YAML: ${(error as Error).message}`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw new ConfigError(`${source}: the top level must be a mapping`);
  const config = parseMlConfig(value, source, dirname(source));
  return { config, source, hash: createHash('sha256').update(text).digest('hex') };
}

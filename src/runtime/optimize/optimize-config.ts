import { z } from 'zod';

const parameterValue = z.union([z.number(), z.string(), z.boolean()]);

/** One parameter's search range: a list of values, or a numeric interval. */
export const parameterRange = z.union([
  z.object({ values: z.array(parameterValue).min(1).describe('the values to try, in this order on a grid') }).strict(),
  z
    .object({
      min: z.number().describe('lowest value (included)'),
      max: z.number().describe('highest value (included)'),
      step: z
        .number()
        .positive()
        .optional()
        .describe('grid spacing from min; a grid needs it; random search then draws among these points too'),
      scale: z
        .enum(['linear', 'log'])
        .default('linear')
        .describe('random draws uniform in the value (linear) or in its logarithm (log, min > 0)'),
      integer: z.boolean().default(false).describe('round random draws to whole numbers (periods, bar counts)'),
    })
    .strict()
    .refine((r) => r.min <= r.max, { message: 'min must not exceed max' })
    .refine((r) => r.scale !== 'log' || r.min > 0, { message: 'a log scale needs min > 0' }),
]);
export type ParameterRange = z.infer<typeof parameterRange>;
export type ParameterValue = z.infer<typeof parameterValue>;

/** Metrics a search can maximize (max_drawdown is minimized by ranking its negative). */
export const OBJECTIVES = ['sharpe', 'sortino', 'calmar', 'total_return', 'profit_factor'] as const;
export type Objective = (typeof OBJECTIVES)[number];

/** The `optimize:` section of a config file, beside the backtest's own sections. */
export const optimizeConfig = z
  .object({
    method: z
      .enum(['grid', 'random', 'walk_forward'])
      .default('random')
      .describe(
        'grid: every combination; random: `trials` seeded draws; walk_forward: a grid (or random search with `trials`) chosen again on each training window and judged on the window after it',
      ),
    search: z
      .enum(['grid', 'random'])
      .optional()
      .describe(
        'walk_forward only: how each training window is searched (default: grid when every range has values or a step)',
      ),
    parameters: z
      .record(z.string(), parameterRange)
      .refine((p) => Object.keys(p).length > 0, { message: 'name at least one parameter to search' })
      .describe(
        "strategy parameters to search, each `{ values: [...] }` or `{ min, max, step?, scale?, integer? }`; the config's strategy.params hold the fixed ones",
      ),
    trials: z.number().int().min(1).default(100).describe('parameter sets drawn by a random search'),
    seed: z.number().int().default(1).describe('seed of the random draws and of the permutation test'),
    objective: z.enum(OBJECTIVES).default('sharpe').describe('in-sample metric the best parameter set maximizes'),
    min_trades: z
      .number()
      .int()
      .min(0)
      .default(5)
      .describe('a parameter set with fewer closed trades in-sample is never selected'),
    in_sample: z
      .number()
      .gt(0)
      .lt(1)
      .default(0.7)
      .describe('share of the bars in the (first) in-sample window; the rest is out-of-sample'),
    folds: z
      .number()
      .int()
      .min(1)
      .default(4)
      .describe('walk_forward: out-of-sample windows after the first in-sample one'),
    window: z
      .enum(['rolling', 'expanding'])
      .default('rolling')
      .describe(
        'walk_forward: train on the bars just before each test window (rolling) or on all before it (expanding)',
      ),
    workers: z
      .number()
      .int()
      .min(1)
      .optional()
      .describe('worker threads (default: every core); results do not depend on it'),
    permutations: z
      .number()
      .int()
      .min(1)
      .default(1000)
      .describe('Monte-Carlo runs of the permutation test of the selected trades'),
    max_trials: z.number().int().min(1).default(100_000).describe('refuse a grid larger than this many combinations'),
  })
  .strict();
export type OptimizeConfig = z.infer<typeof optimizeConfig>;

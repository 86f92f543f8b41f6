import { readFile } from 'node:fs/promises';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { createLanguageModelClient, type LlmEnvironment, llmProviderConfig } from '../../adapters/llm/index.ts';
import type { LanguageModelClient } from '../../core/advisor/index.ts';
import { ConfigError } from '../config/load-backtest-config.ts';

const bound = z
  .object({
    min: z.number().describe('lowest value the advisor may set'),
    max: z.number().describe('highest value the advisor may set'),
    max_daily_change: z
      .number()
      .positive()
      .describe('largest total movement per UTC day (sum of |new − old| over the day’s changes)'),
    integer: z.boolean().default(false).describe('whole numbers only (lookbacks, counts)'),
  })
  .strict();

const thresholds = z
  .object({
    drawdown_reduce: z.number().positive().optional().describe('cut risk at this drawdown (default 0.1)'),
    drawdown_pause: z.number().positive().optional().describe('pause a strategy at this drawdown (default 0.2)'),
    pause_sharpe: z.number().optional().describe('pause a strategy whose Sharpe is below this (default -0.5)'),
    min_trades: z.number().int().min(0).optional().describe('trades needed before the Sharpe rule acts (default 20)'),
    slippage_drift_bps: z
      .number()
      .positive()
      .optional()
      .describe('cut risk when realized slippage exceeds the modelled by this (default 10)'),
    risk_events_reduce: z
      .number()
      .int()
      .positive()
      .optional()
      .describe('cut risk after this many risk events (default 5)'),
    reduce_fraction: z
      .number()
      .min(0.01)
      .max(0.9)
      .optional()
      .describe('share each cut takes off the limits (default 0.25)'),
    resume_sharpe: z.number().optional().describe('resume a paused strategy at this Sharpe (default 0.5)'),
    resume_drawdown: z.number().min(0).optional().describe('… and at most this drawdown (default 0.05)'),
  })
  .strict();

/**
 * The advisor's settings: `llm.policy.yaml` in a node config directory (the node's `llm:` section),
 * or a file given with `--llm`. Every key has a default, so an empty file (or none) means: no
 * model, the rule-based advisor, the template explanations and the sentiment lexicon.
 */
export const advisorConfig = z
  .object({
    context_length: z
      .number()
      .int()
      .min(256)
      .default(4096)
      .describe('tokens the decision prompt may use (the model’s context when it states none)'),
    chars_per_token: z.number().positive().default(4).describe('characters per token, to size the tables'),
    reserve_tokens: z
      .number()
      .int()
      .min(0)
      .default(1024)
      .describe('tokens kept free of tables: the instructions and the answer'),
    window_days: z.number().positive().default(7).describe('days of the run the tables cover, ending at its last bar'),
    auto_approve: z
      .boolean()
      .default(true)
      .describe('SIM and PAPER apply a change that passes the bounds at once; LIVE always waits for a person'),
    pending_ttl_hours: z.number().positive().default(24).describe('hours a pending change may still be approved'),
    timeout_ms: z.number().int().positive().default(120_000).describe('budget of one advisor call'),
    tiers: z
      .object({
        tier1: llmProviderConfig
          .optional()
          .describe('small model: headline sentiment (short prompts, truncated input)'),
        tier2: llmProviderConfig.optional().describe('summaries and trade / day explanations'),
        tier3: llmProviderConfig.optional().describe('policy decisions that could move money (budgeted)'),
      })
      .strict()
      .default({})
      .describe(
        'which model serves each tier; an absent tier (or provider: none) falls back to the deterministic path',
      ),
    budget: z
      .object({
        tier3_calls_per_day: z.number().int().min(0).default(24).describe('tier-3 calls per UTC day'),
        tier3_tokens_per_day: z
          .number()
          .int()
          .min(0)
          .default(200_000)
          .describe('tier-3 tokens (prompt + answer) per UTC day'),
      })
      .strict()
      .default({ tier3_calls_per_day: 24, tier3_tokens_per_day: 200_000 })
      .describe('daily tier-3 budget; once spent, the rule-based advisor answers until the next UTC day'),
    thresholds: thresholds.default({}).describe('the rule-based advisor’s thresholds'),
    policy: z
      .object({
        strategies: z
          .record(
            z.string(),
            z
              .object({
                parameters: z
                  .record(z.string(), bound)
                  .default({})
                  .describe('parameters the advisor may set, with bounds'),
                presets: z.array(z.string()).default([]).describe('presets the advisor may switch to'),
              })
              .strict(),
          )
          .default({}),
      })
      .strict()
      .default({ strategies: {} })
      .describe('what the advisor may touch per strategy; anything else it may only pause or resume'),
  })
  .strict();

export type AdvisorConfig = z.infer<typeof advisorConfig>;

/** The tiers of the blueprint: 1 classifies headlines, 2 writes summaries and explanations, 3 decides. */
export type AdvisorTier = 1 | 2 | 3;

/** Validates an `llm:` section or an `llm.policy.yaml` mapping; errors name `where` and the field. */
export function parseAdvisorConfig(value: unknown, where: string): AdvisorConfig {
  const parsed = advisorConfig.safeParse(value ?? {});
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
  throw new ConfigError(`${where}: ${problems.join('; ')}`);
}

/** Reads and validates an advisor config file (YAML); undefined path → every default. */
export async function loadAdvisorConfig(path: string | undefined): Promise<AdvisorConfig> {
  if (path === undefined) return parseAdvisorConfig({}, 'advisor defaults');
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new ConfigError(`${path}: cannot read the advisor config: ${(error as Error).message}`);
  }
  let value: unknown;
  try {
    value = parseYaml(text);
  } catch (error) {
    throw new ConfigError(`${path}: not valid YAML: ${(error as Error).message}`);
  }
  return parseAdvisorConfig(value, path);
}

/** The client of a tier, or undefined when the tier has no model (the deterministic path answers). */
export function tierClient(
  config: AdvisorConfig,
  tier: AdvisorTier,
  env: LlmEnvironment,
): LanguageModelClient | undefined {
  const provider = config.tiers[`tier${tier}`];
  return provider === undefined ? undefined : createLanguageModelClient(provider, env);
}

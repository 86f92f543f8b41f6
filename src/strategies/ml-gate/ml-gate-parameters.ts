import { z } from 'zod';

export const mlGateParameters = z
  .object({
    base: z
      .object({
        name: z
          .string()
          .min(1)
          .describe('the built-in strategy whose entries are gated (ema_cross, trend_follower, momentum, ...)'),
        params: z
          .record(z.string(), z.unknown())
          .default({})
          .describe("the base strategy's own parameters, validated by it (its preset applies)"),
      })
      .strict()
      .describe('the strategy that decides what to trade; the gate only removes some of its entries'),
    model: z
      .string()
      .min(1)
      .describe(
        'the model: name (latest version) or name@version in the registry, as `tradewind ml list` shows it, or a path to a version folder or its model.json',
      ),
    registry: z
      .string()
      .min(1)
      .optional()
      .describe(
        'model registry folder (relative to the config file); default models/ in the working directory, as `tradewind ml` uses',
      ),
    threshold: z
      .number()
      .min(0)
      .max(1)
      .default(0.55)
      .describe("a long entry (buy) passes when the model's probability p on the current bar is ≥ threshold"),
    short_threshold: z
      .number()
      .min(0)
      .max(1)
      .optional()
      .describe('a short entry (sell) passes when p ≤ short_threshold; default 1 − threshold'),
    instrument: z
      .string()
      .optional()
      .describe(
        "instrument whose bars feed the features and whose entries are gated; default: the base's instrument parameter, else the first one loaded",
      ),
  })
  .strict();

export type MlGateParameters = z.infer<typeof mlGateParameters>;

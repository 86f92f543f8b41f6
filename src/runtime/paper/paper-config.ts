import { z } from 'zod';

const timestampText = z
  .union([z.string(), z.number()])
  .describe('ISO 8601 date or date-time (UTC unless an offset is given), or Unix milliseconds');

/** `60x` (60 times real time), `1x`, `0.5x`, or `max` (as fast as the node can take them). */
export const replaySpeed = z
  .string()
  .regex(/^(max|\d+(\.\d+)?x)$/, "a speed like '60x', '1x' or 'max'")
  .refine((text) => text === 'max' || Number(text.slice(0, -1)) > 0, 'the speed must be above 0x')
  .describe("replay pace: '60x' plays an hour of bars in a minute of wall time, 'max' as fast as possible");

/** Bars per wall-clock second factor of a speed text: Infinity for `max`. */
export function speedFactor(text: string): number {
  return text === 'max' ? Number.POSITIVE_INFINITY : Number(text.slice(0, -1));
}

/**
 * The `paper:` section of a backtest config file: how the paper node warms up, reports and
 * replays. Everything else (instrument, data, strategy, account, execution, risk) is the
 * backtest's, so a paper run and a backtest of one file trade the same way.
 */
export const paperConfig = z
  .object({
    warmup_bars: z
      .number()
      .int()
      .min(0)
      .default(200)
      .describe(
        'bars before the start fed to the strategies (indicators warm, every order is denied WARMING_UP); 0: start cold, as a backtest does',
      ),
    status_seconds: z
      .number()
      .positive()
      .default(10)
      .describe('seconds between two status lines on stderr (mode, equity, positions, open orders, last bar age)'),
    snapshot_every_bars: z
      .number()
      .int()
      .positive()
      .default(1_440)
      .describe('bars between two portfolio snapshots in the store (cash, equity, exposure, drawdown, open orders)'),
    replay: z
      .object({
        from: timestampText.optional().describe('first bar replayed (default: the config period.from)'),
        to: timestampText.optional().describe('end of the replay, exclusive (default: the config period.to)'),
        speed: replaySpeed.default('max'),
      })
      .strict()
      .default({ speed: 'max' })
      .describe('defaults of --replay (flags override them)'),
    live: z
      .object({
        exchange: z
          .string()
          .min(1)
          .optional()
          .describe('ccxt exchange id of the live bar stream (default: instrument.venue, lower case)'),
        symbol: z
          .string()
          .min(1)
          .optional()
          .describe('unified venue symbol of the stream (default: instrument.symbol)'),
        timeout_ms: z.number().int().positive().default(10_000).describe('REST / WebSocket timeout of the venue, ms'),
      })
      .strict()
      .default({ timeout_ms: 10_000 })
      .describe('the live bar stream (without --replay): a ccxt WebSocket or polling DataClient'),
  })
  .strict();

export type PaperConfig = z.infer<typeof paperConfig>;

import { z } from 'zod';

/** An inclusive [min, max] range the auto-tune keeps a setting in. */
const range = (min: number, max: number, what: string) =>
  z
    .tuple([z.number().nonnegative(), z.number().nonnegative()])
    .default([min, max])
    .refine(([low, high]) => low <= high, { message: 'min must not exceed max' })
    .describe(`auto-tune bounds [min, max] of ${what}`);

export const trendFollowerParameters = z
  .object({
    rsi_period: z
      .number()
      .int()
      .min(2)
      .default(14)
      .describe('bars in the RSI (Wilder); the starting value when auto_tune'),
    rsi_entry: z
      .number()
      .gt(50)
      .lt(100)
      .default(55)
      .describe(
        'long when RSI crosses up through this level; short (long_short) when it crosses down through 100 minus it',
      ),
    trend_period: z
      .number()
      .int()
      .min(1)
      .default(50)
      .describe('bars in the EMA trend filter: long only above it, short only below'),
    atr_period: z
      .number()
      .int()
      .min(1)
      .default(14)
      .describe('bars in the ATR (Wilder) that sizes the stop and the target'),
    stop_atr: z.number().positive().default(2).describe('stop distance from the entry fill, in ATRs of the signal bar'),
    target_atr: z
      .number()
      .positive()
      .default(3)
      .describe('target distance from the entry fill, in ATRs of the signal bar'),
    cooldown_bars: z.number().int().min(0).default(5).describe('bar closes after an exit at which no entry is taken'),
    quantity: z.number().positive().default(0.2).describe('order size in base units (shares, coins, contracts)'),
    mode: z
      .enum(['long_only', 'long_short'])
      .default('long_only')
      .describe('long_short also takes the mirrored short entries'),
    auto_tune: z
      .boolean()
      .default(false)
      .describe('adjust rsi_period, stop_atr, target_atr and cooldown_bars from the rolling win rate'),
    tune_every: z.number().int().min(1).default(10).describe('closed trades between two auto-tune steps'),
    tune_window: z.number().int().min(1).default(20).describe('closed trades in the rolling win rate'),
    target_win_rate: z.number().gt(0).lt(1).default(0.45).describe('win rate the auto-tune steers towards (fraction)'),
    tune_tolerance: z
      .number()
      .min(0)
      .lt(1)
      .default(0.05)
      .describe('no change while the win rate is within this distance of target_win_rate'),
    tune_step: z
      .number()
      .gt(0)
      .lt(1)
      .default(0.1)
      .describe('relative size of one auto-tune step (integers move by at least 1)'),
    rsi_period_bounds: range(7, 28, 'rsi_period'),
    stop_atr_bounds: range(1, 4, 'stop_atr'),
    target_atr_bounds: range(1.5, 6, 'target_atr'),
    cooldown_bars_bounds: range(0, 60, 'cooldown_bars'),
    instrument: z.string().optional().describe('instrument id to trade; default: the first one loaded'),
  })
  .strict()
  .superRefine((p, issues) => {
    const [rsiLow, rsiHigh] = p.rsi_period_bounds;
    if (!Number.isInteger(rsiLow) || !Number.isInteger(rsiHigh) || rsiLow < 2 || rsiHigh - rsiLow > 200)
      issues.addIssue({
        code: 'custom',
        path: ['rsi_period_bounds'],
        message: 'integers ≥ 2, at most 200 apart',
      });
    const [coolLow, coolHigh] = p.cooldown_bars_bounds;
    if (!Number.isInteger(coolLow) || !Number.isInteger(coolHigh))
      issues.addIssue({ code: 'custom', path: ['cooldown_bars_bounds'], message: 'integers' });
    if (!p.auto_tune) return;
    const inside = (name: string, value: number, [low, high]: readonly [number, number]) => {
      if (value < low || value > high)
        issues.addIssue({ code: 'custom', path: [name], message: `must lie within ${name}_bounds [${low}, ${high}]` });
    };
    inside('rsi_period', p.rsi_period, p.rsi_period_bounds);
    inside('stop_atr', p.stop_atr, p.stop_atr_bounds);
    inside('target_atr', p.target_atr, p.target_atr_bounds);
    inside('cooldown_bars', p.cooldown_bars, p.cooldown_bars_bounds);
  });

export type TrendFollowerParameters = z.infer<typeof trendFollowerParameters>;

import { z } from 'zod';

/**
 * The scalper's parameters. Distances are in basis points of a price (1 bp = 0.01%); durations in
 * bars of the subscribed timeframe. Defaults trade 0.2 BTC on 1-minute BTC-PERP bars within the
 * default risk limits.
 */
export const scalperParameters = z
  .object({
    entry_offset_bps: z
      .number()
      .nonnegative()
      .max(1000)
      .default(15)
      .describe(
        'entry limit distance from the reference price: a buy at the last close × (1 − offset / 1e4), a sell at close × (1 + offset / 1e4); with a quote, from its bid (buy) and ask (sell)',
      ),
    timeout_bars: z
      .number()
      .int()
      .min(1)
      .default(3)
      .describe('bars an entry limit works at the venue; untouched after them, it expires (limit with a timeout)'),
    target_bps: z
      .number()
      .positive()
      .default(20)
      .describe('take-profit distance from the average entry fill price (a reduce-only limit)'),
    stop_bps: z
      .number()
      .positive()
      .max(1000)
      .default(40)
      .describe('stop-loss distance from the average entry fill price (a reduce-only stop-market)'),
    max_hold_bars: z
      .number()
      .int()
      .min(1)
      .default(30)
      .describe(
        'time stop: bar closes a trade may stay open (the entry fill bar is the first), then a reduce-only market order closes it',
      ),
    max_spread_bps: z
      .number()
      .positive()
      .default(4)
      .describe(
        'spread guard: no new entry while the spread estimate (quoted, else Abdi–Ranaldo from bars) exceeds this',
      ),
    spread_window: z
      .number()
      .int()
      .min(1)
      .default(30)
      .describe('pairs of consecutive bars in the Abdi–Ranaldo spread estimate (the window spans one bar more)'),
    quote_max_age_ms: z
      .number()
      .int()
      .nonnegative()
      .default(5_000)
      .describe('a quote (onQuote) this recent, in ms, sets the spread instead of the bar estimate'),
    cooldown_bars: z
      .number()
      .int()
      .nonnegative()
      .default(15)
      .describe('bar closes without a new entry on an instrument after its trade closed (the exit bar is the first)'),
    cooldown_after_timeout: z.boolean().default(false).describe('also cool down after entry limits expired untouched'),
    quantity: z.number().positive().default(0.2).describe('order size in base units (shares, coins, contracts)'),
    mode: z
      .enum(['long_only', 'long_short'])
      .default('long_only')
      .describe('long_short rests a sell above the price beside the buy below it; the first to fill cancels the other'),
    instruments: z
      .array(z.string().min(1))
      .min(1)
      .optional()
      .describe('instrument ids to trade, each with its own state; default: every instrument loaded'),
  })
  .strict();

export type ScalperParameters = z.infer<typeof scalperParameters>;

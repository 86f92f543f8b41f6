import { z } from 'zod';
import type { BacktestRiskConfig } from '../../core/kernel/index.ts';
import {
  DEFAULT_RISK_LIMITS,
  type ExitRules,
  type RiskLimits,
  RiskPolicy,
  resolveExitRules,
  riskLimits,
} from '../../core/risk/index.ts';

/** A limit: a positive number, or `none` for no limit. */
const limit = (description: string) =>
  z
    .union([z.number().positive(), z.literal('none')], {
      error: "expected a positive number (a fraction: 0.1 = 10%) or 'none'",
    })
    .optional()
    .describe(`${description}; 'none' switches it off`);

const count = (description: string) =>
  z
    .union([z.number().int().positive(), z.literal('none')], { error: "expected a positive whole number or 'none'" })
    .optional()
    .describe(`${description}; 'none' switches it off`);

/** The limits as risk.yaml spells them (snake_case); each absent one keeps the blueprint default. */
export const riskLimitsConfig = z
  .object({
    max_order_notional: limit('largest notional of one order, account currency (default none)'),
    max_position: limit(
      'largest |position| per instrument as a fraction of equity, counting same-side working orders (default 0.1)',
    ),
    max_position_notional: limit('largest |position| notional per instrument, account currency (default none)'),
    max_gross_exposure: limit('largest gross exposure Σ|quantity × price| as a fraction of equity (default 0.5)'),
    max_net_exposure: limit('largest |net exposure| as a fraction of equity (default 0.5)'),
    max_open_orders: count('most orders working at once (default 100)'),
    max_orders_per_second: count('most submits and modifies in any second (default 100)'),
    price_collar: limit('largest distance of a limit price from the last price, a fraction (default 0.1)'),
    round_to_increments: z
      .boolean()
      .optional()
      .describe('round prices and quantities to the instrument grid instead of denying them (default false)'),
    risk_per_trade: z
      .number()
      .gt(0)
      .lt(1)
      .optional()
      .describe('equity risked per trade by the risk-per-trade sizer, a fraction (default 0.005)'),
  })
  .strict();

const tradingStateConfig = z.enum(['halted', 'reducing']);

const distance = (what: string) =>
  z
    .object({
      percent: z.number().optional().describe(`${what} as a fraction of the price, in (0, 1): 0.02 = 2%`),
      atr_multiple: z.number().optional().describe(`${what} as a multiple of the ATR`),
    })
    .strict();

const exitsConfig = z
  .object({
    stop_loss: distance("distance below a long's (above a short's) average entry price")
      .optional()
      .describe('stop-loss: a reduce-only stop-market order behind the entry'),
    take_profit: distance('distance beyond the average entry price')
      .extend({
        risk_multiple: z.number().optional().describe('a multiple of the stop-loss distance (an R multiple)'),
      })
      .strict()
      .optional()
      .describe('take-profit: a reduce-only limit order beyond the entry; one-cancels-other with the stops'),
    trailing_stop: distance('distance behind the best price since entry')
      .extend({
        activation_percent: z
          .number()
          .optional()
          .describe('trail only once the trade is this fraction in profit (0.01 = 1%)'),
      })
      .strict()
      .optional()
      .describe('trailing stop: only ever tightens'),
    time_stop: z
      .object({
        bars: z.number().optional().describe('exit at market after this many bars'),
        minutes: z.number().optional().describe('exit at market this many minutes after the opening fill'),
      })
      .strict()
      .optional()
      .describe('time stop'),
    mode: z
      .enum(['native', 'simulated'])
      .default('native')
      .describe('native: resting orders at the venue; simulated: the engine watches bars and exits at market'),
    atr_period: z.number().int().positive().default(14).describe('ATR period (Wilder) for the atr_multiple distances'),
  })
  .strict();

/** The `risk:` section of a config file, and the whole of a risk.yaml file. */
export const riskConfig = z
  .object({
    limits: riskLimitsConfig.default({}).describe('pre-trade limits; the blueprint defaults apply to those not given'),
    bounds: riskLimitsConfig
      .optional()
      .describe('hard bounds: the loosest value any run-time policy change may set; default: the limits themselves'),
    daily_drawdown: z
      .object({
        limit: z
          .number()
          .gt(0)
          .lt(1)
          .default(0.05)
          .describe("drawdown from the day's high-water mark that halts trading, a fraction (0.05 = 5%)"),
        cooldown_minutes: z
          .number()
          .int()
          .min(0)
          .default(60)
          .describe('minutes trading stays HALTED after the kill (working orders canceled, positions flattened)'),
        day_offset_minutes: z
          .number()
          .int()
          .min(-1440)
          .max(1440)
          .default(0)
          .describe('where the trading day starts: minutes from 00:00 UTC (120 = 00:00 at UTC+2)'),
      })
      .strict()
      .optional()
      .describe('daily drawdown kill switch; absent: off'),
    stale_data: z
      .object({
        stale_after_intervals: z
          .number()
          .positive()
          .default(2)
          .describe('a bar stream silent for more than this many bar intervals is stale'),
        state: tradingStateConfig.default('halted').describe('the state while a stream is stale'),
      })
      .strict()
      .optional()
      .describe('stale-data circuit breaker; absent: off'),
    error_rate: z
      .object({
        max_rejections: z.number().int().positive().default(5).describe('venue rejections in the window that trip'),
        window_seconds: z.number().positive().default(60).describe('the counting window, seconds'),
        hold_minutes: z.number().min(0).default(5).describe('minimum minutes tripped before it may reset'),
        state: tradingStateConfig.default('reducing').describe('the state while tripped'),
      })
      .strict()
      .optional()
      .describe('error-rate circuit breaker on venue rejections; absent: off'),
    spread_stress: z
      .object({
        trip_multiple: z
          .number()
          .gt(1)
          .default(3)
          .describe("a quoted spread wider than this many times the instrument's rolling median spread trips"),
        release_multiple: z
          .number()
          .gt(0)
          .default(1.5)
          .describe('it resets once the spread is back within this many times the median (≤ trip_multiple)'),
        window: z.number().int().min(1).default(100).describe('quotes in the rolling median'),
        min_quotes: z.number().int().min(1).default(20).describe('quotes seen before it judges (≤ window)'),
        hold_minutes: z.number().min(0).default(1).describe('minimum minutes tripped before it may reset'),
        state: tradingStateConfig.default('reducing').describe('the state while tripped'),
      })
      .strict()
      .refine((c) => c.release_multiple <= c.trip_multiple, {
        message: 'release_multiple must be at most trip_multiple',
        path: ['release_multiple'],
      })
      .refine((c) => c.min_quotes <= c.window, { message: 'min_quotes must be at most window', path: ['min_quotes'] })
      .optional()
      .describe('spread-stress circuit breaker on quotes (tick data); absent: off'),
    exits: exitsConfig
      .optional()
      .describe(
        'managed exits attached to every position when it opens (stop-loss, take-profit, trailing, time); absent: none',
      ),
  })
  .strict();

export type RiskConfig = z.infer<typeof riskConfig>;
export type RiskLimitsConfig = z.infer<typeof riskLimitsConfig>;

const LIMIT_KEYS: Record<keyof RiskLimitsConfig, string> = {
  max_order_notional: 'maxOrderNotional',
  max_position: 'maxPositionFraction',
  max_position_notional: 'maxPositionNotional',
  max_gross_exposure: 'maxGrossExposure',
  max_net_exposure: 'maxNetExposure',
  max_open_orders: 'maxOpenOrders',
  max_orders_per_second: 'maxOrdersPerSecond',
  price_collar: 'priceCollar',
  round_to_increments: 'roundToIncrements',
  risk_per_trade: 'riskPerTrade',
};

/** risk.yaml's limits as the engine's RiskLimits fields (`none` → Infinity); absent ones left out. */
function limitOverrides(config: RiskLimitsConfig): Partial<RiskLimits> {
  const out: Record<string, number | boolean> = {};
  for (const [key, name] of Object.entries(LIMIT_KEYS)) {
    const value = config[key as keyof RiskLimitsConfig];
    if (value !== undefined) out[name] = value === 'none' ? Number.POSITIVE_INFINITY : value;
  }
  return out as Partial<RiskLimits>;
}

/** The engine's limits written back as risk.yaml spells them (Infinity → `none`): the inverse of the loader. */
export function riskLimitsConfigOf(limits: RiskLimits): RiskLimitsConfig {
  const out: Record<string, number | boolean | 'none'> = {};
  for (const [key, name] of Object.entries(LIMIT_KEYS)) {
    const value = limits[name as keyof RiskLimits];
    out[key] = typeof value === 'number' && !Number.isFinite(value) ? 'none' : value;
  }
  return out as RiskLimitsConfig;
}

/** The engine's risk rails from a validated `risk` section: the blueprint defaults under the given limits. */
export function backtestRiskConfig(config: RiskConfig): BacktestRiskConfig {
  const limits = riskLimits(DEFAULT_RISK_LIMITS, limitOverrides(config.limits), 'risk.limits');
  const policy = new RiskPolicy({
    limits,
    bounds: config.bounds === undefined ? undefined : limitOverrides(config.bounds),
  });
  const state = (text: 'halted' | 'reducing') => (text === 'halted' ? 'HALTED' : 'REDUCING');
  const exits = config.exits === undefined ? undefined : exitRules(config.exits);
  // Validated here, at load, so a bad rule is a configuration error naming its field.
  if (exits !== undefined) resolveExitRules(exits);
  return {
    policy,
    dailyDrawdown:
      config.daily_drawdown === undefined
        ? undefined
        : {
            limit: config.daily_drawdown.limit,
            cooldownMs: config.daily_drawdown.cooldown_minutes * 60_000,
            dayOffsetMinutes: config.daily_drawdown.day_offset_minutes,
          },
    staleData:
      config.stale_data === undefined
        ? undefined
        : {
            staleAfterIntervals: config.stale_data.stale_after_intervals,
            state: state(config.stale_data.state),
          },
    errorRate:
      config.error_rate === undefined
        ? undefined
        : {
            maxRejections: config.error_rate.max_rejections,
            windowMs: config.error_rate.window_seconds * 1000,
            minHoldMs: config.error_rate.hold_minutes * 60_000,
            state: state(config.error_rate.state),
          },
    spreadStress:
      config.spread_stress === undefined
        ? undefined
        : {
            tripMultiple: config.spread_stress.trip_multiple,
            releaseMultiple: config.spread_stress.release_multiple,
            window: config.spread_stress.window,
            minQuotes: config.spread_stress.min_quotes,
            minHoldMs: config.spread_stress.hold_minutes * 60_000,
            state: state(config.spread_stress.state),
          },
    exits,
  };
}

/** risk.yaml's exits as the engine's ExitRules (snake_case → camelCase; absent fields left out). */
function exitRules(config: NonNullable<RiskConfig['exits']>): ExitRules {
  const pick = <T extends object>(value: T | undefined) =>
    value === undefined
      ? undefined
      : (Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T);
  const distanceOf = (d: { percent?: number; atr_multiple?: number } | undefined) =>
    d === undefined ? undefined : pick({ percent: d.percent, atrMultiple: d.atr_multiple });
  return pick({
    stopLoss: distanceOf(config.stop_loss),
    takeProfit:
      config.take_profit === undefined
        ? undefined
        : pick({ ...distanceOf(config.take_profit), riskMultiple: config.take_profit.risk_multiple }),
    trailingStop:
      config.trailing_stop === undefined
        ? undefined
        : pick({ ...distanceOf(config.trailing_stop), activationPercent: config.trailing_stop.activation_percent }),
    timeStop: pick(config.time_stop),
    mode: config.mode,
    atrPeriod: config.atr_period,
  }) as ExitRules;
}

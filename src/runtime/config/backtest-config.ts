import { z } from 'zod';
import { MARKET_DATA_FORMATS, TIMESTAMP_FORMATS } from '../../adapters/data/index.ts';
import { isTimeframe } from '../../core/model/time.ts';
import { BUILT_IN_STRATEGIES } from '../../strategies/index.ts';
import { riskConfig } from './risk-config.ts';

const timestampText = z
  .union([z.string(), z.number()])
  .describe('ISO 8601 date or date-time (UTC unless an offset is given), or Unix milliseconds');

export const instrumentConfig = z
  .object({
    symbol: z.string().min(1).describe('instrument symbol, e.g. BTC/USDT, BTC-PERP, ORCL'),
    venue: z.string().min(1).default('SIM').describe('venue (exchange) name'),
    kind: z
      .enum(['spot', 'perpetual', 'equity'])
      .optional()
      .describe(
        'instrument kind; default: perpetual if the symbol ends in PERP, equity for daily bars of a symbol without / or -, else spot',
      ),
    base_currency: z.string().optional().describe('base currency; default: the part of the symbol before / or -'),
    quote_currency: z
      .string()
      .optional()
      .describe('quote currency; default: the part after / or - (USD for a plain ticker)'),
    price_increment: z
      .number()
      .positive()
      .optional()
      .describe('tick size; default: inferred from the decimals of the data'),
    size_increment: z.number().positive().optional().describe('lot size; default 1 for equities, 0.00000001 otherwise'),
    min_quantity: z.number().positive().optional().describe('smallest order quantity; default: the size increment'),
    min_notional: z.number().min(0).default(0).describe('smallest order notional in quote currency'),
    maker_fee: z.number().default(0).describe('maker fee rate (0.0002 = 2 bps); negative is a rebate'),
    taker_fee: z.number().min(0).default(0).describe('taker fee rate (0.0005 = 5 bps)'),
  })
  .strict();

export const dataConfig = z
  .object({
    path: z
      .string()
      .min(1)
      .optional()
      .describe(
        'bar file (CSV, Yahoo CSV, freqtrade JSON/.json.gz/Feather, Binance kline CSV, Kraken OHLC JSON, ccxt OHLCV JSON) or, for `tradewind backtest`, a quote or trade file (quotes CSV, trades CSV, Kraken trades CSV/JSON, Binance/ccxt/freqtrade trades, Parquet): the venue then matches on the ticks and the strategies get bars built from them',
      ),
    catalog: z
      .string()
      .min(1)
      .optional()
      .describe(
        "read the bars from this catalog folder instead of a file ('default': $TRADEWIND_CATALOG, else data/catalog/); needs timeframe, and takes the instrument's symbol and venue",
      ),
    format: z
      .enum(['auto', ...MARKET_DATA_FORMATS])
      .default('auto')
      .describe('file format; auto detects it'),
    timeframe: z
      .string()
      .refine(isTimeframe, "a timeframe like '1m', '5m', '1h', '1d'")
      .optional()
      .describe(
        'bar timeframe (1m, 5m, 1h, 1d, ...); default: detected from the timestamps. For a tick file: the timeframe of the bars built from the ticks (default 1m)',
      ),
    timestamp_format: z.enum(TIMESTAMP_FORMATS).default('auto').describe('how timestamps are written'),
    columns: z
      .object({
        timestamp: z.string().optional(),
        date: z.string().optional(),
        time: z.string().optional(),
        open: z.string().optional(),
        high: z.string().optional(),
        low: z.string().optional(),
        close: z.string().optional(),
        volume: z.string().optional(),
      })
      .strict()
      .optional()
      .describe('CSV column mapping: header names or 0-based indexes'),
    volume_unit: z
      .enum(['base', 'quote'])
      .default('base')
      .describe('quote: the volume column is quote notional and is converted to base units'),
    adjust: z
      .boolean()
      .default(false)
      .describe('Yahoo files: adjust open/high/low/close by Adj Close / Close, rounded to the price increment'),
  })
  .strict()
  .superRefine((data, context) => {
    if ((data.path === undefined) === (data.catalog === undefined))
      context.addIssue({ code: 'custom', message: 'give either path (a bar file) or catalog, not both or neither' });
    if (data.catalog !== undefined && data.timeframe === undefined)
      context.addIssue({ code: 'custom', path: ['timeframe'], message: 'a catalog source needs the bar timeframe' });
  });

export const executionConfig = z
  .object({
    fee_bps: z
      .number()
      .min(0)
      .optional()
      .describe("commission in basis points of notional for maker and taker fills; overrides the instrument's fees"),
    fixed_fee_per_order: z.number().min(0).default(0).describe('fixed fee per order, quote currency'),
    min_fee_per_order: z.number().min(0).default(0).describe('minimum total fee per order, quote currency'),
    slippage_bps: z
      .number()
      .min(0)
      .default(0)
      .describe('half the bid-ask spread, in basis points, paid by liquidity-taking fills'),
    impact_bps: z
      .number()
      .min(0)
      .default(0)
      .describe('market impact in bps at 100% of a bar volume; scaled by the square root of participation'),
    latency_ms: z.number().int().min(0).default(0).describe('fixed order latency in milliseconds'),
    latency_jitter_ms: z
      .number()
      .int()
      .min(0)
      .default(0)
      .describe('uniform extra latency in [0, jitter) milliseconds, seeded'),
    max_volume_participation: z
      .number()
      .min(0)
      .max(1)
      .default(0)
      .describe("largest share of a bar's volume filled per bar (0 = unlimited)"),
  })
  .strict();

const strategyName = z
  .string()
  .min(1)
  .describe(`built-in strategy name (${Object.keys(BUILT_IN_STRATEGIES).join(', ')}) or path to a .ts module`);
const strategyParams = z.record(z.string(), z.unknown()).default({}).describe('strategy parameters');

/** One strategy of a `strategies:` list: several share the account under a capital allocator. */
export const strategyEntryConfig = z
  .object({
    name: strategyName,
    params: strategyParams,
    id: z
      .string()
      .regex(/^[A-Za-z0-9_.:-]+$/, 'letters, digits and _ . : - only')
      .optional()
      .describe('id in orders, PnL and allocation reports; default: the name (name_2, name_3, … when repeated)'),
    weight: z
      .number()
      .positive()
      .optional()
      .describe('starting capital share, relative (the weights are scaled to sum to 1); default: equal shares'),
  })
  .strict();

/** How capital moves between the strategies of a `strategies:` list. */
export const allocationConfig = z
  .object({
    method: z
      .enum(['fixed', 'inverse_volatility', 'bandit'])
      .default('fixed')
      .describe(
        "fixed: the starting weights throughout; inverse_volatility: weights ∝ 1/σ of each strategy's period returns over `lookback`; bandit: Thompson sampling shifts weight to the strategies whose returns have been best",
      ),
    rebalance: z
      .union([z.string().refine(isTimeframe, "a duration like '1d', '4h', '30m'"), z.number().int().positive()])
      .default('1d')
      .describe("when to rebalance: a clock duration ('1d', '4h', '30m') or a number of bars"),
    lookback: z.number().int().min(2).default(20).describe('inverse_volatility: periods of returns σ is measured over'),
    min_history: z
      .number()
      .int()
      .min(2)
      .optional()
      .describe('inverse_volatility: periods before the weights leave the starting ones; default: lookback'),
    min_weight: z
      .number()
      .min(0)
      .lt(1)
      .optional()
      .describe('smallest share of any strategy, so none starves; default 0 (inverse_volatility), 0.05 (bandit)'),
    max_weight: z
      .number()
      .gt(0)
      .max(1)
      .optional()
      .describe('inverse_volatility: largest share of any strategy; default 1'),
    volatility_floor: z
      .number()
      .positive()
      .optional()
      .describe(
        "inverse_volatility: smallest σ of a period's return used (default 0.0001), so a strategy that never traded does not take every weight",
      ),
    discount: z
      .number()
      .gt(0)
      .max(1)
      .optional()
      .describe('bandit: share of its past evidence kept per period (default 0.9; 1 = never forget)'),
    draws: z.number().int().positive().optional().describe('bandit: Monte Carlo draws per rebalance (default 2000)'),
    prior_periods: z
      .number()
      .positive()
      .optional()
      .describe('bandit: weight of the prior (mean return 0), in periods (default 1)'),
  })
  .strict();

export const backtestConfig = z
  .object({
    strategy: z
      .object({ name: strategyName, params: strategyParams })
      .strict()
      .optional()
      .describe('the one strategy to run (or give `strategies:`, a list)'),
    strategies: z
      .array(strategyEntryConfig)
      .min(1)
      .optional()
      .describe(
        'several strategies sharing the account, each with its own capital share and attributed PnL (or give `strategy:`)',
      ),
    allocation: allocationConfig
      .optional()
      .describe('capital allocation between `strategies:`; absent with a list: fixed weights (given or equal)'),
    data: dataConfig,
    instrument: instrumentConfig,
    account: z
      .object({
        type: z
          .enum(['cash', 'margin'])
          .optional()
          .describe(
            'cash: no borrowing or shorting; margin: shorting and leverage. Default: margin for perpetuals, else cash',
          ),
        starting_cash: z.number().positive().default(100_000).describe('starting cash in the account currency'),
        currency: z.string().optional().describe("account currency; default: the instrument's quote currency"),
        leverage: z.number().min(1).default(1).describe('gross exposure allowed per unit of equity (margin accounts)'),
      })
      .strict()
      .default({ starting_cash: 100_000, leverage: 1 }),
    execution: executionConfig.default({
      fixed_fee_per_order: 0,
      min_fee_per_order: 0,
      slippage_bps: 0,
      impact_bps: 0,
      latency_ms: 0,
      latency_jitter_ms: 0,
      max_volume_participation: 0,
    }),
    period: z
      .object({ from: timestampText.optional(), to: timestampText.optional() })
      .strict()
      .default({})
      .describe('bars with from ≤ open time < to'),
    events: z
      .object({
        path: z
          .string()
          .min(1)
          .describe(
            'recorded external events (JSON Lines, or a .json array) of {kind, timestamp, source?, instrument?, payload}, relative to the config',
          ),
      })
      .strict()
      .optional()
      .describe(
        'external events (listings, sentiment, calibration) released to the strategies subscribed to their kind when the clock reaches them; absent: none',
      ),
    risk: riskConfig
      .default({ limits: {} })
      .describe(
        'risk rails: pre-trade limits (blueprint defaults), kill switch, circuit breakers; the same keys as a risk.yaml file',
      ),
    seed: z.number().int().default(42).describe('seed of every random draw (latency jitter)'),
    output: z
      .object({ dir: z.string().optional().describe('output directory; default runs/<run id>') })
      .strict()
      .default({}),
    report: z
      .object({
        regimes: z
          .object({
            states: z.number().int().min(2).max(6).default(3).describe("HMM states fitted to the bars' log returns"),
            restarts: z.number().int().min(1).default(3).describe('seeded Baum–Welch restarts'),
            seed: z.number().int().default(1).describe('seed of the restarts'),
          })
          .strict()
          .optional()
          .describe(
            "shade market regimes on the report's price chart: a Gaussian HMM fitted to the run's bars, shaded by its online filter (what a strategy could know at each bar); absent: off",
          ),
      })
      .strict()
      .default({})
      .describe('what the HTML report adds'),
  })
  .strict()
  .superRefine((config, context) => {
    if ((config.strategy === undefined) === (config.strategies === undefined))
      context.addIssue({
        code: 'custom',
        path: [config.strategy === undefined ? 'strategy' : 'strategies'],
        message: 'give either strategy (one) or strategies (a list), not both or neither',
      });
    if (config.allocation !== undefined && config.strategies === undefined)
      context.addIssue({ code: 'custom', path: ['allocation'], message: 'allocation needs a strategies: list' });
    const ids = new Set<string>();
    config.strategies?.forEach((entry, i) => {
      if (entry.id === undefined) return;
      if (ids.has(entry.id))
        context.addIssue({ code: 'custom', path: ['strategies', i, 'id'], message: `id '${entry.id}' is used twice` });
      ids.add(entry.id);
    });
  });

export type BacktestConfig = z.infer<typeof backtestConfig>;
export type BacktestConfigInput = z.input<typeof backtestConfig>;

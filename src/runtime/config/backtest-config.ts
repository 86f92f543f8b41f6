import { z } from 'zod';
import { BAR_FILE_FORMATS, TIMESTAMP_FORMATS } from '../../adapters/data/index.ts';
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
        'bar file: CSV, Yahoo CSV, freqtrade JSON/.json.gz/Feather, Binance kline CSV, Kraken OHLC JSON, ccxt OHLCV JSON',
      ),
    catalog: z
      .string()
      .min(1)
      .optional()
      .describe(
        "read the bars from this catalog folder instead of a file ('default': $TRADEWIND_CATALOG, else data/catalog/); needs timeframe, and takes the instrument's symbol and venue",
      ),
    format: z
      .enum(['auto', ...BAR_FILE_FORMATS])
      .default('auto')
      .describe('file format; auto detects it'),
    timeframe: z
      .string()
      .optional()
      .describe('bar timeframe (1m, 5m, 1h, 1d, ...); default: detected from the timestamps'),
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

export const backtestConfig = z
  .object({
    strategy: z
      .object({
        name: z
          .string()
          .min(1)
          .describe(`built-in strategy name (${Object.keys(BUILT_IN_STRATEGIES).join(', ')}) or path to a .ts module`),
        params: z.record(z.string(), z.unknown()).default({}).describe('strategy parameters'),
      })
      .strict(),
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
  .strict();

export type BacktestConfig = z.infer<typeof backtestConfig>;
export type BacktestConfigInput = z.input<typeof backtestConfig>;

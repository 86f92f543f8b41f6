import { z } from 'zod';
import { paperConfig } from '../paper/paper-config.ts';
import { backtestConfig } from './backtest-config.ts';

/** The three ways a node runs the same kernel: simulated (backtest), paper (live data, simulated fills), live. */
export const TRADING_MODES = ['SIM', 'PAPER', 'LIVE'] as const;

/** One of {@link TRADING_MODES}. */
export type TradingMode = (typeof TRADING_MODES)[number];

/** The default embedded store, relative to the working directory (the issue's `state/tradewind.db`). */
export const DEFAULT_SQLITE_PATH = 'state/tradewind.db';

/** Where the node keeps its operational state (orders, fills, positions, event log). */
export const storeConfig = z
  .object({
    sqlite_path: z
      .string()
      .min(1)
      .default(DEFAULT_SQLITE_PATH)
      .describe(
        'SQLite database file of the embedded store (WAL); relative to the config directory when written in a config file, else to the working directory',
      ),
    database_url: z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'expected a postgres:// or postgresql:// URL')
      .optional()
      .describe('PostgreSQL connection URL; when set the node uses PostgreSQL instead of SQLite (secret)'),
  })
  .strict();

/** The trading venue of PAPER and LIVE runs; credentials come from the environment only. */
export const venueConfig = z
  .object({
    name: z
      .string()
      .min(1)
      .optional()
      .describe('exchange id as ccxt names it (binance, kraken, bybit, ...); needed for PAPER data and LIVE orders'),
    sandbox: z.boolean().default(false).describe("use the venue's testnet / sandbox endpoints"),
    api_key: z.string().min(1).optional().describe('venue API key (secret)'),
    secret: z.string().min(1).optional().describe('venue API secret (secret)'),
    passphrase: z
      .string()
      .min(1)
      .optional()
      .describe('venue API passphrase / password, for venues that require one (secret)'),
  })
  .strict();

/**
 * The configuration of a node in any mode: the backtest's fields (strategy, data, instrument,
 * account, execution, risk, ...) plus the mode, the store, the venue and the LLM policy section.
 * Parsed once at the edge by `loadNodeConfig`, then frozen.
 */
export const nodeConfig = backtestConfig.safeExtend({
  mode: z
    .enum(TRADING_MODES)
    .default('SIM')
    .describe('SIM: backtest on recorded data; PAPER: live data, simulated fills; LIVE: real orders (guarded)'),
  store: storeConfig.default({ sqlite_path: DEFAULT_SQLITE_PATH }).describe('operational store'),
  venue: venueConfig.default({ sandbox: false }).describe('trading venue and its credentials'),
  paper: paperConfig
    .default(paperConfig.parse({}))
    .describe('the paper node: warm-up, status line, snapshots, replay defaults, live stream (tradewind paper --dir)'),
  llm: z
    .record(z.string(), z.unknown())
    .default({})
    .describe('LLM policy advisor settings (llm.policy.yaml); kept as given, validated by the advisor'),
});

/** A validated node configuration. */
export type NodeConfig = z.infer<typeof nodeConfig>;

/** A field that holds a secret: settable only from the environment, never printed. */
export interface SecretField {
  /** Dotted path in the configuration. */
  readonly path: string;
  /** The environment variable that sets it. */
  readonly env: string;
}

/** The secret fields of {@link nodeConfig}; also listed, with their variables, in the env bindings. */
export const SECRET_FIELDS: readonly SecretField[] = [
  { path: 'store.database_url', env: 'DATABASE_URL' },
  { path: 'venue.api_key', env: 'TRADEWIND_VENUE_API_KEY' },
  { path: 'venue.secret', env: 'TRADEWIND_VENUE_SECRET' },
  { path: 'venue.passphrase', env: 'TRADEWIND_VENUE_PASSPHRASE' },
];

/**
 * Keys that look like credentials inside the free-form `llm` section (`api_key`, `openai_api_key`,
 * `secret`, `password`, `token`): refused in files, since the section is not validated yet.
 */
export const SECRET_KEY_PATTERN = /(^|_)(api_key|secret|password|passphrase|token)$/;

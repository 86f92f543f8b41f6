import { z } from 'zod';
import type { TradingStore } from '../../core/persistence/index.ts';
import { openPostgresTradingStore } from './postgres/postgres-trading-store.ts';
import { DEFAULT_SQLITE_PATH, openSqliteTradingStore, SQLITE_SYNCHRONOUS } from './sqlite/sqlite-trading-store.ts';

/** Store settings, for the runtime's config schemas (and `.env.example`). */
export const tradingStoreOptionsSchema = z
  .object({
    databaseUrl: z
      .string()
      .min(1)
      .optional()
      .describe('PostgreSQL connection URL (env DATABASE_URL); when set the store is PostgreSQL, otherwise SQLite'),
    sqlitePath: z
      .string()
      .min(1)
      .optional()
      .describe(`SQLite database file, parent folder created (default ${DEFAULT_SQLITE_PATH})`),
    synchronous: z
      .enum(SQLITE_SYNCHRONOUS)
      .optional()
      .describe('SQLite synchronous level (default FULL: every committed batch is on disk; paper and live need it)'),
    commitThread: z
      .boolean()
      .optional()
      .describe(
        'SQLite: run commits on a worker thread with its own connection (default false; the paper node turns it on)',
      ),
    postgresSchema: z.string().optional().describe('PostgreSQL schema holding the tables (default public)'),
  })
  .strict();

export type TradingStoreOptions = z.input<typeof tradingStoreOptionsSchema>;

/**
 * Opens the operational store: PostgreSQL when `databaseUrl` (or, when that option is absent, the
 * `DATABASE_URL` of `env`) is set, else SQLite at `sqlitePath`. Migrations run at open.
 */
export async function openTradingStore(
  options: TradingStoreOptions = {},
  env: Readonly<Record<string, string | undefined>> = process.env,
): Promise<TradingStore> {
  const parsed = tradingStoreOptionsSchema.parse(options);
  const databaseUrl = parsed.databaseUrl ?? (env.DATABASE_URL === '' ? undefined : env.DATABASE_URL);
  if (databaseUrl !== undefined)
    return openPostgresTradingStore({
      databaseUrl,
      ...(parsed.postgresSchema ? { schema: parsed.postgresSchema } : {}),
    });
  return openSqliteTradingStore({
    path: parsed.sqlitePath,
    synchronous: parsed.synchronous,
    commitThread: parsed.commitThread,
  });
}

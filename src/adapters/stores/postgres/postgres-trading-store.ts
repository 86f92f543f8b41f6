import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { TradingStore } from '../../../core/persistence/index.ts';
import { KyselyTradingStore } from '../kysely-trading-store.ts';
import { migrateStore } from '../store-migrations.ts';
import type { StoreDatabase } from '../store-schema.ts';

const INT8_OID = 20;

/**
 * `bigint` columns (epoch milliseconds, sequences) come back from pg as strings by default; the
 * store's values are all below 2^53, so they are read as numbers, and one beyond is an error
 * rather than a silently rounded time.
 */
function parseInt8(text: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value)) throw new Error(`postgres store: bigint ${text} is beyond 2^53`);
  return value;
}

const TYPES = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID ? parseInt8 : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

export interface PostgresTradingStoreOptions {
  /** `postgres://user@host:port/database`, usually `DATABASE_URL`. */
  readonly databaseUrl: string;
  /**
   * Schema holding the tables (created when missing; default `public`). Separate schemas keep
   * separate stores in one database (tests, several nodes).
   */
  readonly schema?: string;
  /** Pool size. Default 4. */
  readonly maxConnections?: number;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** Opens the PostgreSQL operational store and applies its migrations (idempotent; Kysely locks them across processes). */
export async function openPostgresTradingStore(options: PostgresTradingStoreOptions): Promise<TradingStore> {
  const schema = options.schema ?? 'public';
  if (!SCHEMA_NAME.test(schema))
    throw new Error(`postgres store: schema must match ${SCHEMA_NAME} (lower-case identifier), got '${schema}'`);
  if (schema !== 'public') {
    const client = new pg.Client({ connectionString: options.databaseUrl });
    await client.connect();
    try {
      await client.query(`create schema if not exists ${schema}`);
    } finally {
      await client.end();
    }
  }
  const pool = new pg.Pool({
    connectionString: options.databaseUrl,
    max: options.maxConnections ?? 4,
    types: TYPES,
    // Every connection resolves the tables (and Kysely's migration tables) in this one schema.
    options: `-c search_path=${schema}`,
  });
  const db = new Kysely<StoreDatabase>({ dialect: new PostgresDialect({ pool }) });
  try {
    await migrateStore(db as unknown as Kysely<unknown>);
  } catch (error) {
    await db.destroy();
    throw error;
  }
  return new KyselyTradingStore({ db, backend: 'postgres', repeatableReads: true });
}

/** Drops a schema and everything in it (tests' clean-up). */
export async function dropPostgresSchema(databaseUrl: string, schema: string): Promise<void> {
  if (!SCHEMA_NAME.test(schema) || schema === 'public')
    throw new Error(`postgres store: refusing to drop schema '${schema}'`);
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(`drop schema if exists ${schema} cascade`);
  } finally {
    await client.end();
  }
}

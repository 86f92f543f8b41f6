import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import pg from 'pg';
import { DEFAULT_SQLITE_PATH, openTradingStore } from '../../adapters/stores/index.ts';
import type { TradingStore } from '../../core/persistence/index.ts';

/** Where the commands that read the store look, as their flags give it. */
export interface StoreLocationOptions {
  /** SQLite file (default `state/tradewind.db`); ignored when `DATABASE_URL` is set. */
  readonly sqlitePath?: string;
  /** PostgreSQL schema holding the tables (default `public`); only with `DATABASE_URL`. */
  readonly postgresSchema?: string;
}

/** An opened store and a human description of where it is (no password in it). */
export interface OpenedStore {
  readonly store: TradingStore;
  readonly where: string;
}

/**
 * The store the command was pointed at does not exist (a SQLite file that is not there): reading
 * commands report it instead of creating an empty database. A bad-input error (exit code 2).
 */
export class StoreNotFoundError extends Error {
  override readonly name = 'StoreNotFoundError';
}

/** A PostgreSQL URL with its password replaced by `***` (secrets never reach the output). */
export function redactDatabaseUrl(databaseUrl: string): string {
  try {
    const url = new URL(databaseUrl);
    if (url.password !== '') url.password = '***';
    return url.toString();
  } catch {
    // Not a URL the WHATWG parser understands (a key=value connection string): show no part of it.
    return 'the PostgreSQL database in DATABASE_URL';
  }
}

/** Whether `schema` of the database holds the store's `runs` table (asked before opening, which would create it). */
async function postgresStoreExists(databaseUrl: string, schema: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const result = await client.query<{ found: string | null }>('select to_regclass($1)::text as found', [
      `"${schema.replaceAll('"', '""')}".runs`,
    ]);
    return result.rows[0]?.found != null;
  } finally {
    await client.end();
  }
}

/**
 * Opens an existing operational store for reading: PostgreSQL when `DATABASE_URL` is set in `env`
 * (schema `postgresSchema`), else the SQLite file. Either must hold a store already: a mistyped path
 * or schema must not leave a fresh empty database behind and report "no runs" as if all were well.
 */
export async function openExistingStore(
  options: StoreLocationOptions,
  env: Readonly<Record<string, string | undefined>> = process.env,
): Promise<OpenedStore> {
  const databaseUrl = env.DATABASE_URL === '' ? undefined : env.DATABASE_URL;
  if (databaseUrl !== undefined) {
    const schema = options.postgresSchema ?? 'public';
    const where = `${redactDatabaseUrl(databaseUrl)} (schema ${schema})`;
    if (!(await postgresStoreExists(databaseUrl, schema)))
      throw new StoreNotFoundError(
        `no store in ${where} (no runs table there; check DATABASE_URL and --pg-schema, or unset DATABASE_URL for SQLite)`,
      );
    const store = await openTradingStore({ databaseUrl, postgresSchema: schema });
    return { store, where };
  }
  const path = options.sqlitePath ?? DEFAULT_SQLITE_PATH;
  if (!existsSync(path))
    throw new StoreNotFoundError(
      `no store at ${resolve(path)} (SQLite file not found; give its path with --sqlite <path>, or set DATABASE_URL for PostgreSQL)`,
    );
  const store = await openTradingStore({ sqlitePath: path }, {});
  return { store, where: path };
}

/** Opens the existing store, runs `use` on it and closes it, whatever `use` does. */
export async function withExistingStore<T>(
  options: StoreLocationOptions,
  use: (opened: OpenedStore) => Promise<T>,
  env: Readonly<Record<string, string | undefined>> = process.env,
): Promise<T> {
  const opened = await openExistingStore(options, env);
  try {
    return await use(opened);
  } finally {
    await opened.store.close();
  }
}

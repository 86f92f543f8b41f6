import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { Kysely, type SqliteDatabase, SqliteDialect, type SqliteStatement } from 'kysely';
import type { CommitResult, StoreChange, TradingStore } from '../../../core/persistence/index.ts';
import { KyselyTradingStore } from '../kysely-trading-store.ts';
import { migrateStore } from '../store-migrations.ts';
import type { StoreDatabase } from '../store-schema.ts';
import { SqliteCommitThread } from './sqlite-commit-thread.ts';
import { SQLITE_SYNCHRONOUS, type SqliteSynchronous } from './sqlite-synchronous.ts';

export { SQLITE_SYNCHRONOUS, type SqliteSynchronous } from './sqlite-synchronous.ts';

/** Page cache per connection, KiB (SQLite's default is 2 MiB; indexes of a long run outgrow it). */
export const SQLITE_CACHE_KIB = 65_536;

/**
 * Page size of a new store file, bytes (SQLite's default is 4,096). A paper node's commits append
 * whole pages of event-log, order and fill rows to the WAL, and each page is a frame written (and
 * later checkpointed) on its own: 16 KiB pages write the same bytes in a quarter of the frames.
 * Fixed when the file is created (a file made with other pages keeps them; `pageSize` reads it
 * back). ADR 0017's third amendment has the measurement.
 */
export const SQLITE_PAGE_BYTES = 16_384;

/** The embedded default file, relative to the working directory. */
export const DEFAULT_SQLITE_PATH = 'state/tradewind.db';

/** `PRAGMA synchronous` reads these numbers back. */
const SYNCHRONOUS_CODE: Readonly<Record<SqliteSynchronous, number>> = { OFF: 0, NORMAL: 1, FULL: 2, EXTRA: 3 };

/** What the store's connection runs with, read back from SQLite after setting it. */
export interface SqliteSettings {
  readonly path: string;
  readonly journalMode: string;
  readonly synchronous: SqliteSynchronous;
  readonly busyTimeoutMs: number;
  /** The file's page size, bytes (`SQLITE_PAGE_BYTES` for a file this store created). */
  readonly pageSize: number;
  /** Whether commits run on their own thread and connection (`SqliteTradingStoreOptions.commitThread`). */
  readonly commitThread: boolean;
}

/** The SQLite store: the port plus the settings its connection runs with. */
export interface SqliteTradingStore extends TradingStore {
  readonly sqliteSettings: SqliteSettings;
}

class SqliteKyselyTradingStore extends KyselyTradingStore implements SqliteTradingStore {
  readonly #thread: SqliteCommitThread | undefined;

  constructor(
    db: Kysely<StoreDatabase>,
    readonly sqliteSettings: SqliteSettings,
    thread: SqliteCommitThread | undefined,
  ) {
    super({ db, backend: 'sqlite', repeatableReads: false });
    this.#thread = thread;
  }

  override commit(runId: string, changes: readonly StoreChange[]): Promise<CommitResult> {
    return this.#thread === undefined ? super.commit(runId, changes) : this.#thread.commit(runId, changes);
  }

  override async close(): Promise<void> {
    try {
      await this.#thread?.close();
    } finally {
      await super.close();
    }
  }
}

export interface SqliteTradingStoreOptions {
  /** Database file; its parent folder is created. Default `state/tradewind.db`. */
  readonly path?: string;
  /** Default `FULL` (paper and live must use it; a backtest may choose `NORMAL` or `OFF`). */
  readonly synchronous?: SqliteSynchronous;
  /** How long a writer waits for another process's write lock before failing, ms. Default 5,000. */
  readonly busyTimeoutMs?: number;
  /**
   * Run commits on a worker thread with its own connection to the file (default false): SQLite's
   * inserts and fsyncs then take another core while the node goes on, and the store's reads stay on
   * this thread. For a file only (`:memory:` is private to one connection).
   */
  readonly commitThread?: boolean;
}

/**
 * Opens (creating if needed) the SQLite operational store: WAL journal, `synchronous` as asked,
 * migrations applied. One instance per file per process: better-sqlite3 is synchronous, so two
 * instances in one thread waiting on each other's lock would block that thread; other processes
 * may write the same file (SQLite serializes writers).
 */
export async function openSqliteTradingStore(options: SqliteTradingStoreOptions = {}): Promise<SqliteTradingStore> {
  const path = options.path ?? DEFAULT_SQLITE_PATH;
  const synchronous = options.synchronous ?? 'FULL';
  if (!SQLITE_SYNCHRONOUS.includes(synchronous))
    throw new Error(`sqlite store: synchronous must be one of ${SQLITE_SYNCHRONOUS.join(', ')}, got '${synchronous}'`);
  if (options.commitThread === true && path === ':memory:')
    throw new Error('sqlite store: commitThread needs a database file (:memory: is private to one connection)');
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const busyTimeoutMs = Math.max(0, Math.trunc(options.busyTimeoutMs ?? 5_000));
  const database = new Database(path);
  let settings: SqliteSettings;
  try {
    database.pragma(`busy_timeout = ${busyTimeoutMs}`);
    // Takes effect only while the file has no page yet (before WAL, which fixes it): a no-op otherwise.
    database.pragma(`page_size = ${SQLITE_PAGE_BYTES}`);
    const journalMode = String(database.pragma('journal_mode = WAL', { simple: true })).toLowerCase();
    if (path !== ':memory:' && journalMode !== 'wal')
      throw new Error(`sqlite store: could not switch ${path} to WAL (journal_mode is ${journalMode})`);
    database.pragma(`synchronous = ${synchronous}`);
    database.pragma(`cache_size = -${SQLITE_CACHE_KIB}`);
    const actual = Number(database.pragma('synchronous', { simple: true }));
    if (actual !== SYNCHRONOUS_CODE[synchronous])
      throw new Error(`sqlite store: synchronous=${synchronous} did not take (reads ${actual})`);
    settings = {
      path,
      journalMode,
      synchronous,
      busyTimeoutMs,
      pageSize: Number(database.pragma('page_size', { simple: true })),
      commitThread: options.commitThread === true,
    };
  } catch (error) {
    database.close();
    throw error;
  }
  const db = new Kysely<StoreDatabase>({ dialect: new SqliteDialect({ database: cachingStatements(database) }) });
  let thread: SqliteCommitThread | undefined;
  try {
    await migrateStore(db as unknown as Kysely<unknown>);
    if (settings.commitThread) thread = await SqliteCommitThread.start({ path, synchronous, busyTimeoutMs });
  } catch (error) {
    await db.destroy();
    throw error;
  }
  return new SqliteKyselyTradingStore(db, settings, thread);
}

/** How many prepared statements a store keeps (a batch uses about ten distinct ones). */
const STATEMENT_CACHE_SIZE = 64;

/**
 * The database as Kysely's dialect sees it, with prepared statements reused by SQL text: Kysely
 * asks for a new statement per query, and parsing a 1,000-row insert again for every batch costs
 * about a fifth of a commit. better-sqlite3 runs one statement at a time, so sharing is safe.
 */
function cachingStatements(database: Database.Database): SqliteDatabase {
  const cache = new Map<string, Database.Statement>();
  return {
    close: () => database.close(),
    prepare: (text: string) => {
      let statement = cache.get(text);
      if (statement === undefined) {
        statement = database.prepare(text);
        if (cache.size >= STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value as string);
        cache.set(text, statement);
      }
      return statement as unknown as SqliteStatement;
    },
  };
}

/** The pragmas a store file runs with, for diagnostics and tests. */
export function sqlitePragmas(path: string): { journalMode: string; synchronous: number; pageSize: number } {
  const database = new Database(path, { readonly: true, fileMustExist: true });
  try {
    return {
      journalMode: String(database.pragma('journal_mode', { simple: true })),
      synchronous: Number(database.pragma('synchronous', { simple: true })),
      pageSize: Number(database.pragma('page_size', { simple: true })),
    };
  } finally {
    database.close();
  }
}

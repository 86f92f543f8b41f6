/**
 * The SQLite floor of a persisted replay: what SQLite alone costs for the rows the run stored.
 *
 * The run's event-log, fill and order rows are read back from its file and inserted again, in
 * sequence order, into an empty store file (the same migrations, 16 KiB pages, WAL,
 * `synchronous=FULL`) by better-sqlite3 directly: one prepared single-row insert per table, the
 * row's values as they came out, no query builder, no thread, no JSON, in as many transactions as
 * the run committed. No store that keeps one row per event could write them in less time on this
 * machine, so `bars / seconds` is a ceiling of the persisted replay whatever the node and the
 * commit thread do around SQLite (the other tables' few rows are left out: snapshots and metrics
 * windows, one each per 1,440 bars, and one position row).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openSqliteTradingStore, SQLITE_CACHE_KIB } from '../../src/adapters/stores/index.ts';

/** The tables a replay fills per order, in the order a commit writes them. */
const TABLES = [
  { name: 'event_log', order: 'sequence' },
  { name: 'fills', order: 'timestamp, trade_id' },
  { name: 'orders', order: 'created_at, client_order_id' },
] as const;

export interface SqliteFloor {
  readonly seconds: number;
  readonly transactions: number;
  /** Rows inserted, per table. */
  readonly rows: Readonly<Record<(typeof TABLES)[number]['name'], number>>;
}

/** Inserts the rows of `source` (a persisted run's store file) again in `transactions` transactions; see the module doc. */
export async function measureSqliteFloor(source: string, transactions: number): Promise<SqliteFloor> {
  if (!Number.isSafeInteger(transactions) || transactions < 1)
    throw new Error(`sqlite floor: transactions must be a positive integer, got ${transactions}`);
  const read = new Database(source, { readonly: true, fileMustExist: true });
  const rows = TABLES.map(
    ({ name, order }) => read.prepare(`select * from ${name} order by ${order}`).raw().all() as unknown[][],
  );
  read.close();
  const dir = mkdtempSync(join(tmpdir(), 'tradewind-sqlite-floor-'));
  try {
    const path = join(dir, 'floor.db');
    await (await openSqliteTradingStore({ path, synchronous: 'FULL' })).close(); // the schema, as the node's
    const db = new Database(path);
    try {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = FULL');
      db.pragma(`cache_size = -${SQLITE_CACHE_KIB}`); // the store's connection settings
      const inserts = TABLES.map(({ name }, t) => {
        const first = rows[t]![0];
        return first && db.prepare(`insert into ${name} values (${first.map(() => '?').join(', ')})`);
      });
      const start = process.hrtime.bigint();
      for (let k = 0; k < transactions; k++) {
        db.exec('begin immediate');
        for (let t = 0; t < TABLES.length; t++) {
          const all = rows[t]!;
          const end = Math.floor((all.length * (k + 1)) / transactions);
          for (let r = Math.floor((all.length * k) / transactions); r < end; r++) inserts[t]?.run(all[r]);
        }
        db.exec('commit');
      }
      const seconds = Number(process.hrtime.bigint() - start) / 1e9;
      return {
        seconds,
        transactions,
        rows: { event_log: rows[0]!.length, fills: rows[1]!.length, orders: rows[2]!.length },
      };
    } finally {
      db.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

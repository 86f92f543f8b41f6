import {
  type CreateTableBuilder,
  type Kysely,
  type Migration,
  type MigrationProvider,
  Migrator,
  SqliteAdapter,
  sql,
} from 'kysely';

/**
 * SQLite only: the keyed tables are stored as their primary-key B-tree (`WITHOUT ROWID`) instead of a
 * rowid table plus a separate key index, so each insert or upsert updates one tree, not two. The
 * one storage detail the backends do not share; PostgreSQL heaps have no such option.
 */
function clusteredOnKey(db: Kysely<unknown>) {
  const sqlite = db.getExecutor().adapter instanceof SqliteAdapter;
  return <T extends string, C extends string>(builder: CreateTableBuilder<T, C>): CreateTableBuilder<T, C> =>
    sqlite ? builder.modifyEnd(sql`without rowid`) : builder;
}

/**
 * The operational store's schema, as versioned migrations applied in name order at open (Kysely's
 * Migrator keeps the applied names in `kysely_migration` and takes a lock, so opening twice, or from
 * two processes, applies each once). One definition for SQLite and PostgreSQL: `bigint` (integer
 * epoch milliseconds, sequences), `double precision` (prices, quantities, money) and `text` (ids,
 * JSON payloads kept byte for byte) mean the same in both. Add a migration; never edit an applied one.
 */
const MIGRATIONS: Readonly<Record<string, Migration>> = {
  '0001_operational_store': {
    async up(db: Kysely<unknown>): Promise<void> {
      const clustered = clusteredOnKey(db);
      await db.schema
        .createTable('runs')
        .addColumn('run_id', 'text', (c) => c.primaryKey())
        .addColumn('mode', 'text', (c) => c.notNull().check(sql`mode in ('SIM', 'PAPER', 'LIVE')`))
        .addColumn('config_hash', 'text', (c) => c.notNull())
        .addColumn('config_version', 'text', (c) => c.notNull())
        .addColumn('started_at', 'bigint', (c) => c.notNull())
        .addColumn('ended_at', 'bigint')
        .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('running', 'stopped', 'failed')`))
        .addColumn('last_sequence', 'bigint', (c) => c.notNull().defaultTo(0))
        .execute();
      await db.schema
        .createTable('config_versions')
        .addColumn('config_hash', 'text', (c) => c.primaryKey())
        .addColumn('config_version', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('content', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('event_log')
        .addColumn('run_id', 'text', (c) => c.notNull())
        .addColumn('sequence', 'bigint', (c) => c.notNull().check(sql`sequence > 0`))
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('timestamp', 'bigint', (c) => c.notNull())
        .addColumn('payload', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('event_log_pk', ['run_id', 'sequence'])

        .execute();
      await db.schema
        .createTable('orders')
        .addColumn('run_id', 'text', (c) => c.notNull())
        .addColumn('client_order_id', 'text', (c) => c.notNull())
        .addColumn('strategy_id', 'text', (c) => c.notNull())
        .addColumn('instrument_id', 'text', (c) => c.notNull())
        .addColumn('side', 'text', (c) => c.notNull().check(sql`side in ('buy', 'sell')`))
        .addColumn('order_type', 'text', (c) => c.notNull())
        .addColumn('quantity', 'double precision', (c) => c.notNull().check(sql`quantity > 0`))
        .addColumn('price', 'double precision')
        .addColumn('trigger_price', 'double precision')
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('venue_order_id', 'text')
        .addColumn('filled_quantity', 'double precision', (c) => c.notNull().check(sql`filled_quantity >= 0`))
        .addColumn('average_fill_price', 'double precision', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .addColumn('payload', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('orders_pk', ['run_id', 'client_order_id'])
        .$call(clustered)
        .execute();
      await db.schema.createIndex('orders_run_status').on('orders').columns(['run_id', 'status']).execute();
      await db.schema
        .createTable('fills')
        .addColumn('run_id', 'text', (c) => c.notNull())
        .addColumn('venue', 'text', (c) => c.notNull())
        .addColumn('trade_id', 'text', (c) => c.notNull())
        .addColumn('client_order_id', 'text', (c) => c.notNull())
        .addColumn('venue_order_id', 'text', (c) => c.notNull())
        .addColumn('strategy_id', 'text', (c) => c.notNull())
        .addColumn('instrument_id', 'text', (c) => c.notNull())
        .addColumn('account_id', 'text', (c) => c.notNull())
        .addColumn('side', 'text', (c) => c.notNull().check(sql`side in ('buy', 'sell')`))
        .addColumn('quantity', 'double precision', (c) => c.notNull().check(sql`quantity > 0`))
        .addColumn('price', 'double precision', (c) => c.notNull())
        .addColumn('fee', 'double precision', (c) => c.notNull())
        .addColumn('fee_currency', 'text', (c) => c.notNull())
        .addColumn('liquidity_side', 'text', (c) => c.notNull())
        .addColumn('timestamp', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('fills_pk', ['run_id', 'venue', 'trade_id'])
        .$call(clustered)
        .execute();
      await db.schema
        .createTable('positions')
        .addColumn('run_id', 'text', (c) => c.notNull())
        .addColumn('instrument_id', 'text', (c) => c.notNull())
        .addColumn('strategy_id', 'text', (c) => c.notNull())
        .addColumn('quantity', 'double precision', (c) => c.notNull())
        .addColumn('average_entry_price', 'double precision', (c) => c.notNull())
        .addColumn('realized_pnl', 'double precision', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('positions_pk', ['run_id', 'instrument_id', 'strategy_id'])
        .$call(clustered)
        .execute();
      await db.schema
        .createTable('portfolio_snapshots')
        .addColumn('run_id', 'text', (c) => c.notNull())
        .addColumn('sequence', 'bigint', (c) => c.notNull().check(sql`sequence >= 0`))
        .addColumn('timestamp', 'bigint', (c) => c.notNull())
        .addColumn('cash', 'double precision', (c) => c.notNull())
        .addColumn('equity', 'double precision', (c) => c.notNull())
        .addColumn('gross_exposure', 'double precision', (c) => c.notNull())
        .addColumn('net_exposure', 'double precision', (c) => c.notNull())
        .addColumn('drawdown', 'double precision', (c) => c.notNull())
        .addColumn('payload', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('portfolio_snapshots_pk', ['run_id', 'sequence'])

        .execute();
      await db.schema
        .createTable('metrics_windows')
        .addColumn('run_id', 'text', (c) => c.notNull())
        .addColumn('label', 'text', (c) => c.notNull())
        .addColumn('window_start', 'bigint', (c) => c.notNull())
        .addColumn('window_end', 'bigint', (c) => c.notNull())
        .addColumn('sharpe', 'double precision')
        .addColumn('sortino', 'double precision')
        .addColumn('turnover', 'double precision', (c) => c.notNull())
        .addColumn('hit_rate', 'double precision')
        .addColumn('trades', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('metrics_windows_pk', ['run_id', 'label', 'window_start'])
        .$call(clustered)
        .execute();
      await db.schema
        .createTable('risk_events')
        .addColumn('run_id', 'text', (c) => c.notNull())
        .addColumn('sequence', 'bigint', (c) => c.notNull())
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('timestamp', 'bigint', (c) => c.notNull())
        .addColumn('instrument_id', 'text')
        .addColumn('strategy_id', 'text')
        .addColumn('payload', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('risk_events_pk', ['run_id', 'sequence'])
        .execute();
      await db.schema
        .createTable('llm_decisions')
        .addColumn('run_id', 'text', (c) => c.notNull())
        .addColumn('sequence', 'bigint', (c) => c.notNull())
        .addColumn('decision_id', 'text', (c) => c.notNull())
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('timestamp', 'bigint', (c) => c.notNull())
        .addColumn('model', 'text', (c) => c.notNull())
        .addColumn('outcome', 'text', (c) => c.notNull())
        .addColumn('payload', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('llm_decisions_pk', ['run_id', 'sequence'])
        .addUniqueConstraint('llm_decisions_decision_id', ['run_id', 'decision_id'])
        .execute();
      await db.schema
        .createTable('processed_messages')
        .addColumn('consumer', 'text', (c) => c.notNull())
        .addColumn('message_id', 'text', (c) => c.notNull())
        .addColumn('run_id', 'text', (c) => c.notNull())
        .addColumn('processed_at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('processed_messages_pk', ['consumer', 'message_id'])
        .$call(clustered)
        .execute();
    },
  },
  '0002_run_bars': {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('bars')
        .addColumn('run_id', 'text', (c) => c.notNull())
        .addColumn('sequence', 'bigint', (c) => c.notNull().check(sql`sequence > 0`))
        .addColumn('phase', 'text', (c) => c.notNull().check(sql`phase in ('warmup', 'live')`))
        .addColumn('instrument_id', 'text', (c) => c.notNull())
        .addColumn('timeframe', 'text', (c) => c.notNull())
        .addColumn('timestamp', 'bigint', (c) => c.notNull())
        .addColumn('open', 'double precision', (c) => c.notNull())
        .addColumn('high', 'double precision', (c) => c.notNull())
        .addColumn('low', 'double precision', (c) => c.notNull())
        .addColumn('close', 'double precision', (c) => c.notNull())
        .addColumn('volume', 'double precision', (c) => c.notNull())
        .addPrimaryKeyConstraint('bars_pk', ['run_id', 'sequence'])
        .$call(clusteredOnKey(db))
        .execute();
    },
  },
};

const PROVIDER: MigrationProvider = { getMigrations: async () => MIGRATIONS };

/** The migrator of the store's schema on `db`. */
export function storeMigrator(db: Kysely<unknown>): Migrator {
  return new Migrator({ db, provider: PROVIDER });
}

/** Applies every pending migration; throws (naming the migration) when one fails. Idempotent. */
export async function migrateStore(db: Kysely<unknown>): Promise<void> {
  const { error, results } = await storeMigrator(db).migrateToLatest();
  if (error !== undefined) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'the migrator';
    throw new Error(`operational store migration failed at ${failed}: ${String(error)}`, { cause: error });
  }
}

/** Names of the applied migrations, oldest first. */
export async function appliedMigrations(db: Kysely<unknown>): Promise<readonly string[]> {
  const all = await storeMigrator(db).getMigrations();
  return all.filter((m) => m.executedAt !== undefined).map((m) => m.name);
}

export { KyselyTradingStore, type KyselyTradingStoreOptions } from './kysely-trading-store.ts';
export { openTradingStore, type TradingStoreOptions, tradingStoreOptionsSchema } from './open-trading-store.ts';
export {
  dropPostgresSchema,
  openPostgresTradingStore,
  type PostgresTradingStoreOptions,
} from './postgres/postgres-trading-store.ts';
export {
  DEFAULT_SQLITE_PATH,
  openSqliteTradingStore,
  SQLITE_CACHE_KIB,
  SQLITE_SYNCHRONOUS,
  type SqliteSettings,
  type SqliteSynchronous,
  type SqliteTradingStore,
  type SqliteTradingStoreOptions,
  sqlitePragmas,
} from './sqlite/sqlite-trading-store.ts';
export { appliedMigrations, migrateStore } from './store-migrations.ts';

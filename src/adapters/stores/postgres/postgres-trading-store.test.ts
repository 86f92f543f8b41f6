import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { openTradingStore } from '../open-trading-store.ts';
import { defineTradingStoreContract } from '../store-contract.ts';
import { dropPostgresSchema, openPostgresTradingStore } from './postgres-trading-store.ts';

/**
 * The real server (.ci/run starts it when it is down): 127.0.0.1:5432, trust auth, database `test`.
 * Each test runs in its own schema, dropped afterwards, so parallel files and reruns never collide.
 */
const DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const freshSchema = (): string => `store_test_${process.pid}_${randomBytes(4).toString('hex')}`;

defineTradingStoreContract('PostgreSQL (127.0.0.1:5432/test)', async () => {
  const schema = freshSchema();
  return {
    options: { databaseUrl: DATABASE_URL, postgresSchema: schema },
    open: () => openPostgresTradingStore({ databaseUrl: DATABASE_URL, schema }),
    dispose: () => dropPostgresSchema(DATABASE_URL, schema),
  };
});

describe('PostgreSQL store settings', () => {
  it('opens PostgreSQL through openTradingStore when DATABASE_URL is set', async () => {
    const schema = freshSchema();
    try {
      const store = await openTradingStore({ postgresSchema: schema }, { DATABASE_URL });
      expect(store.backend).toBe('postgres');
      expect(await store.appliedMigrations()).toEqual(['0001_operational_store', '0002_run_bars']);
      await store.close();
    } finally {
      await dropPostgresSchema(DATABASE_URL, schema);
    }
  });

  it('refuses a schema name that is not a plain identifier', async () => {
    await expect(openPostgresTradingStore({ databaseUrl: DATABASE_URL, schema: 'x; drop table y' })).rejects.toThrow(
      /schema/,
    );
    await expect(dropPostgresSchema(DATABASE_URL, 'public')).rejects.toThrow(/refusing/);
  });
});

import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { tempFolders } from '../../../test/support/temp-folders.ts';
import { openTradingStore } from '../../adapters/stores/index.ts';
import { openExistingStore, redactDatabaseUrl, StoreNotFoundError, withExistingStore } from './open-existing-store.ts';

const tempFolder = tempFolders('tradewind-open-');

describe('openExistingStore', () => {
  it('refuses a SQLite file that does not exist and creates nothing', async () => {
    const folder = tempFolder();
    const path = join(folder, 'state', 'tradewind.db');
    const error = await openExistingStore({ sqlitePath: path }, {}).catch((e: unknown) => e);
    expect(error, 'a missing store is an input error').toBeInstanceOf(StoreNotFoundError);
    expect((error as Error).message, 'it names the path it looked at').toContain(`no store at ${path}`);
    expect(readdirSync(folder), 'neither the file nor its folder was created').toEqual([]);
  });

  it('opens an existing SQLite store, hands it over and closes it afterwards', async () => {
    const path = join(tempFolder(), 'tradewind.db');
    await (await openTradingStore({ sqlitePath: path }, {})).close();
    const runs = await withExistingStore(
      { sqlitePath: path },
      async ({ store, where }) => {
        expect(where, 'the SQLite location is its path').toBe(path);
        return store.runs();
      },
      {},
    );
    expect(runs, 'an empty store lists no run').toEqual([]);
    expect(existsSync(path)).toBe(true);
  });

  it('closes the store when the work fails', async () => {
    const path = join(tempFolder(), 'tradewind.db');
    await (await openTradingStore({ sqlitePath: path }, {})).close();
    let closed = false;
    await expect(
      withExistingStore(
        { sqlitePath: path },
        async ({ store }) => {
          const close = store.close.bind(store);
          store.close = async () => {
            closed = true;
            await close();
          };
          throw new Error('boom');
        },
        {},
      ),
    ).rejects.toThrow('boom');
    expect(closed, 'close ran in the finally').toBe(true);
  });
});

describe('redactDatabaseUrl', () => {
  it('hides the password and keeps the rest', () => {
    expect(redactDatabaseUrl('postgres://trader:s3cret@db.example:5432/tradewind')).toBe(
      'postgres://trader:***@db.example:5432/tradewind',
    );
    expect(redactDatabaseUrl('postgres://postgres@127.0.0.1:5432/test'), 'nothing to hide').toBe(
      'postgres://postgres@127.0.0.1:5432/test',
    );
    expect(redactDatabaseUrl('host=db password=s3cret'), 'an unparsable string shows none of itself').not.toContain(
      's3cret',
    );
  });
});

describe('openExistingStore on PostgreSQL (127.0.0.1:5432/test)', () => {
  it('refuses a schema without the store tables and creates nothing there', async () => {
    const databaseUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
    const schema = `open_test_${process.pid}_${Date.now().toString(36)}`;
    const error = await openExistingStore({ postgresSchema: schema }, { DATABASE_URL: databaseUrl }).catch(
      (e: unknown) => e,
    );
    expect(error, 'an absent schema is an input error').toBeInstanceOf(StoreNotFoundError);
    expect((error as Error).message, 'it names the database and schema').toContain(`(schema ${schema})`);
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      const found = await client.query('select 1 from information_schema.schemata where schema_name = $1', [schema]);
      expect(found.rowCount, 'the schema was not created').toBe(0);
    } finally {
      await client.end();
    }
  });
});

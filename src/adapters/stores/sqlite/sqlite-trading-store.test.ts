import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { tempFolders } from '../../../../test/support/temp-folders.ts';
import { BatchingStoreWriter } from '../../../core/persistence/index.ts';
import { openTradingStore } from '../open-trading-store.ts';
import { defineTradingStoreContract } from '../store-contract.ts';
import { fillChange, fixtureRun } from '../store-fixtures.ts';
import { openSqliteTradingStore, SQLITE_PAGE_BYTES, sqlitePragmas } from './sqlite-trading-store.ts';

const tempFolder = tempFolders('tradewind-store-');

for (const commitThread of [false, true])
  defineTradingStoreContract(commitThread ? 'SQLite (commit thread)' : 'SQLite (temp file)', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'tradewind-store-'));
    const path = join(folder, 'nested', 'tradewind.db');
    return {
      options: { sqlitePath: path, commitThread },
      open: () => openSqliteTradingStore({ path, commitThread }),
      dispose: async () => rmSync(folder, { recursive: true, force: true }),
    };
  });

describe('SQLite store settings', () => {
  it('creates the parent folder and runs WAL with synchronous=FULL by default', async () => {
    const path = join(tempFolder(), 'a', 'b', 'store.db');
    const store = await openSqliteTradingStore({ path });
    expect(store.sqliteSettings, 'read back from the store connection').toEqual({
      path,
      journalMode: 'wal',
      synchronous: 'FULL',
      busyTimeoutMs: 5_000,
      pageSize: SQLITE_PAGE_BYTES,
      commitThread: false,
    });
    await store.close();
    expect(existsSync(path)).toBe(true);
    expect(sqlitePragmas(path).journalMode, 'WAL is a property of the file').toBe('wal');
    expect(sqlitePragmas(path).pageSize, 'so is the page size').toBe(SQLITE_PAGE_BYTES);
    const normal = await openSqliteTradingStore({ path, synchronous: 'NORMAL' });
    expect(normal.sqliteSettings.synchronous, 'configurable per connection').toBe('NORMAL');
    await normal.close();
  });

  it('keeps the page size of a file created before it (and still stores into it)', async () => {
    const path = join(tempFolder(), 'old.db');
    const old = new Database(path);
    old.pragma('page_size = 4096');
    old.pragma('journal_mode = WAL');
    old.exec('create table made_before (x integer)');
    old.close();
    const store = await openSqliteTradingStore({ path, commitThread: true });
    expect(store.sqliteSettings.pageSize, 'a WAL file keeps the page size it was made with').toBe(4_096);
    await store.startRun(fixtureRun('old'));
    await store.commit('old', [fillChange(1)]);
    expect((await store.fills('old')).length).toBe(1);
    await store.close();
    expect(sqlitePragmas(path).pageSize).toBe(4_096);
  });

  it('applies the synchronous level asked for and refuses an unknown one', async () => {
    const path = join(tempFolder(), 'store.db');
    await expect(openSqliteTradingStore({ path, synchronous: 'SOMETIMES' as 'FULL' })).rejects.toThrow(/synchronous/);
    const store = await openTradingStore({ sqlitePath: path, synchronous: 'EXTRA' }, {});
    expect(store.backend).toBe('sqlite');
    await store.close();
  });

  it('picks SQLite without DATABASE_URL and PostgreSQL with it', async () => {
    const path = join(tempFolder(), 'store.db');
    const sqlite = await openTradingStore({ sqlitePath: path }, { DATABASE_URL: '' });
    expect(sqlite.backend).toBe('sqlite');
    await sqlite.close();
    await expect(
      openTradingStore({ sqlitePath: path }, { DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' }),
      'a set DATABASE_URL means PostgreSQL (here unreachable), never a silent SQLite fallback',
    ).rejects.toThrow();
  });

  it.each([false, true])(
    'stores everything a BatchingStoreWriter was given once flushed, in batches of its size (commit thread: %s)',
    async (commitThread) => {
      const path = join(tempFolder(), 'store.db');
      const store = await openSqliteTradingStore({ path, commitThread });
      expect(store.sqliteSettings.commitThread).toBe(commitThread);
      await store.startRun(fixtureRun('w'));
      const writer = new BatchingStoreWriter({ store, runId: 'w', maxBatch: 100 });
      for (let i = 0; i < 250; i++) writer.add(fillChange(i));
      await writer.flush();
      expect((await store.fills('w')).length, 'read on the main connection after the thread committed').toBe(250);
      expect((await store.run('w'))?.lastSequence).toBe(250);
      await store.close();
      await expect(store.commit('w', [fillChange(300)]), 'a closed store takes no commit').rejects.toThrow(/closed/);
    },
  );

  it('refuses a commit thread on :memory:, which no second connection can open', async () => {
    await expect(openSqliteTradingStore({ path: ':memory:', commitThread: true })).rejects.toThrow(
      /commitThread needs a database file/,
    );
  });
});

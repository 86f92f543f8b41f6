import { DummyDriver, Kysely, SqliteAdapter, SqliteIntrospector, SqliteQueryCompiler } from 'kysely';
import { describe, expect, it } from 'vitest';
import { InsertTemplates } from './insert-templates.ts';
import type { StoreDatabase } from './store-schema.ts';

/** A Kysely that compiles SQLite SQL and executes nothing. */
const db = new Kysely<StoreDatabase>({
  dialect: {
    createAdapter: () => new SqliteAdapter(),
    createDriver: () => new DummyDriver(),
    createIntrospector: (k) => new SqliteIntrospector(k),
    createQueryCompiler: () => new SqliteQueryCompiler(),
  },
});

const row = (runId: string, sequence: number) => ({
  run_id: runId,
  sequence,
  type: 't',
  timestamp: sequence * 10,
  payload: `{"s":${sequence}}`,
});

describe('InsertTemplates', () => {
  it('compiles a statement once per row count and binds each batch its own values in order', () => {
    const templates = new InsertTemplates();
    let builds = 0;
    const build = (rows: ReturnType<typeof row>[]) => {
      builds += 1;
      return db.insertInto('event_log').values(rows);
    };
    const first = templates.compile('event_log', [row('a', 1), row('a', 2)], build);
    const second = templates.compile('event_log', [row('b', 3), row('b', 4)], build);
    expect(builds, 'the second batch of two rows reuses the template').toBe(1);
    expect(second.sql).toBe(first.sql);
    expect(second.parameters).toEqual(['b', 3, 't', 30, '{"s":3}', 'b', 4, 't', 40, '{"s":4}']);
    expect(second.parameters, 'the same as Kysely compiles for these rows').toEqual(
      db
        .insertInto('event_log')
        .values([row('b', 3), row('b', 4)])
        .compile().parameters,
    );
    templates.compile('event_log', [row('c', 5)], build);
    expect(builds, 'another row count is another template').toBe(2);
  });

  it('refuses a statement whose parameters are not exactly the rows, and rows with an undefined column', () => {
    const templates = new InsertTemplates();
    expect(() =>
      templates.compile('event_log', [row('a', 1)], (rows) =>
        db
          .insertInto('event_log')
          .values(rows)
          .onConflict((oc) => oc.column('run_id').doUpdateSet({ type: 'other' })),
      ),
    ).toThrow(/not the rows' values/);
    expect(() =>
      templates.compile('event_log', [{ ...row('a', 1), payload: undefined }], (rows) =>
        db.insertInto('event_log').values(rows as never),
      ),
    ).toThrow(/undefined/);
  });
});

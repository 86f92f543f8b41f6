import { type Compilable, CompiledQuery, sql, type Transaction } from 'kysely';
import type { StoreDatabase } from './store-schema.ts';

/**
 * Bound parameters per statement: under SQLite's 32,766 and PostgreSQL's 65,535, so a batch of any
 * size is written as a few multi-row statements (one statement per row would cost a query build,
 * a prepare and a round trip each).
 */
const MAX_PARAMETERS = 30_000;

/** Templates kept per store (a batch uses a dozen shapes; batch sizes vary a little). */
const MAX_TEMPLATES = 256;

/**
 * Multi-row inserts compiled by Kysely once per (statement, row count) and reused with fresh
 * parameters: the SQL of a 1,000-row insert is the same for every batch, and building its query
 * tree row by row again costs about as much as SQLite's work. The SQL still comes from the one
 * Kysely query per table (each dialect compiles its own); the first compilation checks that the
 * parameters are exactly the rows' values, row by row in column order, so the reuse cannot
 * misplace a value.
 */
export class InsertTemplates {
  readonly #cache = new Map<string, CompiledQuery>();

  /** The statement for `rows` (all with the same keys, in the same order), built by `build` on a miss. */
  compile<R extends object>(name: string, rows: readonly R[], build: (rows: R[]) => Compilable): CompiledQuery {
    const columns = Object.keys(rows[0]) as (keyof R)[];
    const parameters = new Array<unknown>(rows.length * columns.length);
    let k = 0;
    for (const row of rows)
      for (const column of columns) {
        const value = row[column];
        if (value === undefined) throw new Error(`store insert into ${name}: column ${String(column)} is undefined`);
        parameters[k++] = value;
      }
    const key = `${name}:${rows.length}`;
    let template = this.#cache.get(key);
    if (template === undefined) {
      template = build(rows as R[]).compile();
      const same =
        template.parameters.length === parameters.length && template.parameters.every((p, i) => p === parameters[i]);
      if (!same) throw new Error(`store insert into ${name}: compiled parameters are not the rows' values in order`);
      if (this.#cache.size >= MAX_TEMPLATES) this.#cache.clear();
      this.#cache.set(key, template);
    }
    return CompiledQuery.raw(template.sql, parameters);
  }
}

/** What a chunked insert returned: the rows of its RETURNING clause, and how many rows went in. */
export interface InsertResult<O> {
  readonly rows: O[];
  readonly inserted: number;
}

/**
 * Inserts `rows` in chunks through `templates`: the rows the statements return (RETURNING) and
 * the count of rows inserted (the drivers' affected rows). Chunks are the largest size the
 * parameter limit allows, then powers of two for the rest, so the batches of a node (whose sizes
 * vary with every commit) reuse a few compiled statements per table instead of compiling and
 * preparing a new one for each row count.
 */
export async function insertRows<R extends object, O = unknown>(
  trx: Transaction<StoreDatabase>,
  templates: InsertTemplates,
  name: string,
  rows: readonly R[],
  build: (rows: R[]) => Compilable<O>,
): Promise<InsertResult<O>> {
  const out: O[] = [];
  let inserted = 0;
  if (rows.length === 0) return { rows: out, inserted };
  const perRow = Object.keys(rows[0]).length;
  const largest = Math.max(1, Math.floor(MAX_PARAMETERS / perRow));
  for (let i = 0; i < rows.length; ) {
    const left = rows.length - i;
    const size = left >= largest ? largest : 2 ** Math.floor(Math.log2(left));
    const result = await trx.executeQuery<O>(templates.compile(name, rows.slice(i, i + size), build));
    for (const row of result.rows) out.push(row);
    inserted += Number(result.numAffectedRows ?? 0);
    i += size;
  }
  return { rows: out, inserted };
}

/** The text key of a row: its `columns`' values joined by NUL (ids never hold one). */
export function rowKey<R extends object>(row: R, columns: readonly (keyof R)[]): string {
  return columns.map((c) => String(row[c])).join('\u0000');
}

/**
 * Inserts the rows whose key (`keyColumns`) is new and skips the others; returns the keys
 * (`rowKey`) of the rows skipped. `insert` builds the statement with ON CONFLICT DO NOTHING. The
 * rows are first inserted without RETURNING inside a savepoint: when all of them went in (the
 * affected count is the row count, as in every batch without a repeat) nothing is skipped and no
 * row came back to JavaScript. Otherwise the savepoint is rolled back and the rows are inserted
 * again RETURNING the key's columns, which names the ones that went in. The keys of `rows` must be
 * distinct.
 */
export async function insertNewRows<R extends object, K extends keyof R & string>(
  trx: Transaction<StoreDatabase>,
  templates: InsertTemplates,
  name: string,
  rows: readonly R[],
  keyColumns: readonly K[],
  insert: (rows: R[]) => Compilable & { returning(columns: readonly K[]): Compilable<Pick<R, K>> },
): Promise<ReadonlySet<string>> {
  const skipped = new Set<string>();
  if (rows.length === 0) return skipped;
  await sql`savepoint insert_new_rows`.execute(trx);
  const { inserted } = await insertRows(trx, templates, name, rows, insert);
  if (inserted === rows.length) {
    await sql`release savepoint insert_new_rows`.execute(trx);
    return skipped;
  }
  await sql`rollback to savepoint insert_new_rows`.execute(trx);
  await sql`release savepoint insert_new_rows`.execute(trx);
  const returned = await insertRows(trx, templates, `${name} returning`, rows, (chunk) =>
    insert(chunk).returning(keyColumns),
  );
  const went = new Set(returned.rows.map((row) => rowKey(row, keyColumns)));
  for (const row of rows) {
    const key = rowKey(row, keyColumns);
    if (!went.has(key)) skipped.add(key);
  }
  return skipped;
}

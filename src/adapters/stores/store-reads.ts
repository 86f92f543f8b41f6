import type { Kysely, Transaction } from 'kysely';
import type {
  StoredBar,
  StoredEvent,
  StoredOrder,
  StoredPosition,
  StoredRun,
  StoredSnapshot,
} from '../../core/persistence/index.ts';
import { barRecord, eventRecord, orderRecord, positionRecord, runRecord, snapshotRecord } from './store-rows.ts';
import type { StoreDatabase } from './store-schema.ts';

/** The reads recovery composes, on the store or inside one read transaction. */

/** Statuses of orders that can still change (recovery must know them): everything not closed. */
const OPEN_STATUSES = ['initialized', 'submitted', 'accepted', 'partially_filled'] as const;

type Reader = Kysely<StoreDatabase> | Transaction<StoreDatabase>;

export async function readRun(db: Reader, runId: string): Promise<StoredRun | undefined> {
  const r = await db.selectFrom('runs').selectAll().where('run_id', '=', runId).executeTakeFirst();
  return r === undefined ? undefined : runRecord(r);
}

export async function readEvents(
  db: Reader,
  runId: string,
  afterSequence: number,
  limit: number | undefined,
): Promise<readonly StoredEvent[]> {
  let query = db
    .selectFrom('event_log')
    .selectAll()
    .where('run_id', '=', runId)
    .where('sequence', '>', afterSequence)
    .orderBy('sequence');
  if (limit !== undefined) query = query.limit(limit);
  return (await query.execute()).map(eventRecord);
}

export async function readLatestSnapshot(db: Reader, runId: string): Promise<StoredSnapshot | undefined> {
  const r = await db
    .selectFrom('portfolio_snapshots')
    .selectAll()
    .where('run_id', '=', runId)
    .orderBy('sequence', 'desc')
    .limit(1)
    .executeTakeFirst();
  return r === undefined ? undefined : snapshotRecord(r);
}

export async function readSnapshots(db: Reader, runId: string): Promise<readonly StoredSnapshot[]> {
  const rows = await db
    .selectFrom('portfolio_snapshots')
    .selectAll()
    .where('run_id', '=', runId)
    .orderBy('sequence')
    .execute();
  return rows.map(snapshotRecord);
}

export async function readOpenOrders(db: Reader, runId: string): Promise<readonly StoredOrder[]> {
  const rows = await db
    .selectFrom('orders')
    .selectAll()
    .where('run_id', '=', runId)
    .where('status', 'in', OPEN_STATUSES)
    .orderBy('created_at')
    .orderBy('client_order_id')
    .execute();
  return rows.map(orderRecord);
}

export async function readPositions(db: Reader, runId: string): Promise<readonly StoredPosition[]> {
  const rows = await db
    .selectFrom('positions')
    .selectAll()
    .where('run_id', '=', runId)
    .orderBy('instrument_id')
    .orderBy('strategy_id')
    .execute();
  return rows.map(positionRecord);
}

export async function readBars(db: Reader, runId: string): Promise<readonly StoredBar[]> {
  const rows = await db.selectFrom('bars').selectAll().where('run_id', '=', runId).orderBy('sequence').execute();
  return rows.map(barRecord);
}

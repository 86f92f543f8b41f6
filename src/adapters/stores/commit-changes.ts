import { sql, type Transaction } from 'kysely';
import { ChangeOutcome, type CommitResult, type StoreChange } from '../../core/persistence/index.ts';
import { type InsertTemplates, insertNewRows, insertRows, rowKey } from './insert-templates.ts';
import { barRow, fillRow, finite, metricsRow, millis, orderRow, positionRow } from './store-rows.ts';
import type {
  BarsTable,
  EventLogTable,
  FillsTable,
  LlmDecisionsTable,
  MetricsWindowsTable,
  OrdersTable,
  PortfolioSnapshotsTable,
  PositionsTable,
  ProcessedMessagesTable,
  RiskEventsTable,
  StoreDatabase,
} from './store-schema.ts';

const key = (a: string, b: string): string => `${a}\u0000${b}`;

/**
 * Writes `changes` inside `trx` (see `TradingStore.commit`). The first statement locks the run's
 * row (PostgreSQL: a row lock serializing writers of one run; SQLite: the database write lock,
 * taken before any read so a concurrent writer waits on busy_timeout instead of failing), then
 * message and trade-id dedupe, then the rows, then the run's new last sequence.
 */
export async function commitChanges(
  trx: Transaction<StoreDatabase>,
  templates: InsertTemplates,
  runId: string,
  changes: readonly StoreChange[],
): Promise<CommitResult> {
  const locked = await trx
    .updateTable('runs')
    .set({ last_sequence: sql`last_sequence` })
    .where('run_id', '=', runId)
    .returning('last_sequence')
    .executeTakeFirst();
  if (locked === undefined) throw new Error(`store commit: unknown run '${runId}' (startRun first)`);
  const startSequence = Number(locked.last_sequence);
  const outcomes: ChangeOutcome[] = changes.map(() => ChangeOutcome.Applied);

  // Idempotent consumers: a message id recorded before, or earlier in this batch, skips its change.
  await applyOnce<ProcessedMessagesTable, 'consumer' | 'message_id'>(trx, templates, changes, outcomes, {
    table: 'processed_messages',
    rowOf: (change) =>
      change.message && {
        consumer: change.message.consumer,
        message_id: change.message.messageId,
        run_id: runId,
        processed_at: millis('message processedAt', change.message.processedAt),
      },
    keyColumns: ['consumer', 'message_id'],
    insert: (rows) =>
      trx
        .insertInto('processed_messages')
        .values(rows)
        .onConflict((oc) => oc.columns(['consumer', 'message_id']).doNothing()),
    duplicate: ChangeOutcome.DuplicateMessage,
  });
  // A repeated (venue, trade id) is applied once: the later change is skipped whole.
  await applyOnce<FillsTable, 'venue' | 'trade_id'>(trx, templates, changes, outcomes, {
    table: 'fills',
    rowOf: (change) => change.fill && fillRow(runId, change.fill),
    keyColumns: ['venue', 'trade_id'],
    insert: (rows) =>
      trx
        .insertInto('fills')
        .values(rows)
        .onConflict((oc) => oc.columns(['run_id', 'venue', 'trade_id']).doNothing()),
    duplicate: ChangeOutcome.DuplicateTradeId,
  });

  // Rows of the applied changes, events numbered in order. Later state of one key wins.
  let sequence = startSequence;
  const events: EventLogTable[] = [];
  const risks: RiskEventsTable[] = [];
  const decisions: LlmDecisionsTable[] = [];
  const snapshots = new Map<number, PortfolioSnapshotsTable>();
  const orders = new Map<string, OrdersTable>();
  const positions = new Map<string, PositionsTable>();
  const metrics = new Map<string, MetricsWindowsTable>();
  const bars: BarsTable[] = [];
  const appendEvent = (type: string, timestamp: number, payload: string): number => {
    sequence += 1;
    events.push({ run_id: runId, sequence, type, timestamp: millis(`${type} timestamp`, timestamp), payload });
    return sequence;
  };
  changes.forEach((change, index) => {
    if (outcomes[index] !== ChangeOutcome.Applied) return;
    for (const e of change.events ?? []) appendEvent(e.type, e.timestamp, e.payload);
    for (const r of change.riskEvents ?? []) {
      const s = appendEvent(r.type, r.timestamp, r.payload);
      risks.push({
        run_id: runId,
        sequence: s,
        type: r.type,
        timestamp: r.timestamp,
        instrument_id: r.instrumentId ?? null,
        strategy_id: r.strategyId ?? null,
        payload: r.payload,
      });
    }
    for (const d of change.llmDecisions ?? []) {
      const s = appendEvent(d.type, d.timestamp, d.payload);
      decisions.push({
        run_id: runId,
        sequence: s,
        decision_id: d.decisionId,
        type: d.type,
        timestamp: d.timestamp,
        model: d.model,
        outcome: d.outcome,
        payload: d.payload,
      });
    }
    for (const o of change.orders ?? []) orders.set(o.clientOrderId, orderRow(runId, o));
    for (const p of change.positions ?? []) positions.set(key(p.instrumentId, p.strategyId), positionRow(runId, p));
    for (const m of change.metrics ?? []) metrics.set(key(m.label, String(m.windowStart)), metricsRow(runId, m));
    for (const b of change.bars ?? []) bars.push(barRow(runId, b));
    const s = change.snapshot;
    if (s !== undefined)
      snapshots.set(sequence, {
        run_id: runId,
        sequence,
        timestamp: millis('snapshot timestamp', s.timestamp),
        cash: finite('snapshot cash', s.cash),
        equity: finite('snapshot equity', s.equity),
        gross_exposure: finite('snapshot gross exposure', s.grossExposure),
        net_exposure: finite('snapshot net exposure', s.netExposure),
        drawdown: finite('snapshot drawdown', s.drawdown),
        payload: s.payload,
      });
  });

  // Input bars are never rewritten: a second bar under a stored (run, sequence) fails the transaction.
  await insertRows(trx, templates, 'bars', bars, (rows) => trx.insertInto('bars').values(rows));
  await insertRows(trx, templates, 'event_log', events, (rows) => trx.insertInto('event_log').values(rows));
  await insertRows(trx, templates, 'risk_events', risks, (rows) => trx.insertInto('risk_events').values(rows));
  await insertRows(trx, templates, 'llm_decisions', decisions, (rows) => trx.insertInto('llm_decisions').values(rows));
  await insertRows(trx, templates, 'orders', [...orders.values()], (rows) =>
    trx
      .insertInto('orders')
      .values(rows)
      .onConflict((oc) =>
        oc.columns(['run_id', 'client_order_id']).doUpdateSet((eb) => ({
          strategy_id: eb.ref('excluded.strategy_id'),
          instrument_id: eb.ref('excluded.instrument_id'),
          side: eb.ref('excluded.side'),
          order_type: eb.ref('excluded.order_type'),
          quantity: eb.ref('excluded.quantity'),
          price: eb.ref('excluded.price'),
          trigger_price: eb.ref('excluded.trigger_price'),
          status: eb.ref('excluded.status'),
          venue_order_id: eb.ref('excluded.venue_order_id'),
          filled_quantity: eb.ref('excluded.filled_quantity'),
          average_fill_price: eb.ref('excluded.average_fill_price'),
          created_at: eb.ref('excluded.created_at'),
          updated_at: eb.ref('excluded.updated_at'),
          payload: eb.ref('excluded.payload'),
        })),
      ),
  );
  await insertRows(trx, templates, 'positions', [...positions.values()], (rows) =>
    trx
      .insertInto('positions')
      .values(rows)
      .onConflict((oc) =>
        oc.columns(['run_id', 'instrument_id', 'strategy_id']).doUpdateSet((eb) => ({
          quantity: eb.ref('excluded.quantity'),
          average_entry_price: eb.ref('excluded.average_entry_price'),
          realized_pnl: eb.ref('excluded.realized_pnl'),
          updated_at: eb.ref('excluded.updated_at'),
        })),
      ),
  );
  await insertRows(trx, templates, 'metrics_windows', [...metrics.values()], (rows) =>
    trx
      .insertInto('metrics_windows')
      .values(rows)
      .onConflict((oc) =>
        oc.columns(['run_id', 'label', 'window_start']).doUpdateSet((eb) => ({
          window_end: eb.ref('excluded.window_end'),
          sharpe: eb.ref('excluded.sharpe'),
          sortino: eb.ref('excluded.sortino'),
          turnover: eb.ref('excluded.turnover'),
          hit_rate: eb.ref('excluded.hit_rate'),
          trades: eb.ref('excluded.trades'),
        })),
      ),
  );
  await insertRows(trx, templates, 'portfolio_snapshots', [...snapshots.values()], (rows) =>
    trx
      .insertInto('portfolio_snapshots')
      .values(rows)
      .onConflict((oc) =>
        oc.columns(['run_id', 'sequence']).doUpdateSet((eb) => ({
          timestamp: eb.ref('excluded.timestamp'),
          cash: eb.ref('excluded.cash'),
          equity: eb.ref('excluded.equity'),
          gross_exposure: eb.ref('excluded.gross_exposure'),
          net_exposure: eb.ref('excluded.net_exposure'),
          drawdown: eb.ref('excluded.drawdown'),
          payload: eb.ref('excluded.payload'),
        })),
      ),
  );
  if (sequence !== startSequence)
    await trx.updateTable('runs').set({ last_sequence: sequence }).where('run_id', '=', runId).execute();
  return { outcomes, firstSequence: startSequence + 1, lastSequence: sequence };
}

interface ApplyOnce<R extends object, K extends keyof R & string> {
  readonly table: string;
  /** The change's row in `table`, if it has one. */
  readonly rowOf: (change: StoreChange) => R | undefined;
  readonly keyColumns: readonly K[];
  /** The insert of the rows, ON CONFLICT DO NOTHING (see `insertNewRows`). */
  readonly insert: Parameters<typeof insertNewRows<R, K>>[5];
  /** The outcome of a change whose key was stored before or earlier in the batch. */
  readonly duplicate: ChangeOutcome;
}

/**
 * Idempotence by key: of the applied changes with a row in `table`, the first of each key inserts
 * it; a change whose key came earlier in the batch or is stored already gets `duplicate` (and is
 * then skipped whole).
 */
async function applyOnce<R extends object, K extends keyof R & string>(
  trx: Transaction<StoreDatabase>,
  templates: InsertTemplates,
  changes: readonly StoreChange[],
  outcomes: ChangeOutcome[],
  spec: ApplyOnce<R, K>,
): Promise<void> {
  const rows: R[] = [];
  const owner = new Map<string, number>();
  changes.forEach((change, index) => {
    if (outcomes[index] !== ChangeOutcome.Applied) return;
    const row = spec.rowOf(change);
    if (row === undefined) return;
    const k = rowKey(row, spec.keyColumns);
    if (owner.has(k)) outcomes[index] = spec.duplicate;
    else {
      owner.set(k, index);
      rows.push(row);
    }
  });
  const skipped = await insertNewRows(trx, templates, spec.table, rows, spec.keyColumns, spec.insert);
  for (const [k, index] of owner) if (skipped.has(k)) outcomes[index] = spec.duplicate;
}

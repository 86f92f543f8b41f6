import type {
  LlmDecisionRecord,
  MetricsWindowRecord,
  RiskEventRecord,
  Sequenced,
  StoredBar,
  StoredEvent,
  StoredFill,
  StoredOrder,
  StoredPosition,
  StoredSnapshot,
  TradingStore,
} from '../../core/persistence/index.ts';

/** A column's type in the Parquet file (CSV is text, written from the same values). */
export type ExportColumnType = 'BIGINT' | 'DOUBLE' | 'VARCHAR';

/** One column of an exported table: snake_case name, type, and how to read it from a record. */
export interface ExportColumn<R> {
  readonly name: string;
  readonly type: ExportColumnType;
  /** The value; undefined is written as an empty CSV field and a Parquet NULL. */
  readonly value: (record: R) => string | number | undefined;
}

/** One table of a run's export: its file name (without extension), columns, and rows in batches. */
export interface ExportTable {
  readonly name: string;
  readonly columns: readonly ExportColumn<never>[];
  /** The rows, each already as values in column order, a batch at a time (events are paged). */
  rows(store: TradingStore, runId: string): AsyncIterable<readonly (readonly (string | number | undefined)[])[]>;
}

/** Events read per page: a long run's log is never held whole in memory. */
const EVENT_PAGE = 10_000;

const text = <R>(name: string, value: (record: R) => string | undefined): ExportColumn<R> => ({
  name,
  type: 'VARCHAR',
  value,
});
const real = <R>(name: string, value: (record: R) => number | undefined): ExportColumn<R> => ({
  name,
  type: 'DOUBLE',
  value,
});
const integer = <R>(name: string, value: (record: R) => number): ExportColumn<R> => ({ name, type: 'BIGINT', value });
/** A time: the epoch-ms integer column `name` and its ISO 8601 UTC text twin `<name>_iso`. */
const time = <R>(name: string, value: (record: R) => number): ExportColumn<R>[] => [
  integer(name, value),
  text(`${name}_iso`, (record) => new Date(value(record)).toISOString()),
];

type Read<R> = (store: TradingStore, runId: string) => AsyncIterable<readonly R[]>;

/** A table whose records come in batches from the store, each record mapped through the columns. */
function table<R>(name: string, columns: readonly ExportColumn<R>[], read: Read<R>): ExportTable {
  return {
    name,
    columns: columns as readonly ExportColumn<never>[],
    async *rows(store, runId) {
      for await (const records of read(store, runId))
        yield records.map((record) => columns.map((column) => column.value(record)));
    },
  };
}

/** One store read as a single batch. */
const once = <R>(read: (store: TradingStore, runId: string) => Promise<readonly R[]>): Read<R> =>
  async function* (store, runId) {
    yield await read(store, runId);
  };

/** The event log a page at a time, in sequence order. */
async function* eventPages(store: TradingStore, runId: string): AsyncIterable<readonly StoredEvent[]> {
  let after = 0;
  for (;;) {
    const page = await store.events(runId, after, EVENT_PAGE);
    if (page.length > 0) yield page;
    if (page.length < EVENT_PAGE) return;
    after = page[page.length - 1].sequence;
  }
}

const runIdColumn = <R>(runId: string) => text<R>('run_id', () => runId);

/**
 * The tables of one run's export, in file order. Column names are the store's own (snake_case);
 * every time is an epoch-ms integer beside an `_iso` text twin; payloads are the stored JSON text.
 * `portfolio_snapshots` holds every snapshot of the run, oldest first.
 */
export function exportTables(runId: string): readonly ExportTable[] {
  return [
    table<StoredOrder>(
      'orders',
      [
        runIdColumn(runId),
        text('client_order_id', (o) => o.clientOrderId),
        text('strategy_id', (o) => o.strategyId),
        text('instrument_id', (o) => o.instrumentId),
        text('side', (o) => o.side),
        text('order_type', (o) => o.orderType),
        real('quantity', (o) => o.quantity),
        real('price', (o) => o.price),
        real('trigger_price', (o) => o.triggerPrice),
        text('status', (o) => o.status),
        text('venue_order_id', (o) => o.venueOrderId),
        real('filled_quantity', (o) => o.filledQuantity),
        real('average_fill_price', (o) => o.averageFillPrice),
        ...time<StoredOrder>('created_at', (o) => o.createdAt),
        ...time<StoredOrder>('updated_at', (o) => o.updatedAt),
        text('payload', (o) => o.payload),
      ],
      once((store, id) => store.orders(id)),
    ),
    table<StoredFill>(
      'fills',
      [
        runIdColumn(runId),
        text('venue', (f) => f.venue),
        text('trade_id', (f) => f.tradeId),
        text('client_order_id', (f) => f.clientOrderId),
        text('venue_order_id', (f) => f.venueOrderId),
        text('strategy_id', (f) => f.strategyId),
        text('instrument_id', (f) => f.instrumentId),
        text('account_id', (f) => f.accountId),
        text('side', (f) => f.side),
        real('quantity', (f) => f.quantity),
        real('price', (f) => f.price),
        real('fee', (f) => f.fee),
        text('fee_currency', (f) => f.feeCurrency),
        text('liquidity_side', (f) => f.liquiditySide),
        ...time<StoredFill>('timestamp', (f) => f.timestamp),
      ],
      once((store, id) => store.fills(id)),
    ),
    table<StoredPosition>(
      'positions',
      [
        runIdColumn(runId),
        text('instrument_id', (p) => p.instrumentId),
        text('strategy_id', (p) => p.strategyId),
        real('quantity', (p) => p.quantity),
        real('average_entry_price', (p) => p.averageEntryPrice),
        real('realized_pnl', (p) => p.realizedPnl),
        ...time<StoredPosition>('updated_at', (p) => p.updatedAt),
      ],
      once((store, id) => store.positions(id)),
    ),
    table<StoredSnapshot>(
      'portfolio_snapshots',
      [
        runIdColumn(runId),
        integer('sequence', (s) => s.sequence),
        ...time<StoredSnapshot>('timestamp', (s) => s.timestamp),
        real('cash', (s) => s.cash),
        real('equity', (s) => s.equity),
        real('gross_exposure', (s) => s.grossExposure),
        real('net_exposure', (s) => s.netExposure),
        real('drawdown', (s) => s.drawdown),
        text('payload', (s) => s.payload),
      ],
      once((store, id) => store.snapshots(id)),
    ),
    table<StoredEvent>(
      'events',
      [
        runIdColumn(runId),
        integer('sequence', (e) => e.sequence),
        text('type', (e) => e.type),
        ...time<StoredEvent>('timestamp', (e) => e.timestamp),
        text('payload', (e) => e.payload),
      ],
      eventPages,
    ),
    table<Sequenced<RiskEventRecord>>(
      'risk_events',
      [
        runIdColumn(runId),
        integer('sequence', (r) => r.sequence),
        text('type', (r) => r.type),
        ...time<Sequenced<RiskEventRecord>>('timestamp', (r) => r.timestamp),
        text('instrument_id', (r) => r.instrumentId),
        text('strategy_id', (r) => r.strategyId),
        text('payload', (r) => r.payload),
      ],
      once((store, id) => store.riskEvents(id)),
    ),
    table<MetricsWindowRecord>(
      'metrics_windows',
      [
        runIdColumn(runId),
        text('label', (m) => m.label),
        ...time<MetricsWindowRecord>('window_start', (m) => m.windowStart),
        ...time<MetricsWindowRecord>('window_end', (m) => m.windowEnd),
        real('sharpe', (m) => m.sharpe),
        real('sortino', (m) => m.sortino),
        real('turnover', (m) => m.turnover),
        real('hit_rate', (m) => m.hitRate),
        integer('trades', (m) => m.trades),
      ],
      once((store, id) => store.metricsWindows(id)),
    ),
    table<StoredBar>(
      'bars',
      [
        runIdColumn(runId),
        integer('sequence', (b) => b.sequence),
        text('phase', (b) => b.phase),
        text('instrument_id', (b) => b.instrumentId),
        text('timeframe', (b) => b.timeframe),
        ...time<StoredBar>('timestamp', (b) => b.timestamp),
        real('open', (b) => b.open),
        real('high', (b) => b.high),
        real('low', (b) => b.low),
        real('close', (b) => b.close),
        real('volume', (b) => b.volume),
      ],
      once((store, id) => store.bars(id)),
    ),
    table<Sequenced<LlmDecisionRecord>>(
      'llm_decisions',
      [
        runIdColumn(runId),
        integer('sequence', (d) => d.sequence),
        text('decision_id', (d) => d.decisionId),
        text('type', (d) => d.type),
        ...time<Sequenced<LlmDecisionRecord>>('timestamp', (d) => d.timestamp),
        text('model', (d) => d.model),
        text('outcome', (d) => d.outcome),
        text('payload', (d) => d.payload),
      ],
      once((store, id) => store.llmDecisions(id)),
    ),
  ];
}

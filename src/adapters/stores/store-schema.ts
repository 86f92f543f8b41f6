/**
 * Row types of the operational store's tables as Kysely sees them, the same for SQLite and
 * PostgreSQL (see store-migrations.ts). Times are integer UTC epoch milliseconds (`bigint` in
 * PostgreSQL, read back as numbers); prices, quantities and money are doubles; payloads JSON text.
 */

/** A nullable column. */
type Nullable<T> = T | null;

export interface RunsTable {
  run_id: string;
  mode: string;
  config_hash: string;
  config_version: string;
  started_at: number;
  ended_at: Nullable<number>;
  status: string;
  last_sequence: number;
}

export interface ConfigVersionsTable {
  config_hash: string;
  config_version: string;
  created_at: number;
  content: string;
}

export interface EventLogTable {
  run_id: string;
  sequence: number;
  type: string;
  timestamp: number;
  payload: string;
}

export interface OrdersTable {
  run_id: string;
  client_order_id: string;
  strategy_id: string;
  instrument_id: string;
  side: string;
  order_type: string;
  quantity: number;
  price: Nullable<number>;
  trigger_price: Nullable<number>;
  status: string;
  venue_order_id: Nullable<string>;
  filled_quantity: number;
  average_fill_price: number;
  created_at: number;
  updated_at: number;
  payload: string;
}

export interface FillsTable {
  run_id: string;
  venue: string;
  trade_id: string;
  client_order_id: string;
  venue_order_id: string;
  strategy_id: string;
  instrument_id: string;
  account_id: string;
  side: string;
  quantity: number;
  price: number;
  fee: number;
  fee_currency: string;
  liquidity_side: string;
  timestamp: number;
}

export interface PositionsTable {
  run_id: string;
  instrument_id: string;
  strategy_id: string;
  quantity: number;
  average_entry_price: number;
  realized_pnl: number;
  updated_at: number;
}

export interface PortfolioSnapshotsTable {
  run_id: string;
  sequence: number;
  timestamp: number;
  cash: number;
  equity: number;
  gross_exposure: number;
  net_exposure: number;
  drawdown: number;
  payload: string;
}

export interface MetricsWindowsTable {
  run_id: string;
  label: string;
  window_start: number;
  window_end: number;
  sharpe: Nullable<number>;
  sortino: Nullable<number>;
  turnover: number;
  hit_rate: Nullable<number>;
  trades: number;
}

export interface RiskEventsTable {
  run_id: string;
  sequence: number;
  type: string;
  timestamp: number;
  instrument_id: Nullable<string>;
  strategy_id: Nullable<string>;
  payload: string;
}

export interface LlmDecisionsTable {
  run_id: string;
  sequence: number;
  decision_id: string;
  type: string;
  timestamp: number;
  model: string;
  outcome: string;
  payload: string;
}

export interface ProcessedMessagesTable {
  consumer: string;
  message_id: string;
  run_id: string;
  processed_at: number;
}

export interface BarsTable {
  run_id: string;
  sequence: number;
  phase: string;
  instrument_id: string;
  timeframe: string;
  timestamp: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
}

/** The whole schema, for `Kysely<StoreDatabase>`. */
export interface StoreDatabase {
  runs: RunsTable;
  config_versions: ConfigVersionsTable;
  event_log: EventLogTable;
  orders: OrdersTable;
  fills: FillsTable;
  positions: PositionsTable;
  portfolio_snapshots: PortfolioSnapshotsTable;
  metrics_windows: MetricsWindowsTable;
  risk_events: RiskEventsTable;
  llm_decisions: LlmDecisionsTable;
  processed_messages: ProcessedMessagesTable;
  bars: BarsTable;
}

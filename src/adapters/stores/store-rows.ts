import type {
  BarPhase,
  MetricsWindowRecord,
  StoredBar,
  StoredEvent,
  StoredFill,
  StoredOrder,
  StoredPosition,
  StoredRun,
  StoredSnapshot,
} from '../../core/persistence/index.ts';
import type {
  BarsTable,
  EventLogTable,
  FillsTable,
  MetricsWindowsTable,
  OrdersTable,
  PortfolioSnapshotsTable,
  PositionsTable,
  RunsTable,
} from './store-schema.ts';

/**
 * Conversions between the port's records and table rows. Writes check what the two backends would
 * treat differently (SQLite stores NaN as NULL and a fractional time as REAL; PostgreSQL rejects
 * both or keeps NaN), so a bad value throws the same error before any SQL on either.
 */

/** Throws unless `value` is an integer epoch-millisecond time. */
export function millis(name: string, value: number): number {
  if (!Number.isSafeInteger(value))
    throw new Error(`store: ${name} must be integer UTC epoch milliseconds, got ${value}`);
  return value;
}

/** Throws unless `value` is a finite number. */
export function finite(name: string, value: number): number {
  if (!Number.isFinite(value)) throw new Error(`store: ${name} must be a finite number, got ${value}`);
  return value;
}

/** A finite number or NULL. */
export function optionalFinite(name: string, value: number | undefined): number | null {
  return value === undefined ? null : finite(name, value);
}

/** NULL → undefined, for reads. */
export function orUndefined<T>(value: T | null): T | undefined {
  return value === null ? undefined : value;
}

export function orderRow(runId: string, o: StoredOrder): OrdersTable {
  return {
    run_id: runId,
    client_order_id: o.clientOrderId,
    strategy_id: o.strategyId,
    instrument_id: o.instrumentId,
    side: o.side,
    order_type: o.orderType,
    quantity: finite('order quantity', o.quantity),
    price: optionalFinite('order price', o.price),
    trigger_price: optionalFinite('order trigger price', o.triggerPrice),
    status: o.status,
    venue_order_id: o.venueOrderId ?? null,
    filled_quantity: finite('order filled quantity', o.filledQuantity),
    average_fill_price: finite('order average fill price', o.averageFillPrice),
    created_at: millis('order createdAt', o.createdAt),
    updated_at: millis('order updatedAt', o.updatedAt),
    payload: o.payload,
  };
}

export function orderRecord(r: OrdersTable): StoredOrder {
  return {
    clientOrderId: r.client_order_id,
    strategyId: r.strategy_id,
    instrumentId: r.instrument_id,
    side: r.side,
    orderType: r.order_type,
    quantity: r.quantity,
    price: orUndefined(r.price),
    triggerPrice: orUndefined(r.trigger_price),
    status: r.status,
    venueOrderId: orUndefined(r.venue_order_id),
    filledQuantity: r.filled_quantity,
    averageFillPrice: r.average_fill_price,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    payload: r.payload,
  };
}

export function fillRow(runId: string, f: StoredFill): FillsTable {
  return {
    run_id: runId,
    venue: f.venue,
    trade_id: f.tradeId,
    client_order_id: f.clientOrderId,
    venue_order_id: f.venueOrderId,
    strategy_id: f.strategyId,
    instrument_id: f.instrumentId,
    account_id: f.accountId,
    side: f.side,
    quantity: finite('fill quantity', f.quantity),
    price: finite('fill price', f.price),
    fee: finite('fill fee', f.fee),
    fee_currency: f.feeCurrency,
    liquidity_side: f.liquiditySide,
    timestamp: millis('fill timestamp', f.timestamp),
  };
}

export function fillRecord(r: FillsTable): StoredFill {
  return {
    venue: r.venue,
    tradeId: r.trade_id,
    clientOrderId: r.client_order_id,
    venueOrderId: r.venue_order_id,
    strategyId: r.strategy_id,
    instrumentId: r.instrument_id,
    accountId: r.account_id,
    side: r.side,
    quantity: r.quantity,
    price: r.price,
    fee: r.fee,
    feeCurrency: r.fee_currency,
    liquiditySide: r.liquidity_side,
    timestamp: r.timestamp,
  };
}

export function positionRow(runId: string, p: StoredPosition): PositionsTable {
  return {
    run_id: runId,
    instrument_id: p.instrumentId,
    strategy_id: p.strategyId,
    quantity: finite('position quantity', p.quantity),
    average_entry_price: finite('position average entry price', p.averageEntryPrice),
    realized_pnl: finite('position realized PnL', p.realizedPnl),
    updated_at: millis('position updatedAt', p.updatedAt),
  };
}

export function positionRecord(r: PositionsTable): StoredPosition {
  return {
    instrumentId: r.instrument_id,
    strategyId: r.strategy_id,
    quantity: r.quantity,
    averageEntryPrice: r.average_entry_price,
    realizedPnl: r.realized_pnl,
    updatedAt: r.updated_at,
  };
}

export function snapshotRecord(r: PortfolioSnapshotsTable): StoredSnapshot {
  return {
    runId: r.run_id,
    sequence: r.sequence,
    timestamp: r.timestamp,
    cash: r.cash,
    equity: r.equity,
    grossExposure: r.gross_exposure,
    netExposure: r.net_exposure,
    drawdown: r.drawdown,
    payload: r.payload,
  };
}

export function metricsRow(runId: string, m: MetricsWindowRecord): MetricsWindowsTable {
  return {
    run_id: runId,
    label: m.label,
    window_start: millis('metrics windowStart', m.windowStart),
    window_end: millis('metrics windowEnd', m.windowEnd),
    sharpe: optionalFinite('metrics sharpe', m.sharpe),
    sortino: optionalFinite('metrics sortino', m.sortino),
    turnover: finite('metrics turnover', m.turnover),
    hit_rate: optionalFinite('metrics hit rate', m.hitRate),
    trades: finite('metrics trades', m.trades),
  };
}

export function metricsRecord(r: MetricsWindowsTable): MetricsWindowRecord {
  return {
    label: r.label,
    windowStart: r.window_start,
    windowEnd: r.window_end,
    sharpe: orUndefined(r.sharpe),
    sortino: orUndefined(r.sortino),
    turnover: r.turnover,
    hitRate: orUndefined(r.hit_rate),
    trades: r.trades,
  };
}

export function eventRecord(r: EventLogTable): StoredEvent {
  return { runId: r.run_id, sequence: r.sequence, type: r.type, timestamp: r.timestamp, payload: r.payload };
}

export function runRecord(r: RunsTable): StoredRun {
  return {
    runId: r.run_id,
    mode: r.mode as StoredRun['mode'],
    configHash: r.config_hash,
    configVersion: r.config_version,
    startedAt: r.started_at,
    endedAt: orUndefined(r.ended_at),
    status: r.status as StoredRun['status'],
    lastSequence: r.last_sequence,
  };
}

export function barRow(runId: string, b: StoredBar): BarsTable {
  if (!Number.isSafeInteger(b.sequence) || b.sequence < 1)
    throw new Error(`store: bar sequence must be a positive integer, got ${b.sequence}`);
  return {
    run_id: runId,
    sequence: b.sequence,
    phase: b.phase,
    instrument_id: b.instrumentId,
    timeframe: b.timeframe,
    timestamp: millis('bar timestamp', b.timestamp),
    open: finite('bar open', b.open),
    high: finite('bar high', b.high),
    low: finite('bar low', b.low),
    close: finite('bar close', b.close),
    volume: finite('bar volume', b.volume),
  };
}

export function barRecord(r: BarsTable): StoredBar {
  return {
    sequence: r.sequence,
    phase: r.phase as BarPhase,
    instrumentId: r.instrument_id,
    timeframe: r.timeframe,
    timestamp: r.timestamp,
    open: r.open,
    high: r.high,
    low: r.low,
    close: r.close,
    volume: r.volume,
  };
}

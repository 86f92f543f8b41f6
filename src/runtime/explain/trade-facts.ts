import type { DecisionRecord, FillRecord, OrderRecord, RiskRecord, RunRecords } from './run-records.ts';

/** How a trade ended. */
export type ExitKind =
  | 'signal'
  | 'stop_loss'
  | 'take_profit'
  | 'trailing_stop'
  | 'time_stop'
  | 'kill_switch'
  | 'daily_drawdown'
  | 'risk';

/** The facts of one trade: a position from flat to flat (or to the fill that flips it). */
export interface TradeFacts {
  /** 1, 2, … in closing order. */
  readonly trade: number;
  readonly instrument_id: string;
  /** Strategies whose orders opened or added to the position (the order's `strategy_id`). */
  readonly strategy_ids: readonly string[];
  readonly side: 'long' | 'short';
  /** Total quantity opened (= total closed). */
  readonly quantity: number;
  readonly entry_time: string;
  readonly entry_time_ms: number;
  /** Average price of the opening fills (quantity-weighted). */
  readonly entry_price: number;
  readonly exit_time: string;
  readonly exit_time_ms: number;
  /** Average price of the closing fills. */
  readonly exit_price: number;
  readonly holding_ms: number;
  /** The order tags (or reason) that opened it, e.g. `cross_up`. */
  readonly entry_signal: string;
  /** The order tags (or reason) of the fill that closed or flipped it, e.g. `cross_down`, `EXIT STOP_LOSS`. */
  readonly exit_signal: string;
  readonly exit_kind: ExitKind;
  /** The risk event behind a risk exit (kill switch, daily drawdown), in words; absent otherwise. */
  readonly exit_cause?: string;
  /** True when the closing fill opened a position the other way. */
  readonly flipped: boolean;
  /** The strategies' log decisions at the entry and at the exit (event names, at most 3 each). */
  readonly entry_decisions: readonly string[];
  readonly exit_decisions: readonly string[];
  /** Fills that took part (the flip fill counts in both trades). */
  readonly fills: number;
  /**
   * Fills that reduced the position (1 unless it was closed in parts). summary.json's `trades`
   * counts each of these as a round trip, so Σ exit_fills over the trades equals it.
   */
  readonly exit_fills: number;
  /** Realized PnL before fees, at average cost. */
  readonly gross_pnl: number;
  readonly fees: number;
  /** Gross PnL minus fees. */
  readonly net_pnl: number;
  /** Σ slippage × quantity over the trade's fills: what slippage cost, quote currency. */
  readonly slippage_cost: number;
  /** Risk events between entry and exit that concern this trade's strategies or instrument. */
  readonly risk_events: number;
  /** The first few of them, in words. */
  readonly risk_event_notes: readonly string[];
}

/** Risk events that halt trading and flatten positions: what a risk exit is traced back to. */
const FLATTENING_EVENTS = new Set(['kill_switch_activated', 'daily_drawdown_breached']);
const MAX_NOTES = 3;
const MAX_DECISIONS = 3;

const round = (value: number, digits = 10): number => {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
};
const isoTime = (ms: number): string => new Date(ms).toISOString();

/** The event of a risk log record in a few words: `kill_switch_activated by ops: manual halt`. */
export function riskRecordText(record: RiskRecord): string {
  const f = record.fields;
  const text = (value: unknown): string => (value === undefined || value === null ? '' : String(value));
  switch (record.event) {
    case 'trading_state_changed':
      return `trading ${text(f.from)} → ${text(f.to)} (${text(f.reason)}${f.scope ? `, ${text(f.scope)}` : ''})`;
    case 'daily_drawdown_breached':
      return `daily drawdown kill switch: drawdown ${percent(f.drawdown)} ≥ limit ${percent(f.limit)}`;
    case 'kill_switch_activated':
      return `kill switch by ${text(f.by)}: ${text(f.reason)}`;
    case 'circuit_breaker_tripped':
      return `circuit breaker ${text(f.breaker)} tripped (${text(f.reason)})`;
    case 'circuit_breaker_reset':
      return `circuit breaker ${text(f.breaker)} reset`;
    case 'order_denied':
      return `order denied (${text(f.reason)})`;
    default:
      return f.reason === undefined ? record.event : `${record.event} (${text(f.reason)})`;
  }
}

function percent(value: unknown): string {
  return typeof value === 'number' && Number.isFinite(value) ? `${Number((value * 100).toFixed(2))}%` : '?';
}

/** Does a risk record concern a trade of these strategies on this instrument? Global/account ones do. */
function concerns(record: RiskRecord, strategies: readonly string[], instrumentId: string): boolean {
  const f = record.fields;
  if (typeof f.instrument_id === 'string' && f.instrument_id !== instrumentId) return false;
  if (typeof f.strategy_id === 'string' && f.strategy_id !== 'RISK' && !strategies.includes(f.strategy_id))
    return false;
  if (typeof f.scope === 'string' && f.scope.startsWith('strategy:'))
    return strategies.includes(f.scope.slice('strategy:'.length));
  return true;
}

/** First index in `risk` (sorted by time) at or after `time`. */
function lowerBound(risk: readonly RiskRecord[], time: number): number {
  let lo = 0;
  let hi = risk.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (risk[mid].timestamp < time) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function signalOf(order: OrderRecord): string {
  if (order.tags.length > 0) return order.tags.join(' ');
  if (order.reason !== '') return order.reason;
  return `order ${order.clientOrderId}`;
}

function exitKindOf(order: OrderRecord): ExitKind {
  const tags = order.tags;
  if (tags[0] === 'EXIT' && tags[1] !== undefined) {
    const kind = tags[1].toLowerCase();
    if (kind === 'stop_loss' || kind === 'take_profit' || kind === 'trailing_stop' || kind === 'time_stop') return kind;
  }
  if (tags.includes('KILL_SWITCH_FLATTEN')) return 'kill_switch';
  if (tags.includes('DAILY_DRAWDOWN_FLATTEN')) return 'daily_drawdown';
  return order.strategyId === 'RISK' ? 'risk' : 'signal';
}

/** A trade being built: the running position and the sums. */
interface OpenTrade {
  entryTime: number;
  entryOrder: OrderRecord;
  strategies: string[];
  side: 'long' | 'short';
  entryQuantity: number;
  entryNotional: number;
  exitQuantity: number;
  exitNotional: number;
  gross: number;
  fees: number;
  slippage: number;
  fills: number;
  exitFills: number;
}

interface Book {
  /** Signed position. */
  position: number;
  /** Cost of the open quantity (≥ 0). */
  basis: number;
  trade: OpenTrade | undefined;
}

/** Decisions by `strategy|timestamp`, event names deduplicated, in log order. */
function decisionIndex(decisions: readonly DecisionRecord[]): Map<string, string[]> {
  const index = new Map<string, string[]>();
  for (const d of decisions) {
    const key = `${d.strategy}|${d.timestamp}`;
    const list = index.get(key);
    if (list === undefined) index.set(key, [d.event]);
    else if (!list.includes(d.event)) list.push(d.event);
  }
  return index;
}

/**
 * Groups the fills into trades, netting per instrument as the portfolio does (so the risk
 * engine's flatten and exit orders close the position a strategy opened): a trade runs from the
 * fill that opens a position from flat to the fill that brings it back to flat or flips it; a
 * flip's fill closes one trade and opens the next, its fee and slippage split by quantity.
 * Trades are numbered 1, 2, … in closing order; a position still open at the end is no trade.
 * Linear in the fills (risk events are found by binary search).
 */
export function tradeFacts(records: RunRecords): TradeFacts[] {
  const books = new Map<string, Book>();
  const trades: TradeFacts[] = [];
  const decisions = decisionIndex(records.decisions);
  const decisionsAt = (strategy: string, times: readonly number[]): string[] => {
    const out: string[] = [];
    for (const time of times)
      for (const event of decisions.get(`${strategy}|${time}`) ?? [])
        if (!out.includes(event) && out.length < MAX_DECISIONS) out.push(event);
    return out;
  };
  for (const fill of records.fills) {
    const order = records.orders.get(fill.clientOrderId) as OrderRecord;
    let book = books.get(fill.instrumentId);
    if (book === undefined) books.set(fill.instrumentId, (book = { position: 0, basis: 0, trade: undefined }));
    const sign = fill.side === 'buy' ? 1 : -1;
    const before = book.position;
    const reducing = before !== 0 && Math.sign(before) !== sign ? Math.min(fill.quantity, Math.abs(before)) : 0;
    const opening = round(fill.quantity - reducing);
    const closeShare = reducing / fill.quantity;
    if (reducing > 0 && book.trade !== undefined) {
      const trade = book.trade;
      const full = round(Math.abs(before) - reducing) === 0;
      const closedBasis = full ? book.basis : (book.basis * reducing) / Math.abs(before);
      trade.gross += before > 0 ? fill.price * reducing - closedBasis : closedBasis - fill.price * reducing;
      trade.exitQuantity += reducing;
      trade.exitNotional += fill.price * reducing;
      trade.fees += fill.fee * closeShare;
      trade.slippage += fill.slippage * reducing;
      trade.fills++;
      trade.exitFills++;
      book.basis = full ? 0 : book.basis - closedBasis;
      book.position = full ? 0 : round(before + sign * reducing);
      if (full) {
        trades.push(closeTrade(trade, fill, order, opening > 0, trades.length + 1, records, decisionsAt));
        book.trade = undefined;
      }
    }
    if (opening > 0) {
      if (book.trade === undefined) {
        book.trade = {
          entryTime: fill.timestamp,
          entryOrder: order,
          strategies: [],
          side: sign > 0 ? 'long' : 'short',
          entryQuantity: 0,
          entryNotional: 0,
          exitQuantity: 0,
          exitNotional: 0,
          gross: 0,
          fees: 0,
          slippage: 0,
          fills: 0,
          exitFills: 0,
        };
      }
      const trade = book.trade;
      if (!trade.strategies.includes(order.strategyId)) trade.strategies.push(order.strategyId);
      trade.entryQuantity += opening;
      trade.entryNotional += fill.price * opening;
      trade.fees += fill.fee * (1 - closeShare);
      trade.slippage += fill.slippage * opening;
      trade.fills++;
      book.basis += fill.price * opening;
      book.position = round(book.position + sign * opening);
    }
  }
  return trades;
}

function closeTrade(
  trade: OpenTrade,
  fill: FillRecord,
  order: OrderRecord,
  flipped: boolean,
  number: number,
  records: RunRecords,
  decisionsAt: (strategy: string, times: readonly number[]) => string[],
): TradeFacts {
  const exitKind = exitKindOf(order);
  const strategies = trade.strategies;
  const risk = records.risk;
  let count = 0;
  const notes: string[] = [];
  const last = lowerBound(risk, fill.timestamp + 1);
  for (let i = lowerBound(risk, trade.entryTime); i < last; i++) {
    if (!concerns(risk[i], strategies, fill.instrumentId)) continue;
    count++;
    if (notes.length < MAX_NOTES)
      notes.push(`${isoTime(risk[i].timestamp).slice(0, 16).replace('T', ' ')} ${riskRecordText(risk[i])}`);
  }
  let exitCause: string | undefined;
  if (exitKind === 'kill_switch' || exitKind === 'daily_drawdown' || exitKind === 'risk') {
    for (let i = last - 1; i >= 0; i--) {
      if (!FLATTENING_EVENTS.has(risk[i].event)) continue;
      exitCause = riskRecordText(risk[i]);
      break;
    }
  }
  const gross = round(trade.gross, 8);
  const fees = round(trade.fees, 8);
  const entryOrder = trade.entryOrder;
  return {
    trade: number,
    instrument_id: fill.instrumentId,
    strategy_ids: strategies,
    side: trade.side,
    quantity: round(trade.entryQuantity),
    entry_time: isoTime(trade.entryTime),
    entry_time_ms: trade.entryTime,
    entry_price: round(trade.entryNotional / trade.entryQuantity, 8),
    exit_time: isoTime(fill.timestamp),
    exit_time_ms: fill.timestamp,
    exit_price: round(trade.exitNotional / trade.exitQuantity, 8),
    holding_ms: fill.timestamp - trade.entryTime,
    entry_signal: signalOf(entryOrder),
    exit_signal: signalOf(order),
    exit_kind: exitKind,
    ...(exitCause === undefined ? {} : { exit_cause: exitCause }),
    flipped,
    entry_decisions: decisionsAt(entryOrder.strategyId, [entryOrder.createdAt, trade.entryTime]),
    exit_decisions: decisionsAt(order.strategyId, [order.createdAt, fill.timestamp]),
    fills: trade.fills,
    exit_fills: trade.exitFills,
    gross_pnl: gross,
    fees,
    net_pnl: round(gross - fees, 8),
    slippage_cost: round(trade.slippage, 8),
    risk_events: count,
    risk_event_notes: notes,
  };
}

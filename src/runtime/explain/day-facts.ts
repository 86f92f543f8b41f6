import type { RunRecords } from './run-records.ts';
import { riskRecordText, type TradeFacts } from './trade-facts.ts';

/** The facts of one UTC day of a run. */
export interface DayFacts {
  /** `YYYY-MM-DD` (UTC). */
  readonly day: string;
  readonly fills: number;
  /** Trades that closed this day, and how many of them made money after fees. */
  readonly trades_closed: number;
  readonly winners: number;
  /** Σ net PnL of the trades closed this day. */
  readonly closed_pnl: number;
  /** End-of-day equity minus the previous day's (the starting equity on the first day). */
  readonly net_pnl: number;
  /** Equity at the day's last point (the previous day's when the day has none). */
  readonly end_equity: number;
  /** Drawdown from the running peak at the day's last point, a fraction. */
  readonly end_drawdown: number;
  /** Deepest drawdown during the day, a fraction. */
  readonly max_drawdown: number;
  readonly risk_events: number;
  /** The notable ones in words: kill switches, breaker trips, changes to HALTED or REDUCING (at most 5). */
  readonly notable_risk_events: readonly string[];
}

const DAY_MS = 86_400_000;
const MAX_NOTABLE = 5;

const dayOf = (ms: number): number => Math.floor(ms / DAY_MS);
const dayText = (day: number): string => new Date(day * DAY_MS).toISOString().slice(0, 10);
const round = (value: number): number => Math.round(value * 1e8) / 1e8;

function isNotable(event: string, fields: Readonly<Record<string, unknown>>): boolean {
  if (event === 'kill_switch_activated' || event === 'daily_drawdown_breached' || event === 'circuit_breaker_tripped')
    return true;
  return event === 'trading_state_changed' && (fields.to === 'HALTED' || fields.to === 'REDUCING');
}

interface DayAccumulator {
  fills: number;
  tradesClosed: number;
  winners: number;
  closedPnl: number;
  endEquity: number | undefined;
  endDrawdown: number;
  maxDrawdown: number;
  riskEvents: number;
  notable: string[];
}

/**
 * One record per UTC day that has an equity point, a fill or a risk event, in day order (a day
 * without equity points keeps the previous day's equity and drawdown).
 * Linear in the equity points, fills, trades and risk events.
 */
export function dayFacts(records: RunRecords, trades: readonly TradeFacts[]): DayFacts[] {
  const days = new Map<number, DayAccumulator>();
  const at = (day: number): DayAccumulator => {
    let entry = days.get(day);
    if (entry === undefined) {
      entry = {
        fills: 0,
        tradesClosed: 0,
        winners: 0,
        closedPnl: 0,
        endEquity: undefined,
        endDrawdown: 0,
        maxDrawdown: 0,
        riskEvents: 0,
        notable: [],
      };
      days.set(day, entry);
    }
    return entry;
  };
  const { equity } = records;
  // As equity.csv's drawdown column when it is not given: from the running peak, which starts at the initial equity.
  let peak = records.initialEquity;
  let entry: DayAccumulator | undefined;
  let entryDay = Number.NaN;
  for (let i = 0; i < equity.length; i++) {
    const value = equity.equity[i];
    if (value > peak) peak = value;
    const drawdown = equity.drawdown?.[i] ?? (peak > 0 ? (peak - value) / peak : 0);
    const day = dayOf(equity.timestamps[i]);
    if (day !== entryDay) {
      entry = at(day);
      entryDay = day;
    }
    const current = entry as DayAccumulator;
    current.endEquity = value;
    current.endDrawdown = drawdown;
    if (drawdown > current.maxDrawdown) current.maxDrawdown = drawdown;
  }
  for (const fill of records.fills) at(dayOf(fill.timestamp)).fills++;
  for (const trade of trades) {
    const entry = at(dayOf(trade.exit_time_ms));
    entry.tradesClosed++;
    if (trade.net_pnl > 0) entry.winners++;
    entry.closedPnl += trade.net_pnl;
  }
  for (const record of records.risk) {
    const entry = at(dayOf(record.timestamp));
    entry.riskEvents++;
    if (entry.notable.length < MAX_NOTABLE && isNotable(record.event, record.fields))
      entry.notable.push(`${new Date(record.timestamp).toISOString().slice(11, 16)} ${riskRecordText(record)}`);
  }
  const out: DayFacts[] = [];
  let previousEquity = records.initialEquity;
  let previousDrawdown = 0;
  for (const day of [...days.keys()].sort((a, b) => a - b)) {
    const entry = days.get(day) as DayAccumulator;
    const endEquity = entry.endEquity ?? previousEquity;
    const endDrawdown = entry.endEquity === undefined ? previousDrawdown : entry.endDrawdown;
    out.push({
      day: dayText(day),
      fills: entry.fills,
      trades_closed: entry.tradesClosed,
      winners: entry.winners,
      closed_pnl: round(entry.closedPnl),
      net_pnl: round(endEquity - previousEquity),
      end_equity: endEquity,
      end_drawdown: endDrawdown,
      max_drawdown: Math.max(entry.maxDrawdown, endDrawdown),
      risk_events: entry.riskEvents,
      notable_risk_events: entry.notable,
    });
    previousEquity = endEquity;
    previousDrawdown = endDrawdown;
  }
  return out;
}

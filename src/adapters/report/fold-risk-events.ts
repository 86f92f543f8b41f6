import type { RiskEvent } from '../../core/risk/index.ts';

/** One row of the risk table: an event, or a run of repeated denials shown as its first one. */
export interface RiskTableRow {
  /** The event shown (for a run of denials, the first). */
  readonly event: RiskEvent;
  /** Events the row stands for: 1, or the number of denials folded into it. */
  readonly count: number;
  /** Time of the row's last event (Unix ms); the first event's time when `count` is 1. */
  readonly lastTime: number;
}

/** The risk table's rows and what was folded or left out to keep it short. */
export interface FoldedRiskEvents {
  /** The rows shown, in time order of their first event: at most the `maxRows` asked for. */
  readonly rows: readonly RiskTableRow[];
  /** Rows before the cap. */
  readonly totalRows: number;
  /** Every denial (`OrderDenied`) among the events. */
  readonly denials: number;
  /** Rows that hold denials (before the cap): `denials - denialRows` denials were folded into an earlier one's row. */
  readonly denialRows: number;
  /** Rows beyond the cap, not shown. */
  readonly hiddenRows: number;
  /** Events in the rows beyond the cap. */
  readonly hiddenEvents: number;
}

interface MutableRow {
  event: RiskEvent;
  count: number;
  lastTime: number;
}

/**
 * Folds repeated denials so that thousands of them stay readable: between two other risk events
 * (a state change, a breach, ...), the denials with the same reason, strategy and instrument
 * become one row (count, first and last time) at the place of the first. A strategy that retries
 * every bar through an hour's halt thus gives one row per halt, not sixty. Then only the first
 * `maxRows` rows are kept; the result says how many rows and events were left out.
 */
export function foldRiskEvents(events: readonly RiskEvent[], maxRows: number): FoldedRiskEvents {
  const rows: MutableRow[] = [];
  const open = new Map<string, MutableRow>();
  for (const event of events) {
    if (event.type !== 'OrderDenied') {
      open.clear();
      rows.push({ event, count: 1, lastTime: event.timestamp });
      continue;
    }
    const key = `${event.reason}\u0000${event.strategyId}\u0000${event.instrumentId}`;
    const row = open.get(key);
    if (row !== undefined) {
      row.count++;
      row.lastTime = event.timestamp;
    } else {
      const created = { event, count: 1, lastTime: event.timestamp };
      rows.push(created);
      open.set(key, created);
    }
  }
  let denials = 0;
  let denialRows = 0;
  for (const row of rows) {
    if (row.event.type !== 'OrderDenied') continue;
    denials += row.count;
    denialRows++;
  }
  const limit = Math.max(0, maxRows);
  let hiddenEvents = 0;
  for (let i = limit; i < rows.length; i++) hiddenEvents += rows[i]!.count;
  return {
    rows: rows.slice(0, limit),
    totalRows: rows.length,
    denials,
    denialRows,
    hiddenRows: Math.max(0, rows.length - limit),
    hiddenEvents,
  };
}

import { type RiskEvent, scopeKey, type TradingState, tradingStateRank } from '../../core/risk/index.ts';

/** A stretch of time during which trading was restricted in some scope. */
export interface TradingStateBand {
  /** Unix ms, inclusive. */
  readonly start: number;
  /** Unix ms, exclusive: the change that lifted the restriction, or the end of the run. */
  readonly end: number;
  /** The most restrictive state of any scope during the stretch (never ACTIVE). */
  readonly state: Exclude<TradingState, 'ACTIVE'>;
  /** Reason code of the change that began the stretch, e.g. `DAILY_DRAWDOWN`. */
  readonly reason: string;
}

/**
 * The stretches where trading was HALTED or REDUCING, from the `TradingStateChanged` events (in
 * time order). Scopes are combined: a stretch's state is the most restrictive state any scope
 * (global, account, strategy) was in, and a new stretch begins whenever that combined state
 * changes. A restriction still in force at the end runs to `end` (the end of the run).
 */
export function tradingStateBands(events: readonly RiskEvent[], end: number): TradingStateBand[] {
  const states = new Map<string, TradingState>();
  const bands: TradingStateBand[] = [];
  let current: TradingState = 'ACTIVE';
  let start = 0;
  let reason = '';
  for (const event of events) {
    if (event.type !== 'TradingStateChanged') continue;
    if (event.to === 'ACTIVE') states.delete(scopeKey(event.scope));
    else states.set(scopeKey(event.scope), event.to);
    let combined: TradingState = 'ACTIVE';
    for (const state of states.values()) if (tradingStateRank(state) > tradingStateRank(combined)) combined = state;
    if (combined === current) continue;
    if (current !== 'ACTIVE' && event.timestamp > start)
      bands.push({ start, end: event.timestamp, state: current, reason });
    current = combined;
    start = event.timestamp;
    reason = event.reason;
  }
  // Kept even when it began at the last mark: the chart draws it at least one pixel wide.
  if (current !== 'ACTIVE') bands.push({ start, end: Math.max(end, start), state: current, reason });
  return bands;
}

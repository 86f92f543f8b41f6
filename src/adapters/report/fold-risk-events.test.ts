import { describe, expect, it } from 'vitest';
import type { OrderDenied } from '../../core/model/events.ts';
import { clientOrderId, instrumentId, strategyId } from '../../core/model/ids.ts';
import { GLOBAL_SCOPE, type RiskEvent } from '../../core/risk/index.ts';
import { foldRiskEvents } from './fold-risk-events.ts';

const T = Date.UTC(2022, 0, 5);
const M = 60_000;
const BTC = instrumentId('BTC-PERP', 'FTX');

function denied(at: number, strategy: string, reason = 'TRADING_HALTED'): OrderDenied {
  return {
    type: 'OrderDenied',
    clientOrderId: clientOrderId(`${strategy}-${at}`),
    strategyId: strategyId(strategy),
    instrumentId: BTC,
    reason,
    detail: 'state HALTED allows only cancels',
    timestamp: at,
  };
}

const halted = (at: number): RiskEvent => ({
  type: 'TradingStateChanged',
  scope: GLOBAL_SCOPE,
  from: 'ACTIVE',
  to: 'HALTED',
  reason: 'DAILY_DRAWDOWN',
  detail: '',
  source: 'DAILY_DRAWDOWN',
  timestamp: at,
});

describe('foldRiskEvents', () => {
  it('folds the denials of one reason, strategy and instrument between two other events, even interleaved', () => {
    const events: RiskEvent[] = [
      halted(T),
      denied(T + M, 'A'),
      denied(T + 2 * M, 'B'),
      denied(T + 3 * M, 'A'),
      denied(T + 4 * M, 'A', 'INSUFFICIENT_MARGIN'),
      denied(T + 5 * M, 'B'),
      halted(T + 10 * M),
      denied(T + 11 * M, 'A'),
    ];
    const folded = foldRiskEvents(events, 100);
    expect(
      folded.rows.map((row) => [row.event.type, row.count, row.event.timestamp, row.lastTime]),
      'rows at the place of their first event, with count and last time',
    ).toEqual([
      ['TradingStateChanged', 1, T, T],
      ['OrderDenied', 2, T + M, T + 3 * M],
      ['OrderDenied', 2, T + 2 * M, T + 5 * M],
      ['OrderDenied', 1, T + 4 * M, T + 4 * M],
      ['TradingStateChanged', 1, T + 10 * M, T + 10 * M],
      ['OrderDenied', 1, T + 11 * M, T + 11 * M],
    ]);
    expect(folded.denials).toBe(6);
    expect(folded.denialRows, 'two denials joined an earlier row').toBe(4);
    expect(folded.hiddenRows).toBe(0);
    expect(folded.totalRows).toBe(6);
  });

  it('keeps at most maxRows rows and counts the rows and events left out', () => {
    const events: RiskEvent[] = [];
    for (let i = 0; i < 10; i++) {
      events.push(halted(T + i * 100 * M));
      for (let j = 1; j <= 7; j++) events.push(denied(T + i * 100 * M + j * M, 'A'));
    }
    const folded = foldRiskEvents(events, 5);
    expect(folded.totalRows, 'a halt row and a denial row per halt').toBe(20);
    expect(folded.rows).toHaveLength(5);
    expect(folded.hiddenRows).toBe(15);
    const shown = folded.rows.reduce((sum, row) => sum + row.count, 0);
    expect(shown + folded.hiddenEvents, 'every event is either shown or counted as left out').toBe(events.length);
    expect(folded.denials).toBe(70);
    expect(folded.denialRows, 'one row of 7 denials per halt').toBe(10);
  });
});

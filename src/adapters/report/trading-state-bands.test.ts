import { describe, expect, it } from 'vitest';
import { strategyId } from '../../core/model/ids.ts';
import {
  GLOBAL_SCOPE,
  type RiskEvent,
  strategyScope,
  type TradingScope,
  type TradingState,
  type TradingStateChanged,
} from '../../core/risk/index.ts';
import { tradingStateBands } from './trading-state-bands.ts';

const T = Date.UTC(2022, 0, 5);
const H = 3_600_000;
const EMA = strategyScope(strategyId('EMA'));

function change(
  at: number,
  scope: TradingScope,
  from: TradingState,
  to: TradingState,
  reason: string,
): TradingStateChanged {
  return {
    type: 'TradingStateChanged',
    scope,
    from,
    to,
    reason: reason as TradingStateChanged['reason'],
    detail: '',
    source: reason,
    timestamp: at,
  };
}

describe('tradingStateBands', () => {
  it('gives one band per halt, from the change to HALTED to the change back', () => {
    const events: RiskEvent[] = [
      change(T + H, GLOBAL_SCOPE, 'ACTIVE', 'HALTED', 'DAILY_DRAWDOWN'),
      change(T + 2 * H, GLOBAL_SCOPE, 'HALTED', 'ACTIVE', 'COOLDOWN_ENDED'),
      change(T + 5 * H, GLOBAL_SCOPE, 'ACTIVE', 'HALTED', 'DAILY_DRAWDOWN'),
      change(T + 6 * H, GLOBAL_SCOPE, 'HALTED', 'ACTIVE', 'COOLDOWN_ENDED'),
    ];
    expect(tradingStateBands(events, T + 24 * H)).toEqual([
      { start: T + H, end: T + 2 * H, state: 'HALTED', reason: 'DAILY_DRAWDOWN' },
      { start: T + 5 * H, end: T + 6 * H, state: 'HALTED', reason: 'DAILY_DRAWDOWN' },
    ]);
  });

  it('combines scopes: the most restrictive state of any scope, a new band when it changes', () => {
    const events: RiskEvent[] = [
      change(T, EMA, 'ACTIVE', 'REDUCING', 'SPREAD_STRESS'),
      change(T + H, GLOBAL_SCOPE, 'ACTIVE', 'HALTED', 'DAILY_DRAWDOWN'),
      change(T + 2 * H, GLOBAL_SCOPE, 'HALTED', 'ACTIVE', 'COOLDOWN_ENDED'),
      change(T + 3 * H, EMA, 'REDUCING', 'ACTIVE', 'SPREAD_NORMAL'),
    ];
    expect(tradingStateBands(events, T + 24 * H), 'the strategy reduces around the global halt').toEqual([
      { start: T, end: T + H, state: 'REDUCING', reason: 'SPREAD_STRESS' },
      { start: T + H, end: T + 2 * H, state: 'HALTED', reason: 'DAILY_DRAWDOWN' },
      { start: T + 2 * H, end: T + 3 * H, state: 'REDUCING', reason: 'COOLDOWN_ENDED' },
    ]);
  });

  it('runs a state still in force to the end of the run, even one that began at the last mark', () => {
    expect(tradingStateBands([change(T + 20 * H, EMA, 'ACTIVE', 'REDUCING', 'MANUAL_REDUCE')], T + 24 * H)).toEqual([
      { start: T + 20 * H, end: T + 24 * H, state: 'REDUCING', reason: 'MANUAL_REDUCE' },
    ]);
    expect(tradingStateBands([change(T, GLOBAL_SCOPE, 'ACTIVE', 'HALTED', 'MANUAL_HALT')], T)).toEqual([
      { start: T, end: T, state: 'HALTED', reason: 'MANUAL_HALT' },
    ]);
  });

  it('ignores events other than state changes, and gives nothing when trading was never restricted', () => {
    expect(tradingStateBands([], T)).toEqual([]);
    expect(
      tradingStateBands([{ type: 'KillSwitchActivated', by: 'ops', reason: 'test', timestamp: T }], T + H),
      'a kill switch without its state change draws no band',
    ).toEqual([]);
  });
});

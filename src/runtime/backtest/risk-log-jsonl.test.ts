import { describe, expect, it } from 'vitest';
import { clientOrderId, instrumentId, strategyId } from '../../core/model/ids.ts';
import { GLOBAL_SCOPE, type RiskEvent, strategyScope } from '../../core/risk/index.ts';
import { riskEventCounts, riskLogJsonl, riskLogRecord } from './risk-log-jsonl.ts';

const T = Date.UTC(2022, 0, 5, 14, 37);
const MINUTE = 60_000;
const EMA = strategyId('EMA_CROSS-1');

/** One event of every kind the risk audit records, in time order, with the numbers of a real halt. */
const EVENTS: readonly RiskEvent[] = [
  {
    type: 'RiskLimitsChanged',
    version: 2,
    previousVersion: 1,
    strategyId: EMA,
    changes: [
      { limit: 'max_position_notional', from: 50_000, to: 25_000 },
      { limit: 'allow_short', from: true, to: false },
    ],
    by: 'advisor',
    reason: 'volatility up',
    timestamp: T - 10 * MINUTE,
  },
  {
    type: 'RiskPolicyRejected',
    version: 2,
    violations: ['max_leverage 20 above the hard bound 5'],
    by: 'advisor',
    reason: 'more leverage',
    timestamp: T - 5 * MINUTE,
  },
  {
    type: 'TradingStateChanged',
    scope: GLOBAL_SCOPE,
    from: 'ACTIVE',
    to: 'HALTED',
    reason: 'DAILY_DRAWDOWN',
    detail: "equity 97740.2 is 5.30% below the day's high-water mark 103210 (limit 5.00%)",
    source: 'DAILY_DRAWDOWN',
    timestamp: T,
    until: T + 60 * MINUTE,
  },
  {
    type: 'DailyDrawdownBreached',
    scope: GLOBAL_SCOPE,
    timestamp: T,
    equity: 97_740.2,
    highWaterMark: 103_210,
    drawdown: 0.053_000_678,
    limit: 0.05,
    dayStart: Date.UTC(2022, 0, 5),
    actions: ['CANCEL_WORKING_ORDERS', 'FLATTEN'],
    state: 'HALTED',
    until: T + 60 * MINUTE,
  },
  {
    type: 'OrderDenied',
    clientOrderId: clientOrderId('EMA_CROSS-1-000042'),
    strategyId: EMA,
    instrumentId: instrumentId('BTC-PERP', 'FTX'),
    reason: 'TRADING_HALTED',
    detail: 'state HALTED allows only cancels; submit buy 1 denied (position 0)',
    timestamp: T + MINUTE,
  },
  { type: 'KillSwitchActivated', by: 'ops@desk', reason: 'exchange incident', timestamp: T + 2 * MINUTE },
  {
    type: 'CircuitBreakerTripped',
    breaker: 'SPREAD_STRESS:BTC-PERP.FTX',
    scope: strategyScope(EMA),
    state: 'REDUCING',
    reason: 'SPREAD_STRESS',
    detail: 'spread 12 bps is 4x the median 3 bps',
    value: 4,
    threshold: 3,
    timestamp: T + 3 * MINUTE,
  },
  {
    type: 'CircuitBreakerReset',
    breaker: 'SPREAD_STRESS:BTC-PERP.FTX',
    scope: strategyScope(EMA),
    reason: 'SPREAD_NORMAL',
    detail: 'spread back to 1.2x the median',
    value: 1.2,
    threshold: 1.5,
    timestamp: T + 9 * MINUTE,
  },
  {
    type: 'TradingStateChanged',
    scope: GLOBAL_SCOPE,
    from: 'HALTED',
    to: 'ACTIVE',
    reason: 'COOLDOWN_ENDED',
    detail: 'DAILY_DRAWDOWN cooldown ended',
    source: 'DAILY_DRAWDOWN',
    timestamp: T + 60 * MINUTE,
  },
];

const parse = (text: string): Record<string, unknown>[] =>
  text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);

describe('risk.log.jsonl', () => {
  it('writes one JSON object per event and line, in order, each round-tripping through JSON.parse', () => {
    const text = riskLogJsonl(EVENTS);
    expect(text.endsWith('\n'), 'every line ends in a newline').toBe(true);
    expect(text.split('\n').length - 1, 'one line per event').toBe(EVENTS.length);
    const lines = parse(text);
    expect(lines.map((line) => line.event)).toEqual([
      'risk_limits_changed',
      'risk_policy_rejected',
      'trading_state_changed',
      'daily_drawdown_breached',
      'order_denied',
      'kill_switch_activated',
      'circuit_breaker_tripped',
      'circuit_breaker_reset',
      'trading_state_changed',
    ]);
    expect(lines, 'what is parsed back is what was built').toEqual(EVENTS.map(riskLogRecord));
    for (const [i, line] of lines.entries()) {
      expect(line.ts_ms, 'ts_ms is the Unix ms time').toBe(EVENTS[i].timestamp);
      expect(line.ts, 'ts is ISO-8601 UTC of the same time').toBe(new Date(EVENTS[i].timestamp).toISOString());
      expect(Object.keys(line).slice(0, 3), 'ts, ts_ms and event lead every line').toEqual(['ts', 'ts_ms', 'event']);
      for (const key of Object.keys(line)) expect(key, 'keys are snake_case').toMatch(/^[a-z]+(_[a-z]+)*$/);
      expect(line, 'no camelCase type or timestamp key survives').not.toHaveProperty('type');
      expect(line).not.toHaveProperty('timestamp');
    }
  });

  it('renders every field: scopes readable, times as ISO with _ms beside them, numbers as numbers', () => {
    const [limits, rejected, halted, breach, denied, kill, tripped, reset, resumed] = parse(riskLogJsonl(EVENTS));
    expect(breach).toEqual({
      ts: '2022-01-05T14:37:00.000Z',
      ts_ms: T,
      event: 'daily_drawdown_breached',
      scope: 'global',
      equity: 97_740.2,
      high_water_mark: 103_210,
      drawdown: 0.053_000_678,
      limit: 0.05,
      day_start: '2022-01-05T00:00:00.000Z',
      day_start_ms: Date.UTC(2022, 0, 5),
      actions: ['CANCEL_WORKING_ORDERS', 'FLATTEN'],
      state: 'HALTED',
      until: '2022-01-05T15:37:00.000Z',
      until_ms: T + 60 * MINUTE,
    });
    expect(halted).toMatchObject({
      scope: 'global',
      from: 'ACTIVE',
      to: 'HALTED',
      reason: 'DAILY_DRAWDOWN',
      source: 'DAILY_DRAWDOWN',
      until_ms: T + 60 * MINUTE,
    });
    expect(resumed, 'an absent optional field (until, by) is left out, not null').not.toHaveProperty('until');
    expect(resumed).not.toHaveProperty('by');
    expect(denied).toEqual({
      ts: '2022-01-05T14:38:00.000Z',
      ts_ms: T + MINUTE,
      event: 'order_denied',
      client_order_id: 'EMA_CROSS-1-000042',
      strategy_id: 'EMA_CROSS-1',
      instrument_id: 'BTC-PERP.FTX',
      reason: 'TRADING_HALTED',
      detail: 'state HALTED allows only cancels; submit buy 1 denied (position 0)',
    });
    expect(kill).toEqual({
      ts: '2022-01-05T14:39:00.000Z',
      ts_ms: T + 2 * MINUTE,
      event: 'kill_switch_activated',
      by: 'ops@desk',
      reason: 'exchange incident',
    });
    expect(tripped).toMatchObject({
      breaker: 'SPREAD_STRESS:BTC-PERP.FTX',
      scope: 'strategy:EMA_CROSS-1',
      state: 'REDUCING',
      value: 4,
      threshold: 3,
    });
    expect(reset).toMatchObject({ scope: 'strategy:EMA_CROSS-1', reason: 'SPREAD_NORMAL', value: 1.2, threshold: 1.5 });
    expect(limits).toMatchObject({
      version: 2,
      previous_version: 1,
      strategy_id: 'EMA_CROSS-1',
      changes: [
        { limit: 'max_position_notional', from: 50_000, to: 25_000 },
        { limit: 'allow_short', from: true, to: false },
      ],
      by: 'advisor',
    });
    expect(rejected).toMatchObject({ version: 2, violations: ['max_leverage 20 above the hard bound 5'] });
  });

  it('is empty without events (the file is still written)', () => {
    expect(riskLogJsonl([])).toBe('');
  });

  it('counts events, denials and changes to HALTED for summary.json', () => {
    expect(riskEventCounts(EVENTS)).toEqual({ risk_events: 9, orders_denied: 1, trading_halts: 1 });
    expect(riskEventCounts([])).toEqual({ risk_events: 0, orders_denied: 0, trading_halts: 0 });
  });
});

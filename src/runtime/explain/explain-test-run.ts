import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Test support: a hand-written run directory of one instrument (X.SIM), times in UTC on 2024-01-01 (day 1) and 2024-01-02 (day 2):
 *   trade 1: long 1 of s1 bought in two partial fills (0.4 at 100, 0.6 at 101), sold at 110 on cross_down;
 *   trade 2: short 0.5 at 120, closed by a 1.5 buy at 116 that flips the position long (fee and slippage split 1/3 : 2/3);
 *   trade 3: that long 1 at 116, closed at 110 by the risk engine's stop-loss exit;
 *   trade 4 (day 2): long 2 at 100, half sold at 105, the rest flattened at 95 by a kill switch from risk.log.jsonl;
 *   at the end a short 0.3 is still open: no trade.
 */
export const ORDER_HEADER =
  'client_order_id,strategy_id,instrument_id,side,type,quantity,price,trigger_price,time_in_force,status,filled_quantity,average_fill_price,created_at,updated_at,reason,tags';
export const FILL_HEADER =
  'timestamp,client_order_id,venue_order_id,trade_id,instrument_id,side,quantity,price,fee,fee_currency,liquidity,slippage';
export const T = (day: number, hh: number, mm = 0): string =>
  `2024-01-0${day}T${String(hh).padStart(2, '0')}:${String(mm).padStart(2, '0')}:00.000Z`;
export const ms = (iso: string): number => Date.parse(iso);

const orders: [string, string, string, number, string, string, string][] = [
  // id, strategy, side, quantity, created, reason, tags
  ['o1', 's1', 'buy', 1, T(1, 0), '', 'cross_up'],
  ['o2', 's1', 'sell', 1, T(1, 2), '', 'cross_down'],
  ['o3', 's1', 'sell', 0.5, T(1, 3), '', 'cross_down'],
  ['o4', 's1', 'buy', 1.5, T(1, 4), '', 'cross_up'],
  ['o5', 'RISK', 'sell', 1, T(1, 5), '', 'EXIT STOP_LOSS'],
  ['o6', 's1', 'buy', 2, T(2, 10), '', 'breakout'],
  ['o7', 's1', 'sell', 1, T(2, 11), 'scale out', ''],
  ['o8', 'RISK', 'sell', 1, T(2, 12), '', 'KILL_SWITCH_FLATTEN'],
  ['o9', 's1', 'sell', 0.3, T(2, 13), '', 'cross_down'],
];
const fills: [string, string, string, number, number, number, number][] = [
  // time, order, side, quantity, price, fee, slippage per unit
  [T(1, 0), 'o1', 'buy', 0.4, 100, 0.04, 0.1],
  [T(1, 0, 1), 'o1', 'buy', 0.6, 101, 0.06, 0.1],
  [T(1, 2), 'o2', 'sell', 1, 110, 0.11, 0.2],
  [T(1, 3), 'o3', 'sell', 0.5, 120, 0.06, 0],
  [T(1, 4), 'o4', 'buy', 1.5, 116, 0.18, 0.3],
  [T(1, 5), 'o5', 'sell', 1, 110, 0.11, 0.5],
  [T(2, 10), 'o6', 'buy', 2, 100, 0.2, 0],
  [T(2, 11), 'o7', 'sell', 1, 105, 0.1, 0],
  [T(2, 12), 'o8', 'sell', 1, 95, 0.1, 0],
  [T(2, 13), 'o9', 'sell', 0.3, 90, 0.03, 0],
];
const equityPoints: [string, number][] = [
  [T(1, 0), 1000],
  [T(1, 12), 1005],
  [T(1, 23), 1010],
  [T(2, 10), 1010],
  [T(2, 12), 990],
  [T(2, 23), 995],
];
export const riskLines = [
  // A denial of s1 during trade 1 concerns it; one of s2 does not.
  {
    ts: T(1, 1),
    ts_ms: ms(T(1, 1)),
    event: 'order_denied',
    strategy_id: 's1',
    instrument_id: 'X.SIM',
    reason: 'MAX_POSITION',
  },
  {
    ts: T(1, 1),
    ts_ms: ms(T(1, 1)),
    event: 'order_denied',
    strategy_id: 's2',
    instrument_id: 'X.SIM',
    reason: 'MAX_POSITION',
  },
  { ts: T(2, 12), ts_ms: ms(T(2, 12)), event: 'kill_switch_activated', by: 'ops', reason: 'manual halt' },
  {
    ts: T(2, 12),
    ts_ms: ms(T(2, 12)),
    event: 'trading_state_changed',
    scope: 'global',
    from: 'ACTIVE',
    to: 'HALTED',
    reason: 'KILL_SWITCH',
  },
];
const logLines = [
  { level: 'info', event: 'signal_cross_up', strategy: 's1', ts: ms(T(1, 0)), fast: 1 },
  { level: 'warn', event: 'kill_switch_activated', by: 'ops' },
];

/** The equity column with its drawdown from the running peak, starting at the initial 1000, as runFiles writes it. */
function equityCsv(): string {
  let peak = 1000;
  const rows = equityPoints.map(([time, value]) => {
    peak = Math.max(peak, value);
    return `${time},${value},${(peak - value) / peak}`;
  });
  return ['timestamp,equity,drawdown', ...rows, ''].join('\n');
}

export function writeFixture(overrides: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'tradewind-explain-'));
  const files: Record<string, string> = {
    'orders.csv': [
      ORDER_HEADER,
      ...orders.map(
        ([id, strategy, side, quantity, created, reason, tags]) =>
          `${id},${strategy},X.SIM,${side},market,${quantity},,,GTC,filled,${quantity},,${created},${created},${reason},${tags}`,
      ),
      '',
    ].join('\n'),
    'fills.csv': [
      FILL_HEADER,
      ...fills.map(
        ([time, order, side, quantity, price, fee, slip], i) =>
          `${time},${order},V${i},T${i},X.SIM,${side},${quantity},${price},${fee},USD,taker,${slip}`,
      ),
      '',
    ].join('\n'),
    'equity.csv': equityCsv(),
    'risk.log.jsonl': riskLines.map((line) => `${JSON.stringify(line)}\n`).join(''),
    'log.jsonl': logLines.map((line) => `${JSON.stringify(line)}\n`).join(''),
    'summary.json': JSON.stringify({ initial_equity: 1000, trades: 4 }),
    ...overrides,
  };
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

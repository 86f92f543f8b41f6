import { formatDuration, formatNumber, formatPercent } from '../../adapters/report/format-value.ts';
import type { DayFacts } from './day-facts.ts';
import type { ExitKind, TradeFacts } from './trade-facts.ts';

/** A price or amount: 2 decimals, more for prices under 10 (up to 8 significant, no trailing noise). */
function price(value: number): string {
  if (Math.abs(value) >= 10 || value === 0) return formatNumber(value, 2);
  const text = Number(value.toPrecision(6)).toString();
  return text.includes('e') ? value.toPrecision(6) : text;
}
const money = (value: number): string => formatNumber(value, 2);
const quantity = (value: number): string => String(Number(value.toPrecision(10)));
const time = (iso: string): string => `${iso.slice(0, 10)} ${iso.slice(11, 16)}`;
const plural = (n: number, singular: string, many = `${singular}s`): string => `${n} ${n === 1 ? singular : many}`;

const EXIT_WORDS: Readonly<Record<ExitKind, string>> = {
  signal: 'on',
  stop_loss: 'by the stop-loss exit',
  take_profit: 'by the take-profit exit',
  trailing_stop: 'by the trailing-stop exit',
  time_stop: 'by the time-stop exit',
  kill_switch: 'by the kill switch flattening',
  daily_drawdown: 'by the daily-drawdown kill switch flattening',
  risk: 'by a risk-engine order',
};

function signalWords(signal: string, decisions: readonly string[]): string {
  return decisions.length > 0 ? `${signal} (log: ${decisions.join(', ')})` : signal;
}

/**
 * The template explanation of a trade, e.g. `Trade 3: long 0.4 BTC-PERP.FTX (ema_cross), bought
 * on 2022-01-01 12:54 at 47,137.00 on cross_up and sold on 2022-01-01 14:37 at 46,891.00 on
 * cross_down, after 1h 43m. PnL -124.73 after 26.33 fees (gross -98.40); slippage cost 4.00.
 * No risk events during the trade.` A pure function of the facts.
 */
export function tradeTemplate(t: TradeFacts): string {
  const [opened, closed] = t.side === 'long' ? ['bought', 'sold'] : ['sold', 'bought'];
  const exit =
    t.exit_kind === 'signal'
      ? `on ${signalWords(t.exit_signal, t.exit_decisions)}${t.flipped ? ', flipping the position' : ''}`
      : `${EXIT_WORDS[t.exit_kind]} (${t.exit_signal}${t.exit_cause === undefined ? '' : `: ${t.exit_cause}`})`;
  const risk =
    t.risk_events === 0
      ? 'No risk events during the trade.'
      : `${plural(t.risk_events, 'risk event')} during the trade: ${t.risk_event_notes.join('; ')}${t.risk_events > t.risk_event_notes.length ? '; …' : ''}.`;
  const parts = t.exit_fills > 1 ? ` (average of ${t.exit_fills} closing fills)` : '';
  return (
    `Trade ${t.trade}: ${t.side} ${quantity(t.quantity)} ${t.instrument_id} (${t.strategy_ids.join(', ')}), ` +
    `${opened} on ${time(t.entry_time)} at ${price(t.entry_price)} on ${signalWords(t.entry_signal, t.entry_decisions)} ` +
    `and ${closed} on ${time(t.exit_time)} at ${price(t.exit_price)}${parts} ${exit}, after ${formatDuration(t.holding_ms)}. ` +
    `PnL ${money(t.net_pnl)} after ${money(t.fees)} fees (gross ${money(t.gross_pnl)}); ` +
    `slippage cost ${money(t.slippage_cost)}. ${risk}`
  );
}

/**
 * The template explanation of a day, e.g. `2022-01-03: 4 fills, 2 trades closed (1 winner, PnL
 * 35.10 after fees). Equity 99,812.40 at the close, -120.55 on the day; drawdown 0.41% (deepest
 * 0.52%). No risk events.` A pure function of the facts.
 */
export function dayTemplate(d: DayFacts): string {
  const trades =
    d.trades_closed === 0
      ? 'no trade closed'
      : `${plural(d.trades_closed, 'trade')} closed (${plural(d.winners, 'winner')}, PnL ${money(d.closed_pnl)} after fees)`;
  const risk =
    d.risk_events === 0
      ? 'No risk events.'
      : `${plural(d.risk_events, 'risk event')}${d.notable_risk_events.length > 0 ? `, notably ${d.notable_risk_events.join('; ')}` : ''}.`;
  return (
    `${d.day}: ${plural(d.fills, 'fill')}, ${trades}. ` +
    `Equity ${money(d.end_equity)} at the close, ${money(d.net_pnl)} on the day; ` +
    `drawdown ${formatPercent(d.end_drawdown)} (deepest ${formatPercent(d.max_drawdown)}). ${risk}`
  );
}

import { type RiskEvent, scopeKey, type TradingScope } from '../../core/risk/index.ts';
import { formatDate, formatDuration, formatNumber } from './format-value.ts';

/** One risk event in words, one field per column of the report's risk table (plain text, not escaped). */
export interface RiskEventText {
  /** What happened: `Order denied`, `Trading state changed`, ... */
  readonly event: string;
  /** `global`, `account:<id>` or `strategy:<id>`. */
  readonly scope: string;
  /** `ACTIVE → HALTED` for a change, `→ HALTED` for a cause that imposes a state, else empty. */
  readonly state: string;
  /** The reason code (`DAILY_DRAWDOWN`, `TRADING_HALTED`, ...) or the operator's reason. */
  readonly reason: string;
  /** The numbers and words behind the reason. */
  readonly detail: string;
}

/** A fraction as a percentage with at most 2 decimals and no trailing zeros: 0.053 → `5.3%`, 0.05 → `5%`. */
export function shortPercent(fraction: number): string {
  if (!Number.isFinite(fraction)) return formatNumber(fraction);
  return `${formatNumber(fraction * 100, 2).replace(/\.?0+$/, '')}%`;
}

const amount = (value: number): string => formatNumber(value, 2);

/** A number as written in a breaker's detail: up to 6 significant decimals, no trailing zeros. */
const plain = (value: number): string =>
  Number.isFinite(value) ? String(Number(value.toPrecision(6))) : formatNumber(value);

/** `2022-01-05 16:29` — or only `16:29` when `reference` is on the same UTC day. */
export function timeText(timestamp: number, reference?: number): string {
  const text = formatDate(timestamp);
  if (reference !== undefined && formatDate(reference, true) === formatDate(timestamp, true)) return text.slice(11);
  return text;
}

/** Why a daily-drawdown kill fired, in words: `DAILY_DRAWDOWN: drawdown 5.3% from the day's high 103,210.00 ≥ limit 5%`. */
function drawdownText(event: Extract<RiskEvent, { type: 'DailyDrawdownBreached' }>): string {
  return (
    `DAILY_DRAWDOWN: drawdown ${shortPercent(event.drawdown)} from the day's high ${amount(event.highWaterMark)} ` +
    `≥ limit ${shortPercent(event.limit)} (equity ${amount(event.equity)})`
  );
}

/**
 * The words for one risk event. Every type of the union has its own wording; a type added to the
 * union later still renders (its reason and detail, when it has them) instead of failing.
 */
export function describeRiskEvent(event: RiskEvent): RiskEventText {
  switch (event.type) {
    case 'OrderDenied':
      return {
        event: 'Order denied',
        scope: `strategy:${event.strategyId}`,
        state: '',
        reason: event.reason,
        detail: `${event.clientOrderId} ${event.instrumentId}: ${event.detail}`,
      };
    case 'TradingStateChanged': {
      const notes: string[] = [];
      if (event.until !== undefined) notes.push(`until ${timeText(event.until, event.timestamp)}`);
      if (event.by !== undefined) notes.push(`by ${event.by}`);
      if (event.source !== event.reason) notes.push(`source ${event.source}`);
      return {
        event: 'Trading state changed',
        scope: scopeKey(event.scope),
        state: `${event.from} → ${event.to}`,
        reason: event.reason,
        detail: notes.length > 0 ? `${event.detail} (${notes.join(', ')})` : event.detail,
      };
    }
    case 'DailyDrawdownBreached':
      return {
        event: 'Daily drawdown breached',
        scope: scopeKey(event.scope),
        state: `→ ${event.state}`,
        reason: 'DAILY_DRAWDOWN',
        detail:
          `drawdown ${shortPercent(event.drawdown)} from the day's high ${amount(event.highWaterMark)} ≥ limit ` +
          `${shortPercent(event.limit)}; equity ${amount(event.equity)}; ${event.actions.join(', ').toLowerCase()}; ` +
          `halted ${formatDuration(event.until - event.timestamp)} until ${timeText(event.until, event.timestamp)}`,
      };
    case 'KillSwitchActivated':
      return {
        event: 'Kill switch activated',
        scope: 'global',
        state: '→ HALTED',
        reason: event.reason,
        detail: `by ${event.by}; working orders canceled, positions flattened`,
      };
    case 'CircuitBreakerTripped':
      return {
        event: `Circuit breaker tripped (${event.breaker})`,
        scope: scopeKey(event.scope),
        state: `→ ${event.state}`,
        reason: event.reason,
        detail: `${event.detail} (value ${plain(event.value)}, threshold ${plain(event.threshold)})`,
      };
    case 'CircuitBreakerReset':
      return {
        event: `Circuit breaker reset (${event.breaker})`,
        scope: scopeKey(event.scope),
        state: '',
        reason: event.reason,
        detail: `${event.detail} (value ${plain(event.value)}, threshold ${plain(event.threshold)})`,
      };
    case 'RiskLimitsChanged':
      return {
        event: 'Risk limits changed',
        scope: event.strategyId === undefined ? 'global' : `strategy:${event.strategyId}`,
        state: '',
        reason: event.reason,
        detail:
          `version ${event.previousVersion} → ${event.version} by ${event.by}: ` +
          (event.changes.map((c) => `${c.limit} ${c.from} → ${c.to}`).join(', ') || 'no limit moved'),
      };
    case 'RiskPolicyRejected':
      return {
        event: 'Risk limits change refused',
        scope: event.strategyId === undefined ? 'global' : `strategy:${event.strategyId}`,
        state: '',
        reason: event.reason,
        detail: `version ${event.version} kept, proposed by ${event.by}: ${event.violations.join('; ')}`,
      };
    default:
      return describeUnknown(event);
  }
}

/** A risk event of a type this renderer does not know yet: its reason and detail fields, when present. */
function describeUnknown(event: { readonly type: string }): RiskEventText {
  const fields = event as unknown as Record<string, unknown>;
  const text = (key: string): string => (typeof fields[key] === 'string' ? (fields[key] as string) : '');
  const scope = fields.scope as TradingScope | undefined;
  return {
    event: event.type,
    scope: typeof scope === 'object' && scope !== null && 'kind' in scope ? scopeKey(scope) : 'global',
    state: '',
    reason: text('reason'),
    detail: text('detail'),
  };
}

/**
 * Why a scope went HALTED (or REDUCING), in words: the cause recorded at the same time and scope
 * (a daily-drawdown breach with its numbers, a manual kill switch, a breaker trip), else the state
 * change's own reason and detail.
 */
export function explainRestriction(
  change: Extract<RiskEvent, { type: 'TradingStateChanged' }>,
  cause: RiskEvent | undefined,
): string {
  if (cause?.type === 'DailyDrawdownBreached') return drawdownText(cause);
  if (cause?.type === 'KillSwitchActivated') return `${change.reason}: kill switch by ${cause.by}: ${cause.reason}`;
  if (cause?.type === 'CircuitBreakerTripped')
    return `${cause.reason}: ${cause.detail} (${cause.breaker}: value ${plain(cause.value)}, threshold ${plain(cause.threshold)})`;
  return `${change.reason}: ${change.detail}${change.by === undefined ? '' : ` (by ${change.by})`}`;
}

/**
 * Where and why a cause of a state change applies: its scope key (`global` for the manual kill
 * switch) and the reason code it raises (undefined when the state change names it, as for the
 * kill switch). Undefined for events that cause no state change.
 */
export function causeOf(event: RiskEvent): { readonly scope: string; readonly reason: string | undefined } | undefined {
  switch (event.type) {
    case 'DailyDrawdownBreached':
      return { scope: scopeKey(event.scope), reason: 'DAILY_DRAWDOWN' };
    case 'CircuitBreakerTripped':
      return { scope: scopeKey(event.scope), reason: event.reason };
    case 'KillSwitchActivated':
      return { scope: 'global', reason: undefined };
    default:
      return undefined;
  }
}

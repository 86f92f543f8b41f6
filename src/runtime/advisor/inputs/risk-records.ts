import type { RiskLimits } from '../../../core/risk/index.ts';
import { RISK_LIMIT_NAMES } from '../../../core/risk/risk-limits.ts';
import { mostRestrictive, TradingState } from '../../../core/risk/state/trading-state.ts';
import type { RiskRecord } from './run-record.ts';

/** The kinds the advisor counts as trouble: denials, breaker trips, drawdown breaches, kill switches. */
const ADVERSE: ReadonlySet<string> = new Set([
  'order_denied',
  'circuit_breaker_tripped',
  'daily_drawdown_breached',
  'kill_switch_activated',
]);

const STATES: ReadonlySet<string> = new Set(Object.values(TradingState));

/** A field as text; numbers at six significant digits (an allocator's 0.050425000000000005 reads 0.050425). */
const text = (value: unknown): string =>
  value === undefined || value === null
    ? ''
    : typeof value === 'number' && Number.isFinite(value)
      ? String(Number(value.toPrecision(6)))
      : String(value);
const percent = (value: unknown): string =>
  typeof value === 'number' && Number.isFinite(value) ? `${(value * 100).toFixed(2)}%` : text(value);

/** `a: b` when both are there, else whichever is. */
const joined = (head: string, tail: string): string => (head === '' ? tail : tail === '' ? head : `${head}: ${tail}`);

function reasonOf(kind: string, r: Record<string, unknown>): string {
  switch (kind) {
    case 'order_denied':
      return joined(text(r.reason), text(r.detail));
    case 'trading_state_changed':
      return joined(`${text(r.from)}->${text(r.to)} ${text(r.reason)}`, text(r.detail));
    case 'daily_drawdown_breached':
      return `drawdown ${percent(r.drawdown)} >= limit ${percent(r.limit)}, ${text(r.state)}`;
    case 'kill_switch_activated':
      return joined(`by ${text(r.by)}`, text(r.reason));
    case 'circuit_breaker_tripped':
    case 'circuit_breaker_reset':
      return joined(`${text(r.breaker)} ${text(r.reason)}`, text(r.detail));
    case 'risk_limits_changed': {
      const changes = Array.isArray(r.changes) ? (r.changes as Record<string, unknown>[]) : [];
      const moved = changes.map((c) => `${text(c.limit)} ${text(c.from)}->${text(c.to)}`).join(', ');
      return joined(`v${text(r.version)} by ${text(r.by)}`, moved);
    }
    case 'risk_policy_rejected':
      return joined(`by ${text(r.by)}`, Array.isArray(r.violations) ? r.violations.map(text).join('; ') : '');
    default:
      return joined(text(r.reason), text(r.detail));
  }
}

/**
 * A risk event in the risk log's form (risk.log.jsonl: `ts_ms`, `event` in snake_case, scopes as
 * `global` / `strategy:<id>`) as the advisor reads it. Returns a description of the problem
 * instead when the line is not a risk event (no time or no kind).
 */
export function riskRecord(r: Readonly<Record<string, unknown>>): RiskRecord | string {
  const time = r.ts_ms;
  const kind = r.event;
  if (typeof time !== 'number' || !Number.isFinite(time)) return "no numeric 'ts_ms'";
  if (typeof kind !== 'string' || kind === '') return "no 'event'";
  const strategyId = typeof r.strategy_id === 'string' ? r.strategy_id : undefined;
  const scope = typeof r.scope === 'string' ? r.scope : strategyId !== undefined ? `strategy:${strategyId}` : 'global';
  const scopedStrategy = scope.startsWith('strategy:') ? scope.slice('strategy:'.length) : strategyId;
  const stateTo =
    kind === 'trading_state_changed' && typeof r.to === 'string' && STATES.has(r.to)
      ? (r.to as TradingState)
      : undefined;
  let limitChanges: RiskRecord['limitChanges'];
  if (kind === 'risk_limits_changed' && strategyId === undefined && Array.isArray(r.changes)) {
    limitChanges = (r.changes as Record<string, unknown>[]).flatMap((c) =>
      typeof c.limit === 'string' &&
      (RISK_LIMIT_NAMES as readonly string[]).includes(c.limit) &&
      (typeof c.to === 'number' || typeof c.to === 'boolean')
        ? [{ limit: c.limit, to: c.to }]
        : [],
    );
  }
  return {
    time,
    kind,
    scope,
    strategyId: scopedStrategy,
    reason: reasonOf(kind, r),
    adverse: ADVERSE.has(kind),
    stateTo,
    limitChanges,
  };
}

/** The last state each scope changed to at or before `asOf` (scopes never changed are absent: ACTIVE). */
export function scopeStates(records: readonly RiskRecord[], asOf: number): Map<string, TradingState> {
  const states = new Map<string, TradingState>();
  for (const r of records) if (r.time <= asOf && r.stateTo !== undefined) states.set(r.scope, r.stateTo);
  return states;
}

/** The effective state of the account (global and account scopes) or, with a strategy id, of that strategy too. */
export function effectiveState(states: ReadonlyMap<string, TradingState>, strategyId?: string): TradingState {
  let state: TradingState = TradingState.Active;
  for (const [scope, value] of states)
    if (
      scope === 'global' ||
      scope.startsWith('account:') ||
      (strategyId !== undefined && scope === `strategy:${strategyId}`)
    )
      state = mostRestrictive(state, value);
  return state;
}

/** The account limits after the account-scope limit changes recorded up to `asOf`, and how many there were. */
export function limitsInForce(
  base: RiskLimits,
  records: readonly RiskRecord[],
  asOf: number,
): { limits: RiskLimits; changes: number } {
  const limits: Record<string, number | boolean> = { ...base };
  let changes = 0;
  for (const r of records) {
    if (r.time > asOf || r.limitChanges === undefined || r.limitChanges.length === 0) continue;
    changes++;
    for (const c of r.limitChanges) limits[c.limit] = c.to;
  }
  return { limits: limits as unknown as RiskLimits, changes };
}

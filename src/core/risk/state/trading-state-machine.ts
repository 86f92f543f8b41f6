import type { Clock } from '../../clock/clock.ts';
import type { AccountId, StrategyId } from '../../model/ids.ts';
import { formatTimestamp, type UnixMillis } from '../../model/time.ts';
import { type GateOrder, gateOrder, type TradingStateDenial } from './gate-order.ts';
import {
  accountScope,
  GLOBAL_SCOPE,
  mostRestrictive,
  scopeKey,
  strategyScope,
  type TradingScope,
  TradingState,
  type TradingStateChanged,
  TradingStateReason,
  tradingStateRank,
} from './trading-state.ts';

/**
 * How a hold ends. `manual`: only `resume`. `cooldown`: by itself at `until` (a Clock alert), or by
 * `resume`. `condition`: when its source (a circuit breaker) releases it; `resume` does not lift
 * it, since the condition (stale data, wide spreads) is still there.
 */
export type HoldKind = 'manual' | 'cooldown' | 'condition';

/** One request that keeps a scope at (at least) a state. A scope's state is its most restrictive hold. */
export interface TradingStateHold {
  readonly source: string;
  readonly scope: TradingScope;
  readonly state: TradingState;
  readonly kind: HoldKind;
  readonly reason: TradingStateReason;
  readonly detail: string;
  readonly since: UnixMillis;
  readonly until?: UnixMillis;
  readonly by?: string;
}

/** What `resume` did: the state now, and the holds that still keep it above ACTIVE. */
export interface ResumeResult {
  readonly state: TradingState;
  readonly remaining: readonly TradingStateHold[];
}

export interface TradingStateMachineOptions {
  /** Time of every event and the timer for cooldowns. */
  readonly clock: Clock;
  /** Receives every state change, synchronously, in order. */
  readonly emit: (event: TradingStateChanged) => void;
}

/** Source name of operator holds. */
export const MANUAL_SOURCE = 'MANUAL';

/**
 * Trading state per scope (global, per account, per strategy), moved by holds: kill switches and
 * circuit breakers `hold` a scope at a state and `release` it; operators `halt`, `reduce` and
 * `resume`. A scope's state is the most restrictive of its holds (ACTIVE with none); an order's
 * effective state is the most restrictive of its scopes. Every change of a scope's state emits
 * exactly one `TradingStateChanged`; a hold that changes nothing emits none.
 */
export class TradingStateMachine {
  private readonly clock: Clock;
  private readonly emit: (event: TradingStateChanged) => void;
  /** scope key → source → hold. */
  private readonly holdsByScope = new Map<string, Map<string, TradingStateHold>>();
  /** scope key → state, only for scopes not ACTIVE. */
  private readonly states = new Map<string, TradingState>();

  constructor(options: TradingStateMachineOptions) {
    this.clock = options.clock;
    this.emit = options.emit;
  }

  /** The state of one scope on its own. */
  state(scope: TradingScope): TradingState {
    return this.states.get(scopeKey(scope)) ?? TradingState.Active;
  }

  /** The most restrictive state over the global scope and the given account and strategy, and whose it is. */
  effectiveState(owner: { accountId?: AccountId; strategyId?: StrategyId } = {}): {
    state: TradingState;
    scope: TradingScope;
  } {
    let state = this.state(GLOBAL_SCOPE);
    let scope = GLOBAL_SCOPE;
    if (this.states.size === 0) return { state, scope };
    for (const candidate of [
      owner.accountId === undefined ? undefined : accountScope(owner.accountId),
      owner.strategyId === undefined ? undefined : strategyScope(owner.strategyId),
    ]) {
      if (candidate === undefined) continue;
      const s = this.state(candidate);
      if (tradingStateRank(s) > tradingStateRank(state)) {
        state = s;
        scope = candidate;
      }
    }
    return { state, scope };
  }

  /**
   * Decides an order under its effective state; `position` is its signed position (base units).
   * Undefined when allowed, a denial with the numbers otherwise. O(1) when every scope is ACTIVE.
   */
  /** True when some scope is not ACTIVE: only then can `gate` deny (callers skip building its input). */
  get restricted(): boolean {
    return this.states.size > 0;
  }

  gate(order: GateOrder, position: number): TradingStateDenial | undefined {
    if (this.states.size === 0) return undefined;
    const { state, scope } = this.effectiveState(order);
    return gateOrder(state, scope, order, position);
  }

  /**
   * Holds `scope` at `state` for `source`, replacing that source's previous hold there. With
   * `until`, a cooldown: the hold lifts by itself at `until` (reason COOLDOWN_ENDED).
   */
  hold(options: {
    source: string;
    scope: TradingScope;
    state: TradingState;
    reason: TradingStateReason;
    detail: string;
    until?: UnixMillis;
    kind?: HoldKind;
    by?: string;
  }): void {
    const key = scopeKey(options.scope);
    const now = this.clock.timestamp();
    if (options.until !== undefined && !(options.until > now))
      throw new Error(`hold ${options.source}: until ${options.until} must be after now ${now}`);
    let holds = this.holdsByScope.get(key);
    if (holds === undefined) this.holdsByScope.set(key, (holds = new Map()));
    this.clock.cancelTimer(timerName(key, options.source));
    const kind = options.kind ?? (options.until === undefined ? 'condition' : 'cooldown');
    const hold: TradingStateHold = {
      source: options.source,
      scope: options.scope,
      state: options.state,
      kind,
      reason: options.reason,
      detail: options.detail,
      since: now,
      ...(options.until === undefined ? {} : { until: options.until }),
      ...(options.by === undefined ? {} : { by: options.by }),
    };
    holds.set(options.source, hold);
    if (options.until !== undefined) {
      this.clock.setTimeAlert({
        name: timerName(key, options.source),
        time: options.until,
        handler: () =>
          this.release({
            source: options.source,
            scope: options.scope,
            reason: TradingStateReason.CooldownEnded,
            detail: `${options.source} cooldown ended (held since ${formatTimestamp(now)})`,
          }),
      });
    }
    this.settle(options.scope, hold);
  }

  /** Lifts `source`'s hold on `scope` (nothing when it holds none). */
  release(options: {
    source: string;
    scope: TradingScope;
    reason: TradingStateReason;
    detail: string;
    by?: string;
  }): void {
    const key = scopeKey(options.scope);
    const holds = this.holdsByScope.get(key);
    if (holds === undefined || !holds.delete(options.source)) return;
    this.clock.cancelTimer(timerName(key, options.source));
    this.settle(options.scope, { ...options });
  }

  /** The manual kill switch: HALTED until an operator resumes. `reason` is the operator's words. */
  halt(scope: TradingScope, reason: string, by: string): void {
    this.hold({
      source: MANUAL_SOURCE,
      scope,
      state: TradingState.Halted,
      reason: TradingStateReason.ManualHalt,
      detail: reason,
      kind: 'manual',
      by,
    });
  }

  /** Manual REDUCING until an operator resumes. */
  reduce(scope: TradingScope, reason: string, by: string): void {
    this.hold({
      source: MANUAL_SOURCE,
      scope,
      state: TradingState.Reducing,
      reason: TradingStateReason.ManualReduce,
      detail: reason,
      kind: 'manual',
      by,
    });
  }

  /**
   * The manual way back: lifts the scope's manual and cooldown holds (one event when the state
   * changes). Condition holds stay until their breaker releases them; they are returned, so that
   * the operator is told why the scope is not ACTIVE yet.
   */
  resume(scope: TradingScope, by: string): ResumeResult {
    const key = scopeKey(scope);
    const holds = this.holdsByScope.get(key);
    if (holds !== undefined) {
      const lifted: string[] = [];
      for (const hold of [...holds.values()]) {
        if (hold.kind === 'condition') continue;
        holds.delete(hold.source);
        this.clock.cancelTimer(timerName(key, hold.source));
        lifted.push(hold.source);
      }
      if (lifted.length > 0)
        this.settle(scope, {
          source: MANUAL_SOURCE,
          reason: TradingStateReason.ManualResume,
          detail: `lifted ${lifted.join(', ')}`,
          by,
        });
    }
    return { state: this.state(scope), remaining: this.holds(scope) };
  }

  /** The holds on a scope (all scopes when omitted), for reports and operators. */
  holds(scope?: TradingScope): TradingStateHold[] {
    if (scope !== undefined) return [...(this.holdsByScope.get(scopeKey(scope))?.values() ?? [])];
    const all: TradingStateHold[] = [];
    for (const holds of this.holdsByScope.values()) all.push(...holds.values());
    return all;
  }

  /** Recomputes a scope's state after its holds changed; emits when it moved. */
  private settle(
    scope: TradingScope,
    cause: { source: string; reason: TradingStateReason; detail: string; by?: string; until?: UnixMillis },
  ): void {
    const key = scopeKey(scope);
    const from = this.states.get(key) ?? TradingState.Active;
    let to: TradingState = TradingState.Active;
    let until: UnixMillis | undefined;
    for (const hold of this.holdsByScope.get(key)?.values() ?? []) to = mostRestrictive(to, hold.state);
    if (to === from) return;
    if (to === TradingState.Active) this.states.delete(key);
    else this.states.set(key, to);
    // The change lifts by itself only when every hold at the new state is a cooldown: then at the latest `until`.
    for (const hold of this.holdsByScope.get(key)?.values() ?? []) {
      if (hold.state !== to) continue;
      if (hold.until === undefined) {
        until = undefined;
        break;
      }
      until = until === undefined ? hold.until : Math.max(until, hold.until);
    }
    this.emit({
      type: 'TradingStateChanged',
      scope,
      from,
      to,
      reason: cause.reason,
      detail: cause.detail,
      source: cause.source,
      ...(cause.by === undefined ? {} : { by: cause.by }),
      timestamp: this.clock.timestamp(),
      ...(until === undefined ? {} : { until }),
    });
  }
}

function timerName(scopeKeyText: string, source: string): string {
  return `trading-state:${scopeKeyText}:${source}`;
}

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SimulatedClock } from '../../clock/simulated-clock.ts';
import { accountId, strategyId } from '../../model/ids.ts';
import {
  accountScope,
  GLOBAL_SCOPE,
  scopeKey,
  strategyScope,
  type TradingScope,
  TradingState,
  type TradingStateChanged,
  TradingStateReason,
  tradingStateRank,
} from './trading-state.ts';
import { TradingStateMachine } from './trading-state-machine.ts';

const ACCOUNT = accountId('A');
const STRATEGY = strategyId('S');
const SCOPES: readonly TradingScope[] = [GLOBAL_SCOPE, accountScope(ACCOUNT), strategyScope(STRATEGY)];
const STATES = [TradingState.Active, TradingState.Reducing, TradingState.Halted] as const;

function setup(start = 1_000_000) {
  const clock = new SimulatedClock(start);
  const events: TradingStateChanged[] = [];
  const machine = new TradingStateMachine({ clock, emit: (e) => events.push(e) });
  return { clock, events, machine };
}

describe('TradingStateMachine', () => {
  it("an order's effective state is the most restrictive of the global, account and strategy scopes", () => {
    fc.assert(
      fc.property(fc.tuple(...SCOPES.map(() => fc.constantFrom(...STATES))), (states) => {
        const { machine } = setup();
        SCOPES.forEach((scope, i) => {
          if (states[i] !== TradingState.Active)
            machine.hold({ source: 'X', scope, state: states[i]!, reason: 'STALE_DATA', detail: '' });
        });
        const expected = STATES[Math.max(...states.map(tradingStateRank))];
        const effective = machine.effectiveState({ accountId: ACCOUNT, strategyId: STRATEGY });
        expect(effective.state, `scope states ${states.join(', ')}`).toBe(expected);
        expect(machine.state(effective.scope), 'the reported scope holds that state').toBe(expected);
        const denial = machine.gate(
          { action: 'submit', side: 'buy', quantity: 1, accountId: ACCOUNT, strategyId: STRATEGY },
          0,
        );
        expect(denial === undefined, 'a buy from flat is allowed only when ACTIVE').toBe(
          expected === TradingState.Active,
        );
        expect(machine.effectiveState({}).state, 'an order of no account or strategy sees the global state').toBe(
          states[0],
        );
      }),
    );
  });

  it('every change of a scope state emits exactly one event with a reason, and nothing else does', () => {
    const operation = fc.record({
      op: fc.constantFrom('hold', 'release', 'halt', 'resume', 'cooldown', 'advance'),
      scope: fc.integer({ min: 0, max: 2 }),
      source: fc.constantFrom('A', 'B', 'C'),
      state: fc.constantFrom(TradingState.Reducing, TradingState.Halted),
      ms: fc.integer({ min: 1, max: 5_000 }),
    });
    fc.assert(
      fc.property(fc.array(operation, { maxLength: 60 }), (operations) => {
        const { clock, events, machine } = setup();
        const snapshot = () => SCOPES.map((s) => machine.state(s));
        let before = snapshot();
        for (const o of operations) {
          const scope = SCOPES[o.scope]!;
          const seen = events.length;
          if (o.op === 'hold')
            machine.hold({ source: o.source, scope, state: o.state, reason: 'SPREAD_STRESS', detail: 'x' });
          if (o.op === 'release') machine.release({ source: o.source, scope, reason: 'SPREAD_NORMAL', detail: 'x' });
          if (o.op === 'halt') machine.halt(scope, 'test', 'ops');
          if (o.op === 'resume') machine.resume(scope, 'ops');
          if (o.op === 'cooldown') {
            const until = clock.timestamp() + o.ms;
            machine.hold({ source: o.source, scope, state: o.state, reason: 'DAILY_DRAWDOWN', detail: 'x', until });
          }
          if (o.op === 'advance') clock.advanceTo(clock.timestamp() + o.ms);
          const after = snapshot();
          const changed = SCOPES.filter((_, i) => after[i] !== before[i]).map(scopeKey);
          const emitted = events.slice(seen);
          // A clock advance may fire several cooldowns on one scope, each a change of its own.
          if (o.op !== 'advance') expect(emitted.length, `${o.op} on ${scopeKey(scope)}`).toBe(changed.length);
          for (const e of emitted) {
            expect(e.from, 'an event is a change').not.toBe(e.to);
            expect(Object.values(TradingStateReason)).toContain(e.reason);
            if (o.op === 'advance')
              expect(e.timestamp, 'a cooldown ends within the advance').toBeLessThanOrEqual(clock.timestamp());
            else expect(e.timestamp, 'stamped with the clock').toBe(clock.timestamp());
          }
          expect(new Set(emitted.map((e) => scopeKey(e.scope))), 'events only for changed scopes').toEqual(
            new Set(changed),
          );
          before = after;
        }
        // Replaying the events per scope ends in each scope's state.
        for (const scope of SCOPES) {
          const own = events.filter((e) => scopeKey(e.scope) === scopeKey(scope));
          let state: TradingState = TradingState.Active;
          for (const e of own) {
            expect(e.from, 'each event starts where the previous one ended').toBe(state);
            state = e.to;
          }
          expect(state).toBe(machine.state(scope));
        }
      }),
      { numRuns: 500 },
    );
  });

  it('a cooldown hold lifts by itself at `until`, not a millisecond before, with COOLDOWN_ENDED', () => {
    const { clock, events, machine } = setup(0);
    machine.hold({
      source: 'K',
      scope: GLOBAL_SCOPE,
      state: 'HALTED',
      reason: 'DAILY_DRAWDOWN',
      detail: 'dd',
      until: 60_000,
    });
    expect(events).toMatchObject([{ from: 'ACTIVE', to: 'HALTED', reason: 'DAILY_DRAWDOWN', until: 60_000 }]);
    clock.advanceTo(59_999);
    expect(machine.state(GLOBAL_SCOPE)).toBe('HALTED');
    clock.advanceTo(60_000);
    expect(machine.state(GLOBAL_SCOPE)).toBe('ACTIVE');
    expect(events[1]).toMatchObject({
      from: 'HALTED',
      to: 'ACTIVE',
      reason: 'COOLDOWN_ENDED',
      source: 'K',
      timestamp: 60_000,
    });
    expect(clock.timerNames(), 'no timer left behind').toEqual([]);
  });

  it('steps down to the next hold when the most restrictive one lifts, and says until when only cooldowns hold', () => {
    const { clock, events, machine } = setup(0);
    machine.hold({ source: 'SPREAD', scope: GLOBAL_SCOPE, state: 'REDUCING', reason: 'SPREAD_STRESS', detail: 'wide' });
    machine.hold({
      source: 'DD',
      scope: GLOBAL_SCOPE,
      state: 'HALTED',
      reason: 'DAILY_DRAWDOWN',
      detail: 'dd',
      until: 1_000,
    });
    clock.advanceTo(1_000);
    expect(events.map((e) => `${e.from}>${e.to}:${e.reason}`)).toEqual([
      'ACTIVE>REDUCING:SPREAD_STRESS',
      'REDUCING>HALTED:DAILY_DRAWDOWN',
      'HALTED>REDUCING:COOLDOWN_ENDED',
    ]);
    expect(events[0]!.until, 'a condition hold has no end time').toBeUndefined();
    expect(events[1]!.until).toBe(1_000);
  });

  it('manual halt and resume: resume lifts manual and cooldown holds, names the condition holds that remain', () => {
    const { events, machine } = setup(0);
    const account = accountScope(ACCOUNT);
    machine.halt(account, 'fat finger', 'alice');
    machine.hold({
      source: 'STALE_DATA:BTC',
      scope: account,
      state: 'REDUCING',
      reason: 'STALE_DATA',
      detail: 'silent',
    });
    const result = machine.resume(account, 'bob');
    expect(events.map((e) => [e.from, e.to, e.reason, e.by])).toEqual([
      ['ACTIVE', 'HALTED', 'MANUAL_HALT', 'alice'],
      ['HALTED', 'REDUCING', 'MANUAL_RESUME', 'bob'],
    ]);
    expect(events[0]!.detail).toBe('fat finger');
    expect(result.state).toBe('REDUCING');
    expect(
      result.remaining.map((h) => h.source),
      'the stale feed still holds the account',
    ).toEqual(['STALE_DATA:BTC']);
    expect(machine.state(GLOBAL_SCOPE), 'an account halt leaves the global scope alone').toBe('ACTIVE');
  });

  it('a manual resume cancels the cooldown timer it lifted', () => {
    const { clock, events, machine } = setup(0);
    machine.hold({
      source: 'DD',
      scope: GLOBAL_SCOPE,
      state: 'HALTED',
      reason: 'DAILY_DRAWDOWN',
      detail: '',
      until: 5_000,
    });
    machine.resume(GLOBAL_SCOPE, 'ops');
    clock.advanceTo(10_000);
    expect(events).toHaveLength(2);
    expect(clock.timerNames()).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { TradingState } from '../risk/state/trading-state.ts';
import type { ApprovalRule } from './advisor-policy.ts';
import { DAY, T0, TEST_ADVISOR_POLICY, TestPolicyWorld } from './advisor-test-harness.ts';
import type { StrategySnapshot } from './evaluate-policy-change.ts';
import { parseAdvisorProposal } from './parse-advisor-proposal.ts';
import { type GateDecision, PolicyGate } from './policy-gate.ts';

const SIM_AUTO: ApprovalRule = { mode: 'SIM', autoApprove: true };
const LIVE: ApprovalRule = { mode: 'LIVE', autoApprove: true };
const why = { rationale: 'test', confidence: 'high' };

function setup(approval: ApprovalRule = SIM_AUTO) {
  const world = new TestPolicyWorld();
  const gate = new PolicyGate({ policy: TEST_ADVISOR_POLICY, approval });
  let proposals = 0;
  /** Reviews raw changes as the advisor, runs the applied commands on the world, returns the decisions. */
  const propose = (changes: unknown[], now = T0, by = 'advisor'): readonly GateDecision[] => {
    const decisions = gate.review({
      proposalId: `m${++proposals}`,
      entries: parseAdvisorProposal({ changes }).entries,
      by,
      now,
      snapshot: world.snapshot(),
    });
    for (const d of decisions) if (d.status === 'applied') world.run(d.command, now);
    return decisions;
  };
  return { world, gate, propose };
}

const reasonOf = (decision: GateDecision | undefined): string =>
  decision?.status === 'rejected' ? decision.reason : `not rejected: ${decision?.status}`;

describe('PolicyGate', () => {
  it('cuts the named limits by the fraction as the next policy version, compounding within a proposal', () => {
    const { world, propose } = setup();
    const decisions = propose([
      { kind: 'reduce_risk', fraction: 0.5, ...why },
      { kind: 'reduce_risk', fraction: 0.5, limits: ['maxGrossExposure', 'maxOrderNotional'], ...why },
    ]);
    expect(decisions.map((d) => d.status)).toEqual(['applied', 'applied']);
    expect(world.riskPolicy.version, 'two versions, each based on the one before').toBe(3);
    expect(world.riskPolicy.limits).toMatchObject({
      maxPositionFraction: 0.05,
      maxNetExposure: 0.25,
      maxGrossExposure: 0.125,
      maxOrderNotional: Number.POSITIVE_INFINITY,
    });
    expect(
      reasonOf(propose([{ kind: 'reduce_risk', fraction: 0.2, limits: ['maxOrderNotional'], ...why }])[0]),
      'a limit that is off stays off',
    ).toBe('no limit named can be cut (off, Infinity, or unchanged by a 0.2 cut)');
  });

  it("cuts an agent's own limits, and refuses a strategy that is no agent", () => {
    const { world, propose } = setup();
    propose([{ kind: 'reduce_risk', fraction: 0.4, strategy_id: 'agent', ...why }]);
    expect(world.riskPolicy.agent('agent')?.limits.maxPositionFraction).toBeCloseTo(0.03, 12);
    expect(world.riskPolicy.limits.maxPositionFraction, "the account's limits stay").toBe(0.1);
    expect(reasonOf(propose([{ kind: 'reduce_risk', fraction: 0.4, strategy_id: 'ema', ...why }])[0])).toContain(
      'ema has no agent allocation',
    );
  });

  it('pauses, and resumes only its own pause of a strategy that is ACTIVE', () => {
    const { world, propose } = setup();
    expect(propose([{ kind: 'pause_strategy', strategy_id: 'ema', ...why }])[0]?.status).toBe('applied');
    expect(world.strategies.get('ema')?.pausedBy).toBe('advisor');
    expect(reasonOf(propose([{ kind: 'pause_strategy', strategy_id: 'ema', ...why }])[0])).toBe(
      'strategy ema is already paused by advisor',
    );
    world.setState('ema', TradingState.Halted);
    expect(reasonOf(propose([{ kind: 'resume_strategy', strategy_id: 'ema', ...why }])[0]), 'a kill switch holds').toBe(
      'strategy ema is HALTED (kill switch, breaker or operator): it cannot be resumed',
    );
    world.setState('ema', TradingState.Reducing);
    expect(reasonOf(propose([{ kind: 'resume_strategy', strategy_id: 'ema', ...why }])[0])).toContain('is REDUCING');
    world.setState('ema', TradingState.Active);
    expect(propose([{ kind: 'resume_strategy', strategy_id: 'ema', ...why }])[0]?.status).toBe('applied');
    expect(world.strategies.get('ema')?.pausedBy).toBeUndefined();
    world.strategies.set('scalper', { state: TradingState.Active, pausedBy: 'alice', parameters: {} });
    expect(reasonOf(propose([{ kind: 'resume_strategy', strategy_id: 'scalper', ...why }])[0])).toBe(
      'strategy scalper was paused by alice; advisor only lifts its own pauses',
    );
    expect(reasonOf(propose([{ kind: 'resume_strategy', strategy_id: 'ema', ...why }])[0])).toBe(
      'strategy ema is not paused',
    );
    expect(reasonOf(propose([{ kind: 'pause_strategy', strategy_id: 'ghost', ...why }])[0])).toBe(
      'unknown strategy ghost',
    );
  });

  it('switches only to a listed preset', () => {
    const { world, propose } = setup();
    const [ok, unlisted, same] = propose([
      { kind: 'switch_preset', strategy_id: 'ema', preset: 'conservative', ...why },
      { kind: 'switch_preset', strategy_id: 'ema', preset: 'yolo', ...why },
      { kind: 'switch_preset', strategy_id: 'ema', preset: 'conservative', ...why },
    ]);
    expect(ok).toMatchObject({ status: 'applied', command: { from: 'default', to: 'conservative' } });
    expect(world.strategies.get('ema')?.preset).toBe('conservative');
    expect(reasonOf(unlisted)).toBe('preset yolo is not listed for ema (allowed: conservative, default)');
    expect(reasonOf(same), 'judged after the first change of the proposal').toBe(
      'strategy ema already runs preset conservative',
    );
  });

  it('sets adjustable parameters inside their bounds and daily change limit, which renews each UTC day', () => {
    const { world, propose } = setup();
    const set = (name: string, value: number) => ({ kind: 'set_parameter', strategy_id: 'ema', name, value, ...why });
    const [up, back, over] = propose([set('fast', 18), set('fast', 15), set('fast', 17)]);
    expect(up).toMatchObject({ status: 'applied', command: { from: 12, to: 18 } });
    expect(back).toMatchObject({ status: 'applied', command: { from: 18, to: 15 } });
    expect(reasonOf(over), 'moves of 6 and 3 used 9 of 10').toBe(
      'ema.fast 15 → 17 moves 2, but 9 of its daily change limit 10 is used today',
    );
    expect(reasonOf(propose([set('fast', 17)], T0 + DAY - 1)[0]), 'still the same UTC day').toContain('9 of');
    expect(propose([set('fast', 16)], T0 + DAY)[0]?.status, 'a new UTC day').toBe('applied');
    expect(world.strategies.get('ema')?.parameters['fast']).toBe(16);
    expect(reasonOf(propose([set('fast', 60)], T0 + 2 * DAY)[0])).toBe('ema.fast 60 is outside its bounds [5, 50]');
    expect(reasonOf(propose([set('fast', 16.5)], T0 + 2 * DAY)[0])).toBe('ema.fast takes whole numbers, not 16.5');
    expect(reasonOf(propose([set('slow', 30)], T0 + 2 * DAY)[0])).toBe('parameter ema.slow is not adjustable');
    expect(reasonOf(propose([set('fast', 16)], T0 + 2 * DAY)[0])).toBe('ema.fast is already 16');
  });

  it('keeps every change that passed for a person in LIVE, judges it again at approval, and applies it then', () => {
    const { world, gate, propose } = setup(LIVE);
    const [cut, pause] = propose([
      { kind: 'reduce_risk', fraction: 0.5, ...why },
      { kind: 'pause_strategy', strategy_id: 'ema', ...why },
    ]);
    expect(cut).toMatchObject({ status: 'pending_approval', pendingId: 'm1.1' });
    expect(pause).toMatchObject({ status: 'pending_approval', pendingId: 'm1.2' });
    expect(world.riskPolicy.version, 'nothing applied before a person approves').toBe(1);
    expect(gate.pending().map((p) => p.pendingId)).toEqual(['m1.1', 'm1.2']);
    expect(gate.approve('m1.1', { by: 'advisor', now: T0, snapshot: world.snapshot() }), 'not its own').toMatchObject({
      status: 'not_allowed',
    });
    const approved = gate.approve('m1.1', { by: 'alice', now: T0 + 1000, snapshot: world.snapshot() });
    if (approved.status !== 'applied') throw new Error(`not applied: ${JSON.stringify(approved)}`);
    world.run(approved.command, T0 + 1000);
    expect(world.riskPolicy.limits.maxPositionFraction).toBe(0.05);
    world.strategies.set('ema', { ...(world.strategies.get('ema') as StrategySnapshot), pausedBy: 'alice' });
    expect(gate.approve('m1.2', { by: 'alice', now: T0, snapshot: world.snapshot() }), 'the world moved').toMatchObject(
      {
        status: 'rejected',
        reason: 'strategy ema is already paused by alice',
      },
    );
    expect(gate.pending(), 'decided changes leave the queue').toEqual([]);
    expect(gate.approve('m1.2', { by: 'alice', now: T0, snapshot: world.snapshot() }).status).toBe('not_found');
  });

  it('waits in SIM and PAPER unless auto-approval is configured; rejects and expires pending changes', () => {
    const { gate, propose } = setup({ mode: 'PAPER', autoApprove: false });
    propose([{ kind: 'pause_strategy', strategy_id: 'ema', ...why }]);
    propose([{ kind: 'pause_strategy', strategy_id: 'scalper', ...why }]);
    expect(gate.reject('m1.1', { by: 'alice', reason: 'not now' })).toEqual({
      pendingId: 'm1.1',
      status: 'rejected',
      by: 'alice',
      reason: 'not now',
    });
    const late = gate.approve('m2.1', { by: 'alice', now: T0 + DAY + 1, snapshot: new TestPolicyWorld().snapshot() });
    expect(late).toMatchObject({ status: 'rejected', reason: `expired at ${T0 + DAY}, before approval` });
  });

  it('applies an operator rollback at once in LIVE (a person proposed it), within the hard bounds', () => {
    const { world, gate } = setup(LIVE);
    const review = (changes: unknown[]) =>
      gate.review({
        proposalId: 'r',
        entries: parseAdvisorProposal({ changes }, { allowRestore: true }).entries,
        by: 'alice',
        byPerson: true,
        now: T0,
        snapshot: world.snapshot(),
      });
    world.riskPolicy.apply({ limits: { maxGrossExposure: 0.2 }, by: 'alice', reason: 'test' }, T0);
    const restore = { kind: 'restore_limits', to_version: 1, ...why };
    const [back] = review([{ ...restore, limits: { maxGrossExposure: 0.5 } }]);
    expect(back).toMatchObject({ status: 'applied' });
    expect(reasonOf(review([{ ...restore, limits: { maxGrossExposure: 5 } }])[0])).toBe(
      'maxGrossExposure 5 exceeds its hard bound 1',
    );
    expect(reasonOf(review([{ ...restore, to_version: 2, limits: {} }])[0])).toBe(
      'to_version 2 is not an earlier version than 2',
    );
  });

  it('round-trips its memory: pending changes and the day’s moves survive a restart', () => {
    const { world, gate, propose } = setup({ mode: 'SIM', autoApprove: true });
    propose([{ kind: 'set_parameter', strategy_id: 'ema', name: 'fast', value: 20, ...why }]);
    const restarted = new PolicyGate({ policy: TEST_ADVISOR_POLICY, approval: SIM_AUTO, state: gate.state() });
    const decisions = restarted.review({
      proposalId: 'x',
      entries: parseAdvisorProposal({
        changes: [{ kind: 'set_parameter', strategy_id: 'ema', name: 'fast', value: 23, ...why }],
      }).entries,
      by: 'advisor',
      now: T0 + 5,
      snapshot: world.snapshot(),
    });
    expect(reasonOf(decisions[0])).toBe('ema.fast 20 → 23 moves 3, but 8 of its daily change limit 10 is used today');
  });

  it('refuses an advisor policy with impossible bounds', () => {
    const bad = (parameters: object) => () =>
      new PolicyGate({ policy: { strategies: { s: { parameters } } } as never, approval: SIM_AUTO });
    expect(bad({ p: { min: 2, max: 1, maxDailyChange: 1 } })).toThrow('min ≤ max');
    expect(bad({ p: { min: 0, max: 1, maxDailyChange: 0 } })).toThrow('maxDailyChange must be a positive');
    expect(bad({ p: { min: 0.5, max: 3, maxDailyChange: 1, integer: true } })).toThrow('whole-number bounds');
  });
});

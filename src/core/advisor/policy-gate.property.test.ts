import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RISK_LIMIT_NAMES, type RiskLimits } from '../risk/risk-limits.ts';
import { TradingState } from '../risk/state/trading-state.ts';
import { DAY, T0, TEST_ADVISOR_POLICY, TestPolicyWorld } from './advisor-test-harness.ts';
import type { PolicyCommand } from './evaluate-policy-change.ts';
import { parseAdvisorProposal } from './parse-advisor-proposal.ts';
import { PolicyGate, utcDay } from './policy-gate.ts';

const why = { rationale: 'property', confidence: 'low' };
const STRATEGIES = ['ema', 'scalper', 'agent', 'ghost'];
const strategy = fc.constantFrom(...STRATEGIES);
const anyNumber = fc.oneof(
  fc.double({ min: -200, max: 200, noNaN: true }),
  fc.integer({ min: -10, max: 80 }),
  // Near the test parameters' ranges, so that many moves pass and the daily limit is what binds.
  fc.integer({ min: 3, max: 30 }),
  fc.double({ min: 0.45, max: 0.95, noNaN: true }),
  fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, -0, 1e308),
);
const change = fc.oneof(
  fc.record({
    kind: fc.constant('set_parameter'),
    strategy_id: fc.oneof({ arbitrary: fc.constant('ema'), weight: 4 }, { arbitrary: strategy, weight: 1 }),
    name: fc.constantFrom('fast', 'threshold', 'slow'),
    value: anyNumber,
  }),
  fc.record({
    kind: fc.constant('reduce_risk'),
    fraction: anyNumber,
    strategy_id: fc.option(strategy, { nil: undefined }),
  }),
  fc.record({ kind: fc.constantFrom('pause_strategy', 'resume_strategy'), strategy_id: strategy }),
  fc.record({
    kind: fc.constant('switch_preset'),
    strategy_id: strategy,
    preset: fc.constantFrom('default', 'conservative', 'aggressive'),
  }),
);
const step = fc.record({
  /** Time since the previous step: often the same day, sometimes across midnight. */
  advance: fc.oneof(fc.integer({ min: 0, max: 3_600_000 }), fc.integer({ min: 0, max: 2 * DAY })),
  changes: fc.array(change, { maxLength: 6 }),
  /** A kill switch or breaker moving one strategy's state, outside the advisor. */
  state: fc.option(
    fc.record({
      strategyId: fc.constantFrom('ema', 'scalper', 'agent'),
      to: fc.constantFrom(...Object.values(TradingState)),
    }),
    { nil: undefined },
  ),
  /** Which pending changes a person approves now (by position in the queue). */
  approve: fc.array(fc.nat({ max: 5 }), { maxLength: 3 }),
});

const numericLimits = (limits: RiskLimits): Record<string, number> =>
  Object.fromEntries(RISK_LIMIT_NAMES.filter((n) => n !== 'roundToIncrements').map((n) => [n, limits[n] as number]));

describe('PolicyGate (property)', () => {
  it('no sequence of proposals over many days moves a parameter beyond its bounds or daily limit, loosens a limit, or resumes a restricted strategy', () => {
    const applied = new Map<string, number>();
    fc.assert(
      fc.property(
        fc.array(step, { minLength: 1, maxLength: 40 }),
        fc.constantFrom('SIM', 'PAPER', 'LIVE'),
        (steps, mode) => {
          const world = new TestPolicyWorld();
          const gate = new PolicyGate({
            policy: TEST_ADVISOR_POLICY,
            approval: { mode: mode as 'SIM', autoApprove: true },
          });
          const movedOnDay = new Map<string, number>();
          let now = T0;
          let proposals = 0;
          for (const s of steps) {
            now += s.advance;
            if (s.state !== undefined) world.setState(s.state.strategyId, s.state.to);
            const before = new Map(world.strategies);
            const limitsBefore = numericLimits(world.riskPolicy.limits);
            const agentBefore = numericLimits(world.riskPolicy.agent('agent')?.limits as RiskLimits);
            const entries = parseAdvisorProposal({ changes: s.changes.map((c) => ({ ...c, ...why })) }).entries;
            const decisions = gate.review({
              proposalId: `p${++proposals}`,
              entries,
              by: 'advisor',
              now,
              snapshot: world.snapshot(),
            });
            /** Runs a command as the runtime would, counting each parameter's movement per UTC day. */
            const run = (command: PolicyCommand): void => {
              if (command.type === 'SetParameter') {
                const current = world.strategies.get(command.strategyId)?.parameters[command.name];
                expect(command.from, 'a move starts from the value in force').toBe(current);
                const key = `${command.strategyId}.${command.name}@${utcDay(now)}`;
                movedOnDay.set(key, (movedOnDay.get(key) ?? 0) + Math.abs(command.to - command.from));
              }
              world.run(command, now);
              applied.set(command.type, (applied.get(command.type) ?? 0) + 1);
            };
            for (const d of decisions) if (d.status === 'applied') run(d.command);
            for (const index of s.approve) {
              const pending = gate.pending()[index];
              if (pending === undefined) continue;
              const outcome = gate.approve(pending.pendingId, { by: 'alice', now, snapshot: world.snapshot() });
              if (outcome.status === 'applied') run(outcome.command);
            }
            if (mode === 'LIVE')
              expect(
                decisions.some((d) => d.status === 'applied'),
                'LIVE applies nothing without a person',
              ).toBe(false);
            for (const d of decisions)
              if (d.status === 'rejected') expect(d.reason.length, 'every refusal says why').toBeGreaterThan(0);

            for (const [id, after] of world.strategies) {
              const prior = before.get(id);
              if (prior?.pausedBy !== undefined && after.pausedBy === undefined)
                expect(prior.state, `${id} resumed only while ACTIVE`).toBe(TradingState.Active);
              for (const [name, bound] of Object.entries(TEST_ADVISOR_POLICY.strategies[id]?.parameters ?? {})) {
                const value = after.parameters[name] as number;
                expect(
                  value >= bound.min && value <= bound.max,
                  `${id}.${name} = ${value} inside [${bound.min}, ${bound.max}]`,
                ).toBe(true);
                const key = `${id}.${name}@${utcDay(now)}`;
                const moved = movedOnDay.get(key) ?? 0;
                expect(moved, `${key} moved ${moved} in one UTC day`).toBeLessThanOrEqual(bound.maxDailyChange + 1e-9);
              }
              expect(after.parameters['slow'] ?? 26, 'a parameter not marked adjustable never moves').toBe(26);
            }
            const limitsAfter = numericLimits(world.riskPolicy.limits);
            const agentAfter = numericLimits(world.riskPolicy.agent('agent')?.limits as RiskLimits);
            for (const [name, value] of Object.entries(limitsAfter)) {
              expect(value, `${name} never loosens`).toBeLessThanOrEqual(limitsBefore[name] as number);
              expect(value, `${name} within its hard bound`).toBeLessThanOrEqual(
                world.riskPolicy.bounds[name as 'maxGrossExposure'],
              );
              expect(agentAfter[name] as number, `agent ${name} never loosens`).toBeLessThanOrEqual(
                agentBefore[name] as number,
              );
            }
          }
        },
      ),
      { numRuns: 200 },
    );
    for (const type of ['SetParameter', 'ChangeRiskLimits', 'PauseStrategy', 'ResumeStrategy', 'SwitchPreset'])
      expect(
        applied.get(type) ?? 0,
        `the runs applied some ${type} commands, so the property was exercised`,
      ).toBeGreaterThan(10);
  });
});

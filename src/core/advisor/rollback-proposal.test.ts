import { describe, expect, it } from 'vitest';
import type { RiskLimitsChanged } from '../risk/risk-events.ts';
import { DEFAULT_RISK_LIMITS } from '../risk/risk-limits.ts';
import type { RiskPolicyChange } from '../risk/risk-policy.ts';
import { T0, TEST_ADVISOR_POLICY, TestPolicyWorld } from './advisor-test-harness.ts';
import { parseAdvisorProposal } from './parse-advisor-proposal.ts';
import { PolicyGate } from './policy-gate.ts';
import { limitsAtVersion, rollbackProposal } from './rollback-proposal.ts';

/** A world whose account limits went through versions 2 (gross 0.3), 3 (agent), 4 (position 0.04). */
function historyWorld() {
  const world = new TestPolicyWorld();
  const changes: RiskLimitsChanged[] = [];
  const apply = (change: Omit<RiskPolicyChange, 'by' | 'reason'>) => {
    const event = world.riskPolicy.apply({ by: 'alice', reason: 'test', ...change }, T0);
    if (event.type !== 'RiskLimitsChanged') throw new Error(event.violations.join('; '));
    changes.push(event);
  };
  apply({ limits: { maxGrossExposure: 0.3 } });
  apply({ strategyId: 'agent' as never, limits: { maxPositionFraction: 0.01 } });
  apply({ limits: { maxPositionFraction: 0.04 } });
  return { world, changes };
}

describe('limitsAtVersion and rollbackProposal', () => {
  it("replays one scope's changes up to a version", () => {
    const { changes } = historyWorld();
    const history = { initial: DEFAULT_RISK_LIMITS, changes };
    expect(limitsAtVersion(history, 1)).toEqual(DEFAULT_RISK_LIMITS);
    expect(limitsAtVersion(history, 3), 'version 3 changed an agent, not the account').toMatchObject({
      maxGrossExposure: 0.3,
      maxPositionFraction: 0.1,
    });
    expect(
      limitsAtVersion(
        { ...history, initial: { ...DEFAULT_RISK_LIMITS, maxPositionFraction: 0.05 }, strategyId: 'agent' },
        4,
      ),
    ).toMatchObject({ maxPositionFraction: 0.01, maxGrossExposure: 0.5 });
    expect(() => limitsAtVersion(history, 5)).toThrow('version 5 does not exist (1 to 4)');
  });

  it('restores the limits of a version as the next version, through the gate, at once in LIVE', () => {
    const { world, changes } = historyWorld();
    const gate = new PolicyGate({ policy: TEST_ADVISOR_POLICY, approval: { mode: 'LIVE', autoApprove: false } });
    const proposal = rollbackProposal({
      history: { initial: DEFAULT_RISK_LIMITS, changes },
      toVersion: 2,
      by: 'alice',
      reason: 'the cut was too deep',
    });
    expect(proposal.changes[0]?.rationale).toBe(
      'rollback to version 2 by alice: the cut was too deep (maxOrderNotional, maxPositionNotional were off then and stay as they are)',
    );
    const parsed = parseAdvisorProposal(JSON.parse(JSON.stringify(proposal)), { allowRestore: true });
    const [decision] = gate.review({
      proposalId: 'rb',
      entries: parsed.entries,
      by: 'alice',
      byPerson: true,
      now: T0,
      snapshot: world.snapshot(),
    });
    if (decision?.status !== 'applied') throw new Error(`not applied: ${JSON.stringify(decision)}`);
    world.run(decision.command, T0);
    expect(world.riskPolicy.version, 'a rollback is a new version, history stays').toBe(5);
    expect(world.riskPolicy.limits).toEqual(limitsAtVersion({ initial: DEFAULT_RISK_LIMITS, changes }, 2));
    expect(parseAdvisorProposal(JSON.parse(JSON.stringify(proposal))).entries[0]?.valid, 'never from an advisor').toBe(
      false,
    );
  });
});

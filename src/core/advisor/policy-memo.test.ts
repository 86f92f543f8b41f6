import { describe, expect, it } from 'vitest';
import { T0, TEST_ADVISOR_POLICY, TestPolicyWorld } from './advisor-test-harness.ts';
import { parseAdvisorProposal } from './parse-advisor-proposal.ts';
import { PolicyGate } from './policy-gate.ts';
import { memoApproval, memoChanges, memoDecisions, sealMemo, summarizeDecisions } from './policy-memo.ts';

const why = { rationale: 'test', confidence: 'medium' };

describe('memo records of a review and of an approval', () => {
  it('keeps each entry by index: the change or null, and its verdict with reason, pending id or command', () => {
    const world = new TestPolicyWorld();
    const gate = new PolicyGate({ policy: TEST_ADVISOR_POLICY, approval: { mode: 'LIVE', autoApprove: false } });
    const proposal = parseAdvisorProposal({
      changes: [
        { kind: 'pause_strategy', strategy_id: 'ema', ...why },
        { kind: 'submit_order', ...why },
        { kind: 'pause_strategy', strategy_id: 'ghost', ...why },
      ],
    });
    const decisions = gate.review({
      proposalId: 'm1',
      entries: proposal.entries,
      by: 'advisor',
      now: T0,
      snapshot: world.snapshot(),
    });
    expect(memoChanges(proposal)).toEqual([
      { kind: 'pause_strategy', strategy_id: 'ema', ...why },
      null,
      expect.objectContaining({ strategy_id: 'ghost' }),
    ]);
    const recorded = memoDecisions(proposal, decisions);
    expect(recorded).toEqual([
      {
        index: 0,
        kind: 'pause_strategy',
        status: 'pending_approval',
        reason: null,
        pendingId: 'm1.1',
        command: { type: 'PauseStrategy', strategyId: 'ema', by: 'advisor' },
      },
      {
        index: 1,
        kind: 'submit_order',
        status: 'rejected',
        reason: expect.stringContaining('unknown kind'),
        pendingId: null,
        command: null,
      },
      {
        index: 2,
        kind: 'pause_strategy',
        status: 'rejected',
        reason: 'unknown strategy ghost',
        pendingId: null,
        command: null,
      },
    ]);
    expect(summarizeDecisions(recorded)).toBe('applied 0, pending 1, rejected 2');
    const outcome = gate.approve('m1.1', { by: 'alice', now: T0 + 1, snapshot: world.snapshot() });
    expect(memoApproval(outcome, 'pause_strategy')).toEqual({
      index: 0,
      kind: 'pause_strategy',
      status: 'applied',
      reason: null,
      pendingId: 'm1.1',
      command: { type: 'PauseStrategy', strategyId: 'ema', by: 'advisor' },
    });
    const memo = sealMemo(
      {
        id: 'm2',
        kind: 'approval',
        time: T0 + 1,
        mode: 'LIVE',
        advisor: 'alice',
        provider: null,
        model: null,
        inputsDigest: '',
        prompt: '',
        rawOutput: '',
        error: null,
        changes: [],
        decisions: [memoApproval(outcome, 'pause_strategy')],
        approvedBy: 'alice',
        outcome: 'applied',
      },
      undefined,
      (text) => `h${text.length}`,
    );
    expect(Object.isFrozen(memo), 'a sealed memo cannot be edited in memory').toBe(true);
    expect(memo).toMatchObject({ sequence: 1, previousHash: '0'.repeat(64) });
  });
});

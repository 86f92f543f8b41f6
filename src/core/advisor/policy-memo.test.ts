import { describe, expect, it } from 'vitest';
import { T0, TEST_ADVISOR_POLICY, TestPolicyWorld } from './advisor-test-harness.ts';
import { parseAdvisorProposal } from './parse-advisor-proposal.ts';
import { PolicyGate } from './policy-gate.ts';
import {
  adviceMemoContent,
  approvalMemoContent,
  memoApproval,
  memoChanges,
  memoDecisions,
  sealMemo,
  summarizeDecisions,
} from './policy-memo.ts';

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
    const content = approvalMemoContent({ id: 'm2', time: T0 + 1, mode: 'LIVE', by: 'alice', outcome, change: null });
    expect(content, 'the approver is named, the outcome says what happened').toMatchObject({
      kind: 'approval',
      advisor: 'alice',
      approvedBy: 'alice',
      outcome: 'm1.1 applied by alice',
      decisions: [memoApproval(outcome, null)],
    });
    const refused = gate.approve('nope', { by: 'bob', now: T0 + 2, snapshot: world.snapshot() });
    expect(
      approvalMemoContent({ id: 'm3', time: T0 + 2, mode: 'LIVE', by: 'bob', outcome: refused, change: null }),
      'an attempt that changed nothing names no approver',
    ).toMatchObject({ approvedBy: null, outcome: 'nope not_found (bob): no pending change nope' });
    const memo = sealMemo(content, undefined, (text) => `h${text.length}`);
    expect(Object.isFrozen(memo), 'a sealed memo cannot be edited in memory').toBe(true);
    expect(memo).toMatchObject({ sequence: 1, previousHash: '0'.repeat(64) });
  });

  it('makes an advice memo whose outcome says no change when the advisor failed or its output was unusable', () => {
    const world = new TestPolicyWorld();
    const gate = new PolicyGate({ policy: TEST_ADVISOR_POLICY, approval: { mode: 'SIM', autoApprove: true } });
    const meta = { id: 'a1', time: T0, mode: 'SIM', advisor: 'llm', inputsDigest: 'd', prompt: 'p' } as const;
    const junk = parseAdvisorProposal('not json');
    const failed = adviceMemoContent({ ...meta, rawOutput: 'not json', proposal: junk, decisions: [] });
    expect(failed).toMatchObject({
      error: junk.error,
      outcome: `no change: ${junk.error}`,
      provider: null,
      changes: [],
    });
    const timeout = adviceMemoContent({
      ...meta,
      rawOutput: '',
      proposal: { entries: [] },
      decisions: [],
      error: 'timed out after 30000 ms',
    });
    expect(timeout.outcome).toBe('no change: timed out after 30000 ms');
    const proposal = parseAdvisorProposal({ changes: [{ kind: 'pause_strategy', strategy_id: 'ema', ...why }] });
    const decisions = gate.review({
      proposalId: 'a2',
      entries: proposal.entries,
      by: 'llm',
      now: T0,
      snapshot: world.snapshot(),
    });
    const memo = adviceMemoContent({
      ...meta,
      provider: 'llama_cpp',
      model: 'tiny',
      rawOutput: '{}',
      proposal,
      decisions,
    });
    expect(memo).toMatchObject({
      kind: 'advice',
      error: null,
      outcome: 'applied 1, pending 0, rejected 0',
      model: 'tiny',
    });
  });

  it('expires pending changes past their window so that the list shows only approvable ones', () => {
    const world = new TestPolicyWorld();
    const gate = new PolicyGate({
      policy: TEST_ADVISOR_POLICY,
      approval: { mode: 'LIVE', autoApprove: false },
      pendingTtlMillis: 1000,
    });
    const entries = parseAdvisorProposal({ changes: [{ kind: 'pause_strategy', strategy_id: 'ema', ...why }] }).entries;
    gate.review({ proposalId: 'e1', entries, by: 'llm', now: T0, snapshot: world.snapshot() });
    gate.review({ proposalId: 'e2', entries, by: 'llm', now: T0 + 500, snapshot: world.snapshot() });
    expect(gate.expire(T0 + 1000), 'the window includes its last millisecond').toEqual([]);
    expect(gate.expire(T0 + 1001).map((p) => p.pendingId)).toEqual(['e1.1']);
    expect(gate.pending().map((p) => p.pendingId)).toEqual(['e2.1']);
  });
});

import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { advise, RULE_BASED_ADVISOR } from './advise.ts';
import { type AdvisorConfig, parseAdvisorConfig } from './advisor-config.ts';
import { advisorTestRun, testInputs, testMetrics } from './advisor-test-run.ts';
import { MemoLog } from './memo-log.ts';
import { approvePending, rejectPending, rollbackPolicy } from './policy-actions.ts';
import { PolicyWorkspace } from './policy-workspace.ts';
import { runDirBaseline } from './run-baseline.ts';

const NOW = Date.UTC(2026, 10, 21, 9, 30);

/** The advisor of a run as a fresh process sees it: the chain read back from disk, the policy recomputed. */
async function open(dir: string, config: AdvisorConfig) {
  const log = MemoLog.open(join(dir, 'logs'));
  const workspace = new PolicyWorkspace(await runDirBaseline(dir), config, log.lines);
  return { log, workspace };
}

const losing = testMetrics({ sharpe: -9.9, trades: 279, drawdown: 0.05 });
const drawdown = testMetrics({ drawdown: 0.13 });

describe('advice through the gate onto the policy, recomputed from the memo chain', () => {
  it('applies a rule-based pause in SIM with auto-approval, seals it, and a fresh open sees the pause', async () => {
    const dir = advisorTestRun();
    const config = parseAdvisorConfig({}, 'test');
    const { log, workspace } = await open(dir, config);
    const { memo } = await advise({ inputs: testInputs([losing]), log, workspace, config, now: NOW });
    expect(memo.advisor).toBe(RULE_BASED_ADVISOR);
    expect(
      memo.decisions.map((d) => [d.kind, d.status]),
      memo.outcome,
    ).toEqual([['pause_strategy', 'applied']]);
    expect(memo.changes[0]?.rationale, 'the rationale names the Sharpe').toContain('-9.90');
    expect(memo.sequence).toBe(1);

    const again = await open(dir, config);
    expect(again.log.verify()).toMatchObject({ ok: true, count: 1, headHash: memo.hash });
    expect(again.workspace.strategies.get('ema_cross')?.pausedBy, 'recomputed from the chain').toBe(RULE_BASED_ADVISOR);
    const files = readdirSync(join(dir, 'logs', 'llm_decisions'));
    expect(files, 'one day file, named by the memo’s UTC day').toEqual(['2026-11-21.jsonl']);
  });

  it('cuts the account limits by the configured fraction, as version 2 of the risk policy', async () => {
    const dir = advisorTestRun();
    const config = parseAdvisorConfig({ thresholds: { reduce_fraction: 0.5 } }, 'test');
    const { log, workspace } = await open(dir, config);
    const before = workspace.riskPolicy.limits;
    await advise({ inputs: testInputs([drawdown]), log, workspace, config, now: NOW });
    const { workspace: after } = await open(dir, config);
    expect(after.riskPolicy.version).toBe(2);
    expect(after.riskPolicy.limits.maxPositionFraction).toBeCloseTo(before.maxPositionFraction * 0.5, 12);
    expect(after.riskPolicy.limits.maxGrossExposure).toBeCloseTo(before.maxGrossExposure * 0.5, 12);
  });

  it('waits for a person when auto-approval is off; the proposer cannot approve, another person can', async () => {
    const dir = advisorTestRun();
    const config = parseAdvisorConfig({ auto_approve: false }, 'test');
    let { log, workspace } = await open(dir, config);
    const { memo } = await advise({ inputs: testInputs([losing]), log, workspace, config, now: NOW });
    const pendingId = memo.decisions[0]?.pendingId;
    expect(pendingId).toBe('m1.1');
    ({ log, workspace } = await open(dir, config));
    expect(workspace.pendingChanges().map((p) => p.pendingId)).toEqual(['m1.1']);
    expect(workspace.strategies.get('ema_cross')?.pausedBy, 'nothing applied yet').toBeUndefined();

    const act = { log, workspace, runId: 'run-1', now: NOW + 60_000 };
    const self = await approvePending({ ...act, by: RULE_BASED_ADVISOR }, 'm1.1');
    expect(self.outcome.status).toBe('not_allowed');
    expect(self.memo?.approvedBy, 'a refused attempt is memoed, with no approver').toBeNull();
    expect(
      (await approvePending({ ...act, by: 'alice' }, 'nope')).memo,
      'an unknown id writes no memo',
    ).toBeUndefined();
    const approved = await approvePending({ ...act, by: 'alice' }, 'm1.1');
    expect(approved.outcome.status).toBe('applied');
    expect(approved.memo?.approvedBy).toBe('alice');

    const reopened = await open(dir, config);
    expect(reopened.workspace.pendingChanges()).toEqual([]);
    expect(reopened.workspace.strategies.get('ema_cross')?.pausedBy).toBe(RULE_BASED_ADVISOR);
    expect(reopened.log.verify()).toMatchObject({ ok: true, count: 3 });
  });

  it('a rejected pending change never applies, and an expired one is refused on approval', async () => {
    const dir = advisorTestRun();
    const config = parseAdvisorConfig({ auto_approve: false, pending_ttl_hours: 1 }, 'test');
    let { log, workspace } = await open(dir, config);
    // An account cut (m1.1, from the other strategy's drawdown) and a pause of ema_cross (m1.2).
    const inputs = testInputs([losing, testMetrics({ strategyId: 'other', drawdown: 0.13 })]);
    const { memo } = await advise({ inputs, log, workspace, config, now: NOW });
    expect(memo.decisions.map((d) => [d.kind, d.status])).toEqual([
      ['reduce_risk', 'pending_approval'],
      ['pause_strategy', 'pending_approval'],
    ]);
    ({ log, workspace } = await open(dir, config));
    const rejected = await rejectPending({ log, workspace, runId: 'run-1', by: 'bob', now: NOW }, 'm1.1', 'not now');
    expect(rejected.outcome.status).toBe('rejected');
    ({ log, workspace } = await open(dir, config));
    const late = await approvePending({ log, workspace, runId: 'run-1', by: 'bob', now: NOW + 2 * 3_600_000 }, 'm1.2');
    expect(late.outcome.status).toBe('rejected');
    const final = await open(dir, config);
    expect(final.workspace.strategies.get('ema_cross')?.pausedBy).toBeUndefined();
    expect(final.workspace.riskPolicy.version, 'the rejected cut never applied').toBe(1);
    expect(final.workspace.pendingChanges()).toEqual([]);
  });

  it('rolls back to version 1 as version 4, and a fresh open agrees', async () => {
    const dir = advisorTestRun();
    const config = parseAdvisorConfig({}, 'test');
    let { log, workspace } = await open(dir, config);
    const initial = workspace.riskPolicy.limits;
    await advise({ inputs: testInputs([drawdown]), log, workspace, config, now: NOW });
    await advise({ inputs: testInputs([drawdown]), log, workspace, config, now: NOW + 1000 });
    expect(workspace.riskPolicy.version).toBe(3);
    ({ log, workspace } = await open(dir, config));
    const memo = await rollbackPolicy({ log, workspace, runId: 'run-1', by: 'carol', now: NOW + 2000 }, 1, 'drill');
    expect([memo.kind, memo.advisor, memo.approvedBy], 'the person is the proposer and the approval').toEqual([
      'rollback',
      'carol',
      'carol',
    ]);
    expect(memo.decisions.map((d) => d.status)).toEqual(['applied']);
    const final = await open(dir, config);
    expect(final.workspace.riskPolicy.version).toBe(4);
    expect(final.workspace.riskPolicy.limits.maxPositionFraction).toBe(initial.maxPositionFraction);
    expect(final.workspace.riskPolicy.limits.maxGrossExposure).toBe(initial.maxGrossExposure);
  });

  it('refuses to append after a tampered memo, naming where the chain breaks', async () => {
    const dir = advisorTestRun();
    const config = parseAdvisorConfig({}, 'test');
    const { log, workspace } = await open(dir, config);
    await advise({ inputs: testInputs([losing]), log, workspace, config, now: NOW });
    const file = join(dir, 'logs', 'llm_decisions', '2026-11-21.jsonl');
    writeFileSync(file, readFileSync(file, 'utf8').replace('"outcome":"applied 1', '"outcome":"applied 9'));
    const tampered = MemoLog.open(join(dir, 'logs'));
    expect(tampered.verify()).toMatchObject({ ok: false, index: 0, reason: 'edited' });
    const fresh = new PolicyWorkspace(await runDirBaseline(dir), config, tampered.lines);
    await expect(
      advise({ inputs: testInputs([losing]), log: tampered, workspace: fresh, config, now: NOW }),
    ).rejects.toThrow(/memo chain .* is broken/);
  });
});

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openSqliteTradingStore } from '../../adapters/stores/index.ts';
import { advise } from './advise.ts';
import { parseAdvisorConfig } from './advisor-config.ts';
import { advisorTestRun, testInputs, testMetrics } from './advisor-test-run.ts';
import { MemoLog } from './memo-log.ts';
import { adviceRunId, MemoMirrorError, MemoStoreMirror } from './memo-store-mirror.ts';
import { PolicyWorkspace } from './policy-workspace.ts';
import { runDirBaseline } from './run-baseline.ts';

const NOW = Date.UTC(2026, 10, 21, 9, 30);
const config = parseAdvisorConfig({}, 'test');

async function adviseTwice(dir: string, mirror?: MemoStoreMirror) {
  for (const [n, drawdown] of [0.13, 0.3].entries()) {
    const log = MemoLog.open(join(dir, 'logs'));
    if (mirror !== undefined) log.mirrorTo(mirror);
    const workspace = new PolicyWorkspace(await runDirBaseline(dir), config, log.lines);
    await advise({ inputs: testInputs([testMetrics({ drawdown })]), log, workspace, config, now: NOW + n });
  }
}

describe('the memo chain’s copy in the operational store', () => {
  it('holds every memo under advice-<run>, catches up after a crash before the copy, and refuses a truncated file', async () => {
    const dir = advisorTestRun();
    const store = await openSqliteTradingStore({ path: join(dir, 'state.db'), synchronous: 'FULL' });
    try {
      const open = () => MemoStoreMirror.open(store, { runId: 'run-1', mode: 'SIM', configText: 'x', now: NOW });
      await adviseTwice(dir, await open());
      const memos = MemoLog.open(join(dir, 'logs')).memos;
      const rows = await store.llmDecisions(adviceRunId('run-1'));
      expect(rows.map((r) => [r.decisionId, r.outcome])).toEqual(memos.map((m) => [m.id, m.outcome]));
      expect(
        rows.map((r) => JSON.parse(r.payload).hash),
        'payloads keep the sealed memo',
      ).toEqual(memos.map((m) => m.hash));
      const mirror = await open();
      expect((await store.run(adviceRunId('run-1')))?.status, 'open while a command runs').toBe('running');
      await mirror.finish(NOW + 5);
      expect((await store.run(adviceRunId('run-1')))?.status, 'stopped when it ends').toBe('stopped');

      // A memo written to the files but not to the store (a crash in between) is copied at the next open.
      await adviseTwice(dir);
      const lines = MemoLog.open(join(dir, 'logs')).lines;
      expect(await (await open()).catchUp(lines)).toBe(2);
      expect((await store.llmDecisions(adviceRunId('run-1'))).length).toBe(4);

      // Files cut short of what the store holds: refused, naming the memo.
      const file = join(dir, 'logs', 'llm_decisions', '2026-11-21.jsonl');
      const kept = readFileSync(file, 'utf8').split('\n').slice(0, 3).join('\n');
      writeFileSync(file, `${kept}\n`);
      const cut = MemoLog.open(join(dir, 'logs'));
      expect(cut.verify().ok, 'the shorter file chain is valid on its own').toBe(true);
      await expect((await open()).catchUp(cut.lines)).rejects.toThrow(MemoMirrorError);
      await expect((await open()).catchUp(cut.lines)).rejects.toThrow(/holds memo #4 .* the files were truncated/);
    } finally {
      await store.close();
    }
  });
});

import { join } from 'node:path';
import type { Command } from 'commander';
import { type PolicyMemo, verifyMemoChain } from '../../core/advisor/index.ts';
import type { TradingStore } from '../../core/persistence/index.ts';
import { MemoLog, sha256 } from '../../runtime/advisor/memo-log.ts';
import { adviceRunId, storeDifference, storedMemos } from '../../runtime/advisor/memo-store-mirror.ts';
import { findRunDir } from '../../runtime/advisor/run-advisor.ts';
import { isStoreInputError, openExistingStore } from '../../runtime/store/index.ts';
import { EXIT_AUDIT_BROKEN } from './policy.ts';
import { type StoreFlags, storeLocation, storeOptions } from './runs.ts';

interface AuditFlags extends StoreFlags {
  run?: string;
  logs?: string;
}

/** `tradewind audit verify`: checks each run's memo hash chain, and its copy in the store, naming the first broken link. */
export function registerAuditCommand(program: Command): void {
  const audit = program.command('audit').description('check the audit trail of the advisor’s decisions');
  storeOptions(
    audit
      .command('verify')
      .description(
        'verify the hash chain of logs/llm_decisions/*.jsonl and its copy in the store: exit 0 when intact, 3 at the first broken link',
      )
      .option(
        '--run <dir|id>',
        'a backtest run directory (its logs/ folder), a run id under runs/, or a stored run’s id',
      )
      .option(
        '--logs <dir>',
        'the logs folder holding llm_decisions/ (default logs): every run in it, or the stored --run’s lines',
      ),
  ).action(async (flags: AuditFlags) => {
    // A backtest run directory keeps its memos in <run>/logs; a stored run's are its lines in the logs folder.
    const dir = flags.run === undefined ? undefined : findRunDir(flags.run);
    const logsDir = dir !== undefined ? join(dir, 'logs') : (flags.logs ?? 'logs');
    let log: MemoLog;
    try {
      log = MemoLog.open(logsDir, dir === undefined ? flags.run : undefined);
    } catch (error) {
      return broken((error as Error).message);
    }
    const runs = [...new Set(log.lines.map((line) => line.run_id))];
    if (runs.length === 0) {
      process.stdout.write(`no memos in ${join(logsDir, 'llm_decisions')}\n`);
      return;
    }
    let store: Awaited<ReturnType<typeof openExistingStore>> | undefined;
    try {
      store = await openExistingStore(storeLocation(flags));
    } catch (error) {
      if (!isStoreInputError(error)) throw error;
      process.stdout.write(`store: not checked (${(error as Error).message})\n`);
    }
    try {
      for (const runId of runs) if (!(await verifyRun(log, runId, store))) return;
    } finally {
      await store?.store.close();
    }
  });
}

function broken(message: string): void {
  process.stderr.write(`broken: ${message}\n`);
  process.exitCode = EXIT_AUDIT_BROKEN;
}

/** One run's chain in the files, then in the store; false (and exit 3) at the first broken link. */
async function verifyRun(
  log: MemoLog,
  runId: string,
  opened: { store: TradingStore; where: string } | undefined,
): Promise<boolean> {
  const indexes = log.lines.flatMap((line, index) => (line.run_id === runId ? [index] : []));
  const memos = indexes.map((index) => log.lines[index]?.memo as PolicyMemo);
  const verdict = verifyMemoChain(memos, sha256);
  if (!verdict.ok) {
    broken(
      `${log.locations[indexes[verdict.index] ?? -1] ?? `the end of run ${runId}'s memos`} (${verdict.reason}): ${verdict.detail}`,
    );
    return false;
  }
  process.stdout.write(`${runId}: files ok, ${verdict.count} memos, head ${verdict.headHash}\n`);
  if (opened === undefined) return true;
  const stored = await storedMemos(opened.store, adviceRunId(runId));
  if (stored.length === 0) {
    process.stdout.write(`${runId}: the store (${opened.where}) holds none of its memos (advised with --no-store?)\n`);
    return true;
  }
  const inStore = verifyMemoChain(stored, sha256);
  if (!inStore.ok) {
    broken(`the store's copy (${opened.where}) of run ${runId}, memo ${inStore.index}: ${inStore.detail}`);
    return false;
  }
  const difference = storeDifference(stored, memos);
  if (difference !== undefined) {
    broken(`run ${runId}, the files against the store (${opened.where}): ${difference}`);
    return false;
  }
  const behind = memos.length - stored.length;
  process.stdout.write(
    `${runId}: store ok, ${opened.where} holds the same ${stored.length} memos${behind === 0 ? '' : `; ${behind} newer are not copied yet (the next advise or policy command copies them)`}\n`,
  );
  return true;
}

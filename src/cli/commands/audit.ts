import { join } from 'node:path';
import type { Command } from 'commander';
import { verifyMemoChain } from '../../core/advisor/index.ts';
import { MemoLog, sha256 } from '../../runtime/advisor/memo-log.ts';
import { adviceRunId } from '../../runtime/advisor/memo-store-mirror.ts';
import { resolveRunDir } from '../../runtime/advisor/run-advisor.ts';
import { isStoreInputError, openExistingStore } from '../../runtime/store/index.ts';
import { EXIT_AUDIT_BROKEN } from './policy.ts';
import { type StoreFlags, storeLocation, storeOptions } from './runs.ts';

interface AuditFlags extends StoreFlags {
  run?: string;
  logs?: string;
}

/** `tradewind audit verify`: checks the memo hash chain and names the first broken link. */
export function registerAuditCommand(program: Command): void {
  const audit = program.command('audit').description('check the audit trail of the advisor’s decisions');
  storeOptions(
    audit
      .command('verify')
      .description(
        'verify the hash chain of logs/llm_decisions/*.jsonl and its copy in the store: exit 0 when intact, 3 at the first broken link',
      )
      .option('--run <dir|id>', 'a backtest run directory (its logs/ folder), or a run id under runs/')
      .option('--logs <dir>', 'a logs folder holding llm_decisions/ (default logs)'),
  ).action(async (flags: AuditFlags) => {
    const logsDir = flags.run !== undefined ? join(resolveRunDir(flags.run), 'logs') : (flags.logs ?? 'logs');
    const broken = (message: string): void => {
      process.stderr.write(`broken: ${message}\n`);
      process.exitCode = EXIT_AUDIT_BROKEN;
    };
    let log: MemoLog;
    try {
      log = MemoLog.open(logsDir);
    } catch (error) {
      return broken((error as Error).message);
    }
    const verdict = log.verify();
    if (!verdict.ok)
      return broken(
        `${log.locations[verdict.index] ?? `the end of ${logsDir}`} (${verdict.reason}): ${verdict.detail}`,
      );
    process.stdout.write(`files ok: ${verdict.count} memos, head ${verdict.headHash}\n`);
    const runId = log.lines[0]?.run_id;
    if (runId === undefined) return;
    let opened: Awaited<ReturnType<typeof openExistingStore>>;
    try {
      opened = await openExistingStore(storeLocation(flags));
    } catch (error) {
      if (!isStoreInputError(error)) throw error;
      process.stdout.write(`store: not checked (${(error as Error).message})\n`);
      return;
    }
    try {
      const stored = (await opened.store.llmDecisions(adviceRunId(runId))).map((row) => JSON.parse(row.payload));
      if (stored.length === 0) {
        process.stdout.write(`store: ${opened.where} holds no memos of ${runId} (advised with --no-store?)\n`);
        return;
      }
      const inStore = verifyMemoChain(stored, sha256);
      if (!inStore.ok) return broken(`the store's copy (${opened.where}), memo ${inStore.index}: ${inStore.detail}`);
      if (stored.length > log.lines.length)
        return broken(
          `the store holds ${stored.length} memos of ${runId}, the files ${log.lines.length}: memos were removed from the end of the files`,
        );
      const last = stored.at(-1);
      const prefix = verifyMemoChain(log.memos.slice(0, stored.length), sha256, {
        expectedHead: { sequence: last.sequence, hash: last.hash },
      });
      if (!prefix.ok) return broken(`the files disagree with the store (${opened.where}): ${prefix.detail}`);
      const behind = log.lines.length - stored.length;
      process.stdout.write(
        `store ok: ${opened.where} holds the same ${stored.length} memos${behind === 0 ? '' : `; ${behind} newer memos are not copied yet (the next advise or policy command copies them)`}\n`,
      );
    } finally {
      await opened.store.close();
    }
  });
}

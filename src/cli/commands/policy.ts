import type { Command } from 'commander';
import { formatMemo, formatPending, formatPolicy } from '../../runtime/advisor/format-advice.ts';
import { approvePending, type PersonAct, rejectPending, rollbackPolicy } from '../../runtime/advisor/policy-actions.ts';
import {
  AuditChainError,
  findRunDir,
  type MemoStoreOption,
  openRunAdvisor,
  type RunAdvisor,
} from '../../runtime/advisor/run-advisor.ts';

/** Exit code of a broken memo chain: nothing is decided on a tampered audit trail. */
export const EXIT_AUDIT_BROKEN = 3;

/** Runs an advisor command: a broken chain exits 3 with its first bad link; other errors propagate. */
export async function reportingAdvisorErrors(body: () => Promise<void>): Promise<void> {
  try {
    await body();
  } catch (error) {
    if (!(error instanceof AuditChainError)) throw error;
    process.stderr.write(`error: ${error.message}\n`);
    process.exitCode = EXIT_AUDIT_BROKEN;
  }
}

export interface RunFlags {
  run: string;
  llm?: string;
  store?: boolean;
  sqlite?: string;
  pgSchema?: string;
  logs?: string;
}

/** Where the memos are copied: the store the flags name, or nowhere with --no-store. */
export function memoStore(flags: RunFlags): MemoStoreOption {
  return flags.store === false ? false : { sqlitePath: flags.sqlite, postgresSchema: flags.pgSchema };
}
interface PersonFlags extends RunFlags {
  by: string;
  reason?: string;
}

/** The flags of every command that reads a run's advisor and may write memos. */
export const runOptions = (command: Command): Command =>
  command
    .requiredOption('--run <dir|id>', 'a backtest run directory, or a run id under runs/')
    .option(
      '--llm <llm.policy.yaml>',
      'advisor config: model tiers, budget, bounds, approval (default: no model, rule-based)',
    )
    .option(
      '--sqlite <path>',
      'store the memos are copied to (default state/tradewind.db); DATABASE_URL set means PostgreSQL',
    )
    .option('--pg-schema <name>', 'PostgreSQL schema, with DATABASE_URL (default public)')
    .option('--no-store', 'keep the memos in <run>/logs/llm_decisions only (a backtest run directory)')
    .option('--logs <dir>', 'logs folder of a stored run’s memos, <dir>/llm_decisions/ (default logs)');

async function personAct(advisor: RunAdvisor, by: string): Promise<PersonAct> {
  const states = Object.fromEntries((await advisor.inputs()).metrics.map((m) => [m.strategyId, m.state]));
  return { log: advisor.log, workspace: advisor.workspace, runId: advisor.runId, by, now: Date.now(), states };
}

function printOutcome(advisor: RunAdvisor, memo: Parameters<typeof formatMemo>[0]): void {
  process.stdout.write(`${formatMemo(memo)}\n\npolicy in force:\n${formatPolicy(advisor.workspace)}\n`);
  if (memo.decisions.every((d) => d.status !== 'applied')) process.exitCode = 2;
}

/** `tradewind policy list | approve <id> | reject <id> | rollback <version>`: a person’s side of the policy gate. */
export function registerPolicyCommand(program: Command): void {
  const policy = program
    .command('policy')
    .description('the policy in force and the changes waiting for a person: list, approve, reject, rollback');
  runOptions(policy.command('list').description('the policy in force and the pending changes')).action(
    (flags: RunFlags) =>
      reportingAdvisorErrors(async () => {
        const advisor = await openRunAdvisor(
          flags.run,
          flags.llm,
          findRunDir(flags.run) === undefined ? memoStore(flags) : false,
          flags.logs,
        );
        process.stdout.write(
          `${formatPolicy(advisor.workspace)}\n\npending:\n${formatPending(advisor.workspace.pendingChanges(), Date.now())}\n`,
        );
      }),
  );
  runOptions(
    policy
      .command('approve <id>')
      .description('approve a pending change: judged again against the policy now, applied if it still passes')
      .requiredOption('--by <name>', 'who approves (not the proposer)'),
  ).action((id: string, flags: PersonFlags) =>
    reportingAdvisorErrors(async () => {
      const advisor = await openRunAdvisor(flags.run, flags.llm, memoStore(flags), flags.logs);
      const result = await approvePending(await personAct(advisor, flags.by), id).finally(advisor.close);
      if (result.memo === undefined)
        return refuse(`no pending change ${id} (tradewind policy list --run ${flags.run})`);
      printOutcome(advisor, result.memo);
    }),
  );
  runOptions(
    policy
      .command('reject <id>')
      .description('refuse a pending change')
      .requiredOption('--by <name>', 'who rejects')
      .requiredOption('--reason <text>', 'why, for the audit trail'),
  ).action((id: string, flags: PersonFlags) =>
    reportingAdvisorErrors(async () => {
      const advisor = await openRunAdvisor(flags.run, flags.llm, memoStore(flags), flags.logs);
      const result = await rejectPending(await personAct(advisor, flags.by), id, flags.reason ?? '').finally(
        advisor.close,
      );
      if (result.memo === undefined)
        return refuse(`no pending change ${id} (tradewind policy list --run ${flags.run})`);
      process.stdout.write(`${formatMemo(result.memo)}\n`);
    }),
  );
  runOptions(
    policy
      .command('rollback <version>')
      .description('make the account limits of an earlier policy version the next version (within the hard bounds)')
      .requiredOption('--by <name>', 'who rolls back')
      .requiredOption('--reason <text>', 'why, for the audit trail'),
  ).action((version: string, flags: PersonFlags) =>
    reportingAdvisorErrors(async () => {
      const advisor = await openRunAdvisor(flags.run, flags.llm, memoStore(flags), flags.logs);
      const to = Number(version);
      const last = advisor.workspace.riskPolicy.version;
      try {
        if (!Number.isInteger(to) || to < 1 || to >= last)
          return refuse(`rollback ${version}: give an earlier version, 1 to ${last - 1} (version ${last} is in force)`);
        printOutcome(advisor, await rollbackPolicy(await personAct(advisor, flags.by), to, flags.reason ?? ''));
      } finally {
        await advisor.close();
      }
    }),
  );
}

function refuse(message: string): void {
  process.stderr.write(`error: ${message}\n`);
  process.exitCode = 2;
}

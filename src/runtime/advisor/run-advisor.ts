import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { openTradingStore } from '../../adapters/stores/index.ts';
import type { LanguageModelClient } from '../../core/advisor/index.ts';
import { ConfigError } from '../config/load-backtest-config.ts';
import { tableBudget } from './advise.ts';
import { type AdvisorConfig, loadAdvisorConfig, tierClient } from './advisor-config.ts';
import { type AdvisorInputs, runDirAdvisorInputs } from './inputs/index.ts';
import { MemoLog } from './memo-log.ts';
import { MemoMirrorError, MemoStoreMirror } from './memo-store-mirror.ts';
import { PolicyWorkspace } from './policy-workspace.ts';
import { runDirBaseline } from './run-baseline.ts';

/** A broken memo chain: the policy cannot be recomputed from it, so nothing is decided (exit 3). */
export class AuditChainError extends Error {
  override readonly name = 'AuditChainError';
}

/** The advisor of one backtest run directory: its config, memo chain, policy in force and tables. */
export interface RunAdvisor {
  readonly dir: string;
  readonly runId: string;
  readonly config: AdvisorConfig;
  readonly log: MemoLog;
  readonly workspace: PolicyWorkspace;
  /** The compact tables now, with the policy in force; sized for `model` when given. */
  inputs(model?: LanguageModelClient): Promise<AdvisorInputs>;
  /** The tier-3 model of the config, or undefined (the rule-based advisor). */
  decisionModel(env?: Readonly<Record<string, string | undefined>>): LanguageModelClient | undefined;
  /** Closes the store copy, if one is open. */
  close(): Promise<void>;
}

/** Where the memos are copied: the operational store (default `state/tradewind.db`, or `DATABASE_URL`), or nowhere. */
export type MemoStoreOption = { readonly sqlitePath?: string; readonly postgresSchema?: string } | false;

/** `--run` as a directory: the path itself, else `runs/<id>`; exit 2 naming both when neither is a run. */
export function resolveRunDir(run: string): string {
  for (const candidate of [run, join('runs', run)]) {
    if (existsSync(join(candidate, 'summary.json')) && statSync(candidate).isDirectory()) return resolve(candidate);
  }
  throw new ConfigError(`--run ${run}: neither ${run} nor runs/${run} is a run directory (no summary.json)`);
}

/**
 * Opens the advisor of a run directory: the advisor config (`--llm`, else every default), the memo
 * chain in `<run>/logs/llm_decisions/` (verified: a broken chain throws {@link AuditChainError}),
 * and the policy in force recomputed from the run's configuration and the chain. With a store,
 * the chain is also kept in its `llm_decisions` under the run `advice-<run id>`: brought level
 * with the files at open (a store that holds more, or other, memos is a broken chain), then copied
 * memo by memo.
 */
export async function openRunAdvisor(
  run: string,
  llmConfigPath?: string,
  storeOption: MemoStoreOption = false,
): Promise<RunAdvisor> {
  const dir = resolveRunDir(run);
  const config = await loadAdvisorConfig(llmConfigPath);
  const log = MemoLog.open(join(dir, 'logs'));
  const verdict = log.verify();
  if (!verdict.ok)
    throw new AuditChainError(
      `the memo chain of ${dir} is broken at ${log.locations[verdict.index] ?? 'its end'}: ${verdict.detail} (tradewind audit verify --run ${run})`,
    );
  const baseline = await runDirBaseline(dir);
  const workspace = new PolicyWorkspace(baseline, config, log.lines);
  let mirror: MemoStoreMirror | undefined;
  if (storeOption !== false) {
    const store = await openTradingStore({
      ...(storeOption.sqlitePath === undefined ? {} : { sqlitePath: storeOption.sqlitePath }),
      ...(storeOption.postgresSchema === undefined ? {} : { postgresSchema: storeOption.postgresSchema }),
    });
    try {
      const configText = readFileSync(join(dir, 'config.yaml'), 'utf8');
      mirror = await MemoStoreMirror.open(store, {
        runId: baseline.runId,
        mode: baseline.mode,
        configText,
        now: Date.now(),
      });
      await mirror.catchUp(log.lines);
    } catch (error) {
      await store.close();
      if (error instanceof MemoMirrorError)
        throw new AuditChainError(`${dir}: ${error.message} (tradewind audit verify --run ${run})`);
      throw error;
    }
    log.mirrorTo(mirror);
  }
  return {
    dir,
    runId: baseline.runId,
    config,
    log,
    workspace,
    inputs: async (model) =>
      runDirAdvisorInputs(dir, {
        windowDays: config.window_days,
        budget: tableBudget(config, model),
        policy: workspace.view(),
      }),
    decisionModel: (env = process.env) => tierClient(config, 3, env),
    close: async () => mirror?.close(),
  };
}

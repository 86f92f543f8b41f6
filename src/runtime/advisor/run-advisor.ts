import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { openTradingStore } from '../../adapters/stores/index.ts';
import type { LanguageModelClient } from '../../core/advisor/index.ts';
import type { TradingStore } from '../../core/persistence/index.ts';
import { ConfigError } from '../config/load-backtest-config.ts';
import { tableBudget } from './advise.ts';
import { type AdvisorConfig, loadAdvisorConfig, tierClient } from './advisor-config.ts';
import {
  type AdvisorInputs,
  type AdvisorInputsOptions,
  runDirAdvisorInputs,
  storeAdvisorInputs,
} from './inputs/index.ts';
import { MemoLog, MemoLogError } from './memo-log.ts';
import { MemoMirrorError, MemoStoreMirror } from './memo-store-mirror.ts';
import type { PolicyBaseline } from './policy-workspace.ts';
import { PolicyWorkspace } from './policy-workspace.ts';
import { runDirBaseline, storedRunBaseline } from './run-baseline.ts';

/** A broken memo chain: the policy cannot be recomputed from it, so nothing is decided (exit 3). */
export class AuditChainError extends Error {
  override readonly name = 'AuditChainError';
}

/** The advisor of one run: its config, memo chain, policy in force and tables. */
export interface RunAdvisor {
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

/** `--run` as a directory: the path itself, else `runs/<id>`; undefined when neither is a run directory. */
export function findRunDir(run: string): string | undefined {
  for (const candidate of [run, join('runs', run)])
    if (existsSync(join(candidate, 'summary.json')) && statSync(candidate).isDirectory()) return resolve(candidate);
  return undefined;
}

/** `--run` as a directory; exit 2 naming both places when neither is a run. */
export function resolveRunDir(run: string): string {
  const dir = findRunDir(run);
  if (dir === undefined)
    throw new ConfigError(`--run ${run}: neither ${run} nor runs/${run} is a run directory (no summary.json)`);
  return dir;
}

/** Where the memos of a run live and how its tables are read. */
interface AdvisorSource {
  readonly logsDir: string;
  /** Only this run's lines of the logs folder (a stored run shares the node's logs folder). */
  readonly runFilter: string | undefined;
  readonly baseline: () => Promise<PolicyBaseline>;
  readonly configText: () => string;
  readonly inputs: (options: AdvisorInputsOptions) => Promise<AdvisorInputs>;
}

/**
 * Opens the advisor of a run: a backtest run directory (memos in `<run>/logs/llm_decisions/`), or
 * a run of the operational store (a paper run; memos in `<logsDir>/llm_decisions/`, default
 * `logs`, beside other runs' lines). It loads the advisor config (`--llm`, else every default),
 * verifies the memo chain (a broken chain throws {@link AuditChainError}), and recomputes the
 * policy in force from the run's configuration and the chain. With a store, the chain is also
 * kept in its `llm_decisions` under the run `advice-<run id>`: brought level with the files at
 * open (a store that holds more, or other, memos is a broken chain), then copied memo by memo.
 */
export async function openRunAdvisor(
  run: string,
  llmConfigPath?: string,
  storeOption: MemoStoreOption = false,
  logsDir = 'logs',
): Promise<RunAdvisor> {
  const config = await loadAdvisorConfig(llmConfigPath);
  const dir = findRunDir(run);
  let store: TradingStore | undefined;
  if (storeOption !== false)
    store = await openTradingStore({
      ...(storeOption.sqlitePath === undefined ? {} : { sqlitePath: storeOption.sqlitePath }),
      ...(storeOption.postgresSchema === undefined ? {} : { postgresSchema: storeOption.postgresSchema }),
    });
  try {
    const source = dir !== undefined ? runDirSource(dir) : await storedRunSource(run, store, logsDir);
    let log: MemoLog;
    try {
      log = MemoLog.open(source.logsDir, source.runFilter);
    } catch (error) {
      if (error instanceof MemoLogError)
        throw new AuditChainError(`the memo log of ${run} is unreadable: ${error.message}`);
      throw error;
    }
    const verdict = log.verify();
    if (!verdict.ok)
      throw new AuditChainError(
        `the memo chain of ${run} is broken at ${log.locations[verdict.index] ?? 'its end'}: ${verdict.detail} (tradewind audit verify --run ${run})`,
      );
    const baseline = await source.baseline();
    const workspace = new PolicyWorkspace(baseline, config, log.lines);
    let mirror: MemoStoreMirror | undefined;
    if (store !== undefined) {
      mirror = await MemoStoreMirror.open(store, {
        runId: baseline.runId,
        mode: baseline.mode,
        configText: source.configText(),
        now: Date.now(),
      });
      try {
        await mirror.catchUp(log.lines);
      } catch (error) {
        if (error instanceof MemoMirrorError)
          throw new AuditChainError(`${run}: ${error.message} (tradewind audit verify --run ${run})`);
        throw error;
      }
      log.mirrorTo(mirror);
    }
    return {
      runId: baseline.runId,
      config,
      log,
      workspace,
      inputs: async (model) =>
        source.inputs({ windowDays: config.window_days, budget: tableBudget(config, model), policy: workspace.view() }),
      decisionModel: (env = process.env) => tierClient(config, 3, env),
      close: async () => {
        await mirror?.finish(Date.now());
        await store?.close();
      },
    };
  } catch (error) {
    await store?.close();
    throw error;
  }
}

function runDirSource(dir: string): AdvisorSource {
  return {
    logsDir: join(dir, 'logs'),
    runFilter: undefined,
    baseline: () => runDirBaseline(dir),
    configText: () => readFileSync(join(dir, 'config.yaml'), 'utf8'),
    inputs: async (options) => runDirAdvisorInputs(dir, options),
  };
}

async function storedRunSource(run: string, store: TradingStore | undefined, logsDir: string): Promise<AdvisorSource> {
  const stored = await store?.run(run);
  if (store === undefined || stored === undefined)
    throw new ConfigError(
      `--run ${run}: neither ${run} nor runs/${run} is a run directory, and ${store === undefined ? 'the store is off (--no-store)' : 'the store has no such run'}`,
    );
  const version = await store.configVersion(stored.configHash);
  return {
    logsDir,
    runFilter: run,
    baseline: () => storedRunBaseline(store, run),
    configText: () => version?.content ?? '',
    inputs: (options) => storeAdvisorInputs(store, run, options),
  };
}

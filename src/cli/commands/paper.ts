import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { Command } from 'commander';
import { openAppLog, openAuditLog } from '../../adapters/logs/index.ts';
import { DEFAULT_SQLITE_PATH, openTradingStore, type TradingStoreOptions } from '../../adapters/stores/index.ts';
import { riskEventCounts } from '../../runtime/backtest/risk-log-jsonl.ts';
import { runFiles, summaryOf } from '../../runtime/backtest/run-files.ts';
import { writeRunDirectory } from '../../runtime/backtest/write-run-directory.ts';
import {
  ConfigError,
  formatIssues,
  loadBacktestConfig,
  PACKAGE_ROOT,
} from '../../runtime/config/load-backtest-config.ts';
import { loadNodeConfig } from '../../runtime/config/load-node-config.ts';
import { type PaperConfig, paperConfig, replaySpeed, speedFactor } from '../../runtime/paper/paper-config.ts';
import { ReconciliationError } from '../../runtime/paper/paper-journal.ts';
import { runPaper, VenueUnreachableError } from '../../runtime/paper/run-paper.ts';
import { formatMetricsTable, formatRiskSummary } from '../format-metrics-table.ts';

/** Exit code of a node that could not reconcile its state with the store (it traded nothing further). */
export const EXIT_NOT_RECONCILED = 3;

interface PaperOptions {
  config?: string;
  dir?: string;
  replay?: boolean;
  from?: string;
  to?: string;
  speed?: string;
  warmup?: string;
  status?: string;
  out?: string;
  json?: boolean;
  store?: boolean;
  sqlite?: string;
  run?: string;
  logs?: string;
}

type PaperFlags = { warmup?: string; status?: string; speed?: string; out?: string };

/** The `paper:` settings with the flags laid over them, validated (errors name `source`). */
function paperSettings(section: Record<string, unknown>, flags: PaperFlags, source: string): PaperConfig {
  const layer = { ...section };
  if (flags.warmup !== undefined) layer.warmup_bars = Number(flags.warmup);
  if (flags.status !== undefined) layer.status_seconds = Number(flags.status);
  if (flags.speed !== undefined) {
    const speed = replaySpeed.safeParse(flags.speed);
    if (!speed.success) throw new ConfigError(`--speed: ${speed.error.issues[0]?.message} (got '${flags.speed}')`);
    layer.replay = { ...((layer.replay as Record<string, unknown> | undefined) ?? {}), speed: flags.speed };
  }
  const parsed = paperConfig.safeParse(layer);
  if (!parsed.success) throw new ConfigError(formatIssues(`${source} paper`, parsed.error));
  return parsed.data;
}

/** The config file's backtest settings and its validated `paper:` section (flags override it). */
export async function loadPaperConfig(
  file: string,
  flags: PaperFlags = {},
): Promise<{ config: Awaited<ReturnType<typeof loadBacktestConfig>>['config']; paper: PaperConfig; baseDir: string }> {
  const { config, baseDir, source, extras } = await loadBacktestConfig(
    { config: file, out: flags.out },
    { extraSections: ['paper'] },
  );
  return { config, paper: paperSettings((extras.paper as Record<string, unknown>) ?? {}, flags, source), baseDir };
}

/**
 * What `tradewind paper` runs: a config file (`--config`, store in state/tradewind.db) or a node
 * config directory in PAPER mode (`--dir`: layered YAML + .env + environment, its `store:` and
 * `paper:` sections); `--sqlite` overrides the SQLite file either way.
 */
async function loadPaperNode(options: PaperOptions): Promise<{
  config: Awaited<ReturnType<typeof loadPaperConfig>>['config'];
  paper: PaperConfig;
  baseDir: string;
  store: TradingStoreOptions;
}> {
  if ((options.config === undefined) === (options.dir === undefined))
    throw new ConfigError('tradewind paper needs one of --config <file> or --dir <config directory>');
  if (options.config !== undefined) {
    const loaded = await loadPaperConfig(options.config, options);
    return { ...loaded, store: { sqlitePath: options.sqlite ?? join(PACKAGE_ROOT, DEFAULT_SQLITE_PATH) } };
  }
  const { config: node, dir } = await loadNodeConfig({ dir: options.dir!, mode: 'PAPER' });
  const { mode: _mode, store, venue: _venue, llm: _llm, paper, ...rest } = node;
  const config = options.out === undefined ? rest : { ...rest, output: { ...rest.output, dir: options.out } };
  return {
    config: config as Awaited<ReturnType<typeof loadPaperConfig>>['config'],
    paper: paperSettings(paper as unknown as Record<string, unknown>, options, dir),
    baseDir: dir,
    store: {
      sqlitePath: options.sqlite ?? store.sqlite_path,
      ...(store.database_url === undefined ? {} : { databaseUrl: store.database_url }),
    },
  };
}

/** `tradewind paper`: the paper-trading node (the backtest's kernel on a live or replayed bar stream). */
export function registerPaperCommand(program: Command): void {
  program
    .command('paper')
    .description(
      "paper-trade a backtest config: the same kernel and simulated venue on ccxt's live bars, or on recorded bars with --replay; writes the backtest's run files when stopped (SIGINT/SIGTERM) or when the replay ends",
    )
    .option('--config <file>', "backtest config, with an optional 'paper:' section")
    .option(
      '--dir <config-dir>',
      'node config directory (base.yaml, broker.paper.yaml, strategy.*.yaml, risk.yaml, .env) run in PAPER mode, with its store and paper sections',
    )
    .option('--replay', "replay the config's bar file or catalog through the live path instead of a venue stream")
    .option('--from <date>', 'replay start (ISO 8601 UTC or Unix ms; default paper.replay.from, then period.from)')
    .option('--to <date>', 'replay end, exclusive (default paper.replay.to, then period.to)')
    .option('--speed <speed>', "replay pace: '60x' (an hour of bars a minute), '1x', or 'max'")
    .option('--warmup <bars>', 'bars before the start that warm the indicators (overrides paper.warmup_bars)')
    .option('--status <seconds>', 'seconds between status lines on stderr (overrides paper.status_seconds)')
    .option('--out <dir>', 'output directory (default runs/<run id>)')
    .option(
      '--run <id>',
      'run id in the store (default paper-<digest of the config, replay start and warm-up>: the same command continues the same run)',
    )
    .option(
      '--sqlite <path>',
      'SQLite store file (default state/tradewind.db); DATABASE_URL selects PostgreSQL instead',
    )
    .option('--logs <dir>', 'folder of app.log and the JSONL audit mirrors (default logs)')
    .option(
      '--no-store',
      'keep nothing in the store (no restart, no audit trail); a stored live session journals its bars and steps on their time, without a store it runs on the wall clock',
    )
    .option('--json', 'print summary.json to standard output and nothing else there')
    .action(async (options: PaperOptions) => {
      const { config, paper, baseDir, store: storeOptions } = await loadPaperNode(options);
      const controller = new AbortController();
      const stop = (signal: string): void => {
        process.stderr.write(`paper: ${signal} received, stopping after the current bar\n`);
        controller.abort();
      };
      const onSigint = (): void => stop('SIGINT');
      const onSigterm = (): void => stop('SIGTERM');
      process.on('SIGINT', onSigint);
      process.on('SIGTERM', onSigterm);
      // SQLite commits on their own thread: the node goes on while the last batch is made durable.
      const store =
        options.store !== false ? await openTradingStore({ ...storeOptions, commitThread: true }) : undefined;
      const logsDir = options.logs ?? join(PACKAGE_ROOT, 'logs');
      const appLog = openAppLog({ dir: logsDir });
      let session: Awaited<ReturnType<typeof runPaper>>;
      try {
        session = await runPaper(config, paper, {
          baseDir,
          replay: options.replay === true,
          from: options.from,
          to: options.to,
          speed: options.speed === undefined ? undefined : speedFactor(options.speed),
          signal: controller.signal,
          onStatus: (line) => process.stderr.write(`${line}\n`),
          logger: appLog,
          ...(store === undefined
            ? {}
            : {
                persistence: {
                  store,
                  snapshotEveryBars: paper.snapshot_every_bars,
                  audit: openAuditLog({ dir: logsDir }),
                  ...(options.run === undefined ? {} : { runId: options.run }),
                },
              }),
        });
      } catch (error) {
        if (!(error instanceof VenueUnreachableError) && !(error instanceof ReconciliationError)) throw error;
        process.stderr.write(`error: ${error.message}\n`);
        process.exitCode = error instanceof ReconciliationError ? EXIT_NOT_RECONCILED : 1;
        return;
      } finally {
        process.off('SIGINT', onSigint);
        process.off('SIGTERM', onSigterm);
        await store?.close();
        await appLog.close();
      }
      const { run } = session;
      const started = new Date();
      const stamp = started.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
      const digest = createHash('sha256').update(JSON.stringify(config)).digest('hex').slice(0, 6);
      const runId = session.resume?.runId ?? `paper-${stamp}-${run.strategy.id}-${digest}`;
      const dir = config.output.dir ?? join(PACKAGE_ROOT, 'runs', runId);
      await writeRunDirectory(dir, runFiles(run, runId, started.toISOString()), `${process.pid}-${digest}`);
      const resumed = session.resume;
      const ending =
        `paper ${session.mode} ${session.ending}: ${session.barsDone} bars traded after ${session.warmupBars} warm-up bars` +
        (resumed === undefined
          ? ''
          : resumed.verifiedEvents === 0
            ? `\nstored as run ${resumed.runId}`
            : `\nrun ${resumed.runId} continued: ${resumed.catchUpBars} bars re-executed, ${resumed.verifiedEvents} stored events verified, ` +
              `${resumed.reconciliation.openOrders} open orders and ${resumed.reconciliation.fills} fills reconciled`);
      if (options.json === true) {
        process.stdout.write(`${JSON.stringify({ ...summaryOf(run), paper: paperSummary(session) })}\n`);
        process.stderr.write(`${ending}\nrun written to ${dir}\n`);
        return;
      }
      process.stdout.write(formatMetricsTable(run));
      const risk = formatRiskSummary(riskEventCounts(run.result.riskEvents), join(dir, 'risk.log.jsonl'));
      if (risk !== undefined) process.stdout.write(`${risk}\n`);
      process.stdout.write(`\n${ending}\nrun ${runId}\nreport: ${join(dir, 'report.html')}\n`);
    });
}

function paperSummary(session: Awaited<ReturnType<typeof runPaper>>): Record<string, unknown> {
  return {
    mode: session.mode,
    ending: session.ending,
    warmup_bars: session.warmupBars,
    bars_done: session.barsDone,
    ...(session.resume === undefined
      ? {}
      : {
          run_id: session.resume.runId,
          verified_events: session.resume.verifiedEvents,
          catch_up_bars: session.resume.catchUpBars,
        }),
  };
}

import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import { applyRunPolicy } from '../../runtime/advisor/apply-policy.ts';
import { riskEventCounts } from '../../runtime/backtest/risk-log-jsonl.ts';
import { runBacktest } from '../../runtime/backtest/run-backtest.ts';
import { runFiles, summaryOf } from '../../runtime/backtest/run-files.ts';
import { writeRunDirectory } from '../../runtime/backtest/write-run-directory.ts';
import { type BacktestFlags, loadBacktestConfig, PACKAGE_ROOT } from '../../runtime/config/load-backtest-config.ts';
import { BUILT_IN_STRATEGIES } from '../../strategies/index.ts';
import { formatMetricsTable, formatRiskSummary } from '../format-metrics-table.ts';

interface BacktestOptions extends BacktestFlags {
  json?: boolean;
}

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

/** `tradewind backtest`: run a backtest from a YAML config and/or flags. */
export function registerBacktestCommand(program: Command): void {
  program
    .command('backtest')
    .description(
      'backtest a strategy on a bar file or the catalog and write summary, orders, fills, equity, config and an HTML report',
    )
    .option('--config <file>', 'YAML config file (flags override its settings)')
    .option(
      '--strategy <name|file>',
      `built-in strategy (${Object.keys(BUILT_IN_STRATEGIES).join(', ')}) or path to a .ts module (file.ts#ClassName to pick one)`,
    )
    .option('--param <key=value>', 'strategy parameter, repeatable (e.g. --param fast_period=20)', collect)
    .option('--data <file>', 'bar file (CSV, Yahoo CSV, freqtrade JSON/Feather, Binance/Kraken/ccxt JSON)')
    .option(
      '--catalog <dir>',
      "read the bars from this catalog ('default': $TRADEWIND_CATALOG, else data/catalog/); without --config or --data, giving --symbol and --timeframe reads the default catalog",
    )
    .option('--format <format>', 'data format (default: detected)')
    .option('--timeframe <tf>', 'bar timeframe, e.g. 1m, 1h, 1d (default: detected)')
    .option('--symbol <symbol>', 'instrument symbol, e.g. BTC/USDT or ORCL')
    .option('--venue <venue>', 'venue name (default SIM)')
    .option('--from <date>', 'first bar (ISO 8601 date/time, UTC, or Unix ms), inclusive')
    .option('--to <date>', 'end of the period (exclusive)')
    .option('--cash <amount>', 'starting cash in the quote currency')
    .option('--fee-bps <bps>', 'commission in basis points of notional')
    .option('--slippage-bps <bps>', 'half-spread slippage in basis points for market and stop fills')
    .option(
      '--risk <file>',
      "risk.yaml: limits, hard bounds, kill switch and circuit breakers (replaces the config's risk section)",
    )
    .option('--seed <n>', 'random seed (latency jitter)')
    .option('--out <dir>', 'output directory (default runs/<run id>)')
    .option('--json', 'print summary.json to standard output and nothing else there')
    .option(
      '--policy <run>',
      'trade under the policy in force of an earlier run (its advisor memos: limits, parameters, pauses)',
    )
    .action(async (options: BacktestOptions & { policy?: string }) => {
      const loaded = await loadBacktestConfig(options);
      const { baseDir } = loaded;
      const carried = options.policy === undefined ? undefined : await applyRunPolicy(loaded.config, options.policy);
      const config = carried?.config ?? loaded.config;
      if (carried !== undefined) process.stderr.write(`${carried.note}\n`);
      const json = options.json === true;
      const progress =
        !json && process.stderr.isTTY
          ? new SingleBar({
              format: 'backtest [{bar}] {percentage}% | {value}/{total} bars',
              stream: process.stderr,
              hideCursor: true,
            })
          : undefined;
      let progressStarted = false;
      const run = await runBacktest(config, {
        baseDir,
        onProgress: (done, total) => {
          if (progress === undefined) return;
          if (!progressStarted) {
            progress.start(total, 0);
            progressStarted = true;
          }
          progress.update(done);
        },
      });
      progress?.stop();
      const started = new Date();
      const stamp = started.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
      const digest = createHash('sha256').update(JSON.stringify(config)).digest('hex').slice(0, 6);
      const runId = `${stamp}-${run.strategy.id}-${digest}`;
      const dir = config.output.dir ?? join(PACKAGE_ROOT, 'runs', runId);
      await writeRunDirectory(dir, runFiles(run, runId, started.toISOString()), `${process.pid}-${digest}`);
      if (json) {
        process.stdout.write(`${JSON.stringify(summaryOf(run))}\n`);
        process.stderr.write(`run written to ${dir}\n`);
        return;
      }
      process.stdout.write(formatMetricsTable(run));
      const risk = formatRiskSummary(riskEventCounts(run.result.riskEvents), join(dir, 'risk.log.jsonl'));
      if (risk !== undefined) process.stdout.write(`${risk}\n`);
      process.stdout.write(`\nrun ${runId}\nreport: ${join(dir, 'report.html')}\n`);
    });
}

import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { SingleBar } from 'cli-progress';
import type { Command } from 'commander';
import { writeRunDirectory } from '../../runtime/backtest/write-run-directory.ts';
import {
  ConfigError,
  formatIssues,
  loadBacktestConfig,
  PACKAGE_ROOT,
} from '../../runtime/config/load-backtest-config.ts';
import { optimizationFiles, optimizationSummary } from '../../runtime/optimize/optimization-files.ts';
import { optimizeConfig } from '../../runtime/optimize/optimize-config.ts';
import { runOptimization } from '../../runtime/optimize/run-optimization.ts';

interface OptimizeOptions {
  config: string;
  method?: string;
  trials?: string;
  seed?: string;
  workers?: string;
  objective?: string;
  out?: string;
  json?: boolean;
}

function integerFlag(flag: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isInteger(value)) throw new ConfigError(`${flag} must be an integer, got '${text}'`);
  return value;
}

/** `tradewind optimize`: a parameter search (grid, random, walk-forward) on worker threads, with overfitting checks. */
export function registerOptimizeCommand(program: Command): void {
  program
    .command('optimize')
    .description(
      "search a strategy's parameters (grid, random or walk-forward) on all cores; writes results.csv, summary.json and an HTML report with in- and out-of-sample metrics, the deflated Sharpe ratio and a permutation test",
    )
    .requiredOption('--config <file>', "backtest config with an 'optimize:' section (see examples/optimize-ema.yaml)")
    .option('--method <method>', 'grid, random or walk_forward (overrides optimize.method)')
    .option('--trials <n>', 'parameter sets of a random search (overrides optimize.trials)')
    .option('--seed <n>', 'seed of the draws and the permutation test (overrides optimize.seed)')
    .option('--workers <n>', 'worker threads (default: every core); the results do not depend on it')
    .option('--objective <metric>', 'sharpe, sortino, calmar, total_return or profit_factor')
    .option('--out <dir>', 'output directory (default runs/optimize-<run id>)')
    .option('--json', 'print summary.json to standard output and nothing else there')
    .action(async (options: OptimizeOptions) => {
      const { config, baseDir, source, extras } = await loadBacktestConfig(
        { config: options.config },
        { extraSections: ['optimize'] },
      );
      if (extras.optimize === undefined)
        throw new ConfigError(
          `${source}: no 'optimize:' section (the parameters to search); see examples/optimize-ema.yaml`,
        );
      const layer = { ...(extras.optimize as Record<string, unknown>) };
      if (options.method !== undefined) layer.method = options.method;
      if (options.objective !== undefined) layer.objective = options.objective;
      for (const [key, flag, text] of [
        ['trials', '--trials', options.trials],
        ['seed', '--seed', options.seed],
        ['workers', '--workers', options.workers],
      ] as const) {
        const value = integerFlag(flag, text);
        if (value !== undefined) layer[key] = value;
      }
      const parsed = optimizeConfig.safeParse(layer);
      if (!parsed.success) throw new ConfigError(formatIssues(`${source} optimize`, parsed.error));
      const optimize = parsed.data;
      const json = options.json === true;
      const progress =
        !json && process.stderr.isTTY
          ? new SingleBar({
              format: 'optimize [{bar}] {value}/{total} parameter sets | {eta}s',
              stream: process.stderr,
            })
          : undefined;
      let started = false;
      const run = await runOptimization(config, optimize, {
        baseDir,
        onProgress: (done, total) => {
          if (progress === undefined) return;
          if (!started) {
            progress.start(total, 0);
            started = true;
          }
          progress.update(done);
        },
      });
      progress?.stop();
      const now = new Date();
      const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
      const digest = createHash('sha256').update(JSON.stringify({ config, optimize })).digest('hex').slice(0, 6);
      const runId = `optimize-${stamp}-${run.baseline.strategy.id}-${digest}`;
      const dir = options.out ?? config.output.dir ?? join(PACKAGE_ROOT, 'runs', runId);
      await writeRunDirectory(dir, optimizationFiles(run, runId, now.toISOString()), `${process.pid}-${digest}`);
      const summary = optimizationSummary(run);
      if (json) {
        process.stdout.write(`${JSON.stringify(summary)}\n`);
        process.stderr.write(`optimization written to ${dir}\n`);
        return;
      }
      process.stdout.write(formatOptimization(summary));
      process.stdout.write(
        `\nrun ${runId}\nreport: ${join(dir, 'report.html')}\nresults: ${join(dir, 'results.csv')}\n`,
      );
    });
}

function formatOptimization(summary: ReturnType<typeof optimizationSummary>): string {
  const lines = [
    `${summary.method} search of ${summary.strategy} on ${summary.instrument}: ${summary.trials_run} of ${summary.trials} parameter sets ran, objective ${summary.objective}`,
  ];
  for (const fold of summary.folds as Array<Record<string, unknown>>) {
    const is = fold.in_sample as Record<string, number> | null;
    const oos = fold.out_of_sample as Record<string, number> | null;
    lines.push(
      `fold ${fold.fold}: ${fold.params === null ? 'no parameter set had enough trades' : JSON.stringify(fold.params)}` +
        (is === null || oos === null
          ? ''
          : `  in-sample Sharpe ${is.sharpe.toFixed(2)}, out-of-sample Sharpe ${oos.sharpe.toFixed(2)} return ${(oos.total_return * 100).toFixed(2)}%, deflated Sharpe ${(fold.deflated_sharpe as number).toFixed(3)}`),
    );
  }
  const oos = summary.out_of_sample as Record<string, number>;
  const permutation = (summary.permutation_test as Record<string, Record<string, number> | null>).out_of_sample;
  lines.push(
    `out-of-sample: ${oos.days} days, return ${(oos.total_return * 100).toFixed(2)}%, Sharpe ${oos.sharpe.toFixed(2)}, ${oos.trades} trades` +
      (permutation === null ? '' : `, permutation p-value ${permutation.p_value.toFixed(4)}`),
  );
  return `${lines.join('\n')}\n`;
}

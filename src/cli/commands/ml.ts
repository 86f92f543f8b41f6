import { resolve } from 'node:path';
import type { Command } from 'commander';
import { FeatureSpecError } from '../../core/ml/features/index.ts';
import { dataConfig, instrumentConfig } from '../../runtime/config/backtest-config.ts';
import { ConfigError } from '../../runtime/config/load-backtest-config.ts';
import { loadMlConfig, type MlConfig } from '../../runtime/ml/ml-config.ts';
import { listModels, loadModel } from '../../runtime/ml/model-registry.ts';
import { runMlEvaluate, runMlTrain } from '../../runtime/ml/run-ml.ts';
import { formatCalibration, formatFolds, formatModelList, formatPooled, listRecord } from './ml-format.ts';

const DEFAULT_REGISTRY = 'models';

/** Feature and indicator spec problems are bad input too: name the config file (exit 2). */
async function asConfigError<T>(source: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof FeatureSpecError || (error as Error).name === 'IndicatorSpecError')
      throw new ConfigError(`${source}: field 'features': ${(error as Error).message}`);
    throw error;
  }
}

/** `tradewind ml train | evaluate | list`: walk-forward training and the model registry. */
export function registerMlCommand(program: Command): void {
  const ml = program
    .command('ml')
    .description('walk-forward training of gradient-boosted trees and the model registry');

  ml.command('train')
    .description(
      'build features and labels, train and score each walk-forward fold out of sample, then register the final model as <registry>/<name>/<version>/',
    )
    .requiredOption('--config <file>', 'ML YAML config (see examples/ml-btc.yaml)')
    .option('--registry <dir>', 'model registry folder', DEFAULT_REGISTRY)
    .action(async (options: { config: string; registry: string }) => {
      const resolved = await loadMlConfig(options.config);
      const run = await asConfigError(resolved.source, () =>
        runMlTrain(resolved, { registry: resolve(options.registry) }),
      );
      const meta = run.meta;
      process.stdout.write(
        `${meta.name}: ${meta.data.symbol} ${meta.data.timeframe}, ${meta.data.bars} bars ${meta.data.from} → ${meta.data.to}; ${meta.feature_columns.length} features; purge ${run.training.purge} bars\n`,
      );
      process.stdout.write(formatFolds(meta));
      process.stdout.write(formatPooled('pooled out of sample', meta.pooled));
      process.stdout.write(formatCalibration(run.training.calibration));
      process.stdout.write(
        `final model trained on ${meta.training.from} → ${meta.training.to} (${meta.training.rows} rows)\nregistered ${meta.name}@${meta.version} in ${run.dir}\n`,
      );
    });

  ml.command('evaluate')
    .description("score a registered model on the rows of --config's or --data's bars after its training range")
    .requiredOption('--model <name[@version]>', 'registered model (latest version when none is given)')
    .option('--config <file>', 'ML YAML config whose data, instrument and period give the bars')
    .option('--data <file>', 'bar file (instead of --config); the symbol is the model’s')
    .option('--registry <dir>', 'model registry folder', DEFAULT_REGISTRY)
    .option('--allow-overlap', 'also score rows inside the model’s training range (in-sample)')
    .action(
      async (options: { model: string; config?: string; data?: string; registry: string; allowOverlap?: boolean }) => {
        if ((options.config === undefined) === (options.data === undefined))
          throw new ConfigError('ml evaluate: give either --config or --data');
        const registry = resolve(options.registry);
        let data: Pick<MlConfig, 'data' | 'instrument' | 'period'>;
        if (options.config !== undefined) data = (await loadMlConfig(options.config)).config;
        else {
          const { meta } = await loadModel(registry, options.model);
          data = {
            data: dataConfig.parse({ path: resolve(options.data as string) }),
            instrument: instrumentConfig.parse({ symbol: meta.data.symbol }),
            period: {},
          };
        }
        const result = await asConfigError(options.model, () =>
          runMlEvaluate({ registry, model: options.model, data, allowOverlap: options.allowOverlap === true }),
        );
        const meta = result.meta;
        process.stdout.write(
          `${meta.name}@${meta.version} on ${result.bars.source}: ${result.rows.length} rows ${new Date(result.bars.series.timestamp[result.rows[0]!]!).toISOString()} → ${new Date(result.bars.series.timestamp[result.rows[result.rows.length - 1]!]!).toISOString()}\n`,
        );
        if (result.allowOverlap)
          process.stdout.write(
            `warning: --allow-overlap: rows up to ${meta.training.last_label_bar} are in the model's training range (in-sample)\n`,
          );
        else if (result.overlapping > 0)
          process.stdout.write(
            `left out ${result.overlapping} rows within the model's training range (labels read bars up to ${meta.training.last_label_bar}); --allow-overlap keeps them\n`,
          );
        process.stdout.write(
          formatPooled(result.allowOverlap ? 'scored (in-sample rows included)' : 'out of sample', result.metrics),
        );
      },
    );

  ml.command('list')
    .description('list the registered models: name, version, created, features, pooled AUC, data range')
    .option('--registry <dir>', 'model registry folder', DEFAULT_REGISTRY)
    .option('--json', 'print a JSON array')
    .action(async (options: { registry: string; json?: boolean }) => {
      const metas = await listModels(resolve(options.registry));
      process.stdout.write(
        options.json === true ? `${JSON.stringify(metas.map(listRecord), null, 2)}\n` : formatModelList(metas),
      );
    });
}

import type { Command } from 'commander';
import { parameterFields } from '../../runtime/backtest/strategy-loader.ts';
import { BUILT_IN_STRATEGIES } from '../../strategies/index.ts';

/** `tradewind strategies`: list the built-in strategies, their preset and their parameters. */
export function registerStrategiesCommand(program: Command): void {
  program
    .command('strategies')
    .description('list the built-in strategies and their parameters')
    .action(() => {
      for (const [name, entry] of Object.entries(BUILT_IN_STRATEGIES)) {
        const preset = Object.entries(entry.defaults).map(([k, v]) => `${k}=${String(v)}`);
        process.stdout.write(
          `${name}: ${entry.strategy.description ?? ''}${preset.length > 0 ? ` (${preset.join(', ')})` : ''}\n`,
        );
        for (const [key, description] of parameterFields(entry.strategy.parameters)) {
          process.stdout.write(`  ${key}: ${description}\n`);
        }
      }
    });
}

import type { Command } from 'commander';
import { BUILT_IN_STRATEGIES } from '../../strategies/index.ts';

/** `tradewind strategies`: list the built-in strategies and their parameters. */
export function registerStrategiesCommand(program: Command): void {
  program
    .command('strategies')
    .description('list the built-in strategies and their parameters')
    .action(() => {
      for (const [name, entry] of Object.entries(BUILT_IN_STRATEGIES)) {
        process.stdout.write(`${name}: ${entry.strategy.description ?? ''}\n`);
        const schema = entry.strategy.parameters as unknown as { toJSONSchema?: () => unknown } | undefined;
        const shape = (
          entry.strategy.parameters as unknown as {
            _def?: unknown;
            def?: { shape?: Record<string, { description?: string }> };
          }
        )?.def;
        void schema;
        if (shape?.shape !== undefined) {
          for (const [key, field] of Object.entries(shape.shape))
            process.stdout.write(`  ${key}: ${field.description ?? ''}\n`);
        }
      }
    });
}

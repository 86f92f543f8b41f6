import type { Command } from 'commander';
import { BUILT_IN_STRATEGIES } from '../../strategies/index.ts';

/** The described fields of a zod object schema (what `parameters` schemas are), if it is one. */
function parameterFields(schema: unknown): [string, string][] {
  const shape = (schema as { def?: { shape?: Record<string, { description?: string }> } } | undefined)?.def?.shape;
  return shape === undefined ? [] : Object.entries(shape).map(([key, field]) => [key, field.description ?? '']);
}

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

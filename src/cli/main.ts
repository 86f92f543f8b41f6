import { Command, CommanderError } from 'commander';
import { DataFileError } from '../adapters/data/index.ts';
import { IndicatorSpecError } from '../core/indicators/registry.ts';
import { AdvisorInputError, TokenBudgetError } from '../runtime/advisor/inputs/index.ts';
import { ConfigError } from '../runtime/config/load-backtest-config.ts';
import { registerAdviseCommand } from './commands/advise.ts';
import { registerAuditCommand } from './commands/audit.ts';
import { registerBacktestCommand } from './commands/backtest.ts';
import { registerConfigCommand } from './commands/config.ts';
import { registerDataCommand } from './commands/data.ts';
import { registerExplainCommand } from './commands/explain.ts';
import { registerExportCommand } from './commands/export.ts';
import { registerIndicatorsCommand } from './commands/indicators.ts';
import { registerMlCommand } from './commands/ml.ts';
import { registerOptimizeCommand } from './commands/optimize.ts';
import { registerPaperCommand } from './commands/paper.ts';
import { registerParityCommand } from './commands/parity.ts';
import { registerPolicyCommand } from './commands/policy.ts';
import { registerRegimeCommand } from './commands/regime.ts';
import { registerRunsCommand } from './commands/runs.ts';
import { registerSentimentCommand } from './commands/sentiment.ts';
import { registerStrategiesCommand } from './commands/strategies.ts';

/** Exit codes: 0 success, 1 unexpected failure, 2 bad input (config, flags, data). */
const EXIT_BAD_INPUT = 2;

const program = new Command();
program
  .name('tradewind')
  .description('Tradewind: one deterministic engine for backtest, paper and live trading')
  .exitOverride();
registerBacktestCommand(program);
registerStrategiesCommand(program);
registerIndicatorsCommand(program);
registerDataCommand(program);
registerMlCommand(program);
registerRegimeCommand(program);
registerOptimizeCommand(program);
registerPaperCommand(program);
registerParityCommand(program);
registerConfigCommand(program);
registerRunsCommand(program);
registerExportCommand(program);
registerAdviseCommand(program);
registerPolicyCommand(program);
registerAuditCommand(program);
registerExplainCommand(program);
registerSentimentCommand(program);

// A closed pipe (`tradewind indicators … | head`) ends the output, not the process with a stack trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    process.exitCode = error.exitCode === 0 ? 0 : EXIT_BAD_INPUT;
  } else if (
    error instanceof ConfigError ||
    error instanceof DataFileError ||
    error instanceof IndicatorSpecError ||
    error instanceof AdvisorInputError ||
    error instanceof TokenBudgetError
  ) {
    process.stderr.write(`error: ${error.message}\n`);
    process.exitCode = EXIT_BAD_INPUT;
  } else {
    process.stderr.write(`error: ${(error as Error).stack ?? String(error)}\n`);
    process.exitCode = 1;
  }
}

import type { Command } from 'commander';
import { ConfigError } from '../../runtime/config/load-backtest-config.ts';
import { type ParityReport, runParity } from '../../runtime/paper/run-parity.ts';
import { loadPaperConfig } from './paper.ts';

interface ParityOptions {
  config: string;
  from?: string;
  to?: string;
  json?: boolean;
}

/** `tradewind parity`: the backtest and the paper node in replay over the same bars; exit 1 on any drift. */
export function registerParityCommand(program: Command): void {
  program
    .command('parity')
    .description(
      'run the backtest and the paper node (replay at max speed, no warm-up) over the same bars and report the drift in orders, fills and final cash, equity, positions and PnL; exit code 1 on any drift',
    )
    .requiredOption('--config <file>', "backtest config (its 'paper:' section is read, warm-up is forced to 0)")
    .option('--from <date>', 'start (ISO 8601 UTC or Unix ms; default period.from)')
    .option('--to <date>', 'end, exclusive (default period.to)')
    .option('--json', 'print the report as JSON')
    .action(async (options: ParityOptions) => {
      const { config, paper, baseDir } = await loadPaperConfig(options.config);
      const from = options.from ?? config.period.from;
      const to = options.to ?? config.period.to;
      if (from === undefined || to === undefined)
        throw new ConfigError('parity needs a period: --from and --to, or period.from and period.to in the config');
      const report = await runParity(config, paper, { from, to }, { baseDir });
      process.stdout.write(options.json === true ? `${JSON.stringify(report)}\n` : formatParity(report));
      process.exitCode = report.driftCount === 0 ? 0 : 1;
    });
}

/** The report as a table: counts side by side, final values, then the first drifts. */
export function formatParity(report: ParityReport): string {
  const lines = [
    `parity ${report.from} → ${report.to}`,
    `${'item'.padEnd(28)}${'backtest'.padStart(20)}${'paper'.padStart(20)}`,
    row('bars', report.bars.backtest, report.bars.paper),
    row('orders', report.orders.backtest, report.orders.paper),
    row('fills', report.fills.backtest, report.fills.paper),
    ...Object.entries(report.final).map(([name, v]) => row(name, v.backtest, v.paper)),
    '',
  ];
  if (report.driftCount === 0) lines.push('drift: none (orders, fills, cash, equity, positions and PnL identical)');
  else {
    lines.push(
      `drift: ${report.driftCount} difference(s)${report.driftCount > report.drift.length ? `, first ${report.drift.length}` : ''}`,
    );
    for (const d of report.drift)
      lines.push(`  ${d.kind} ${d.item}: backtest ${JSON.stringify(d.backtest)}, paper ${JSON.stringify(d.paper)}`);
  }
  return `${lines.join('\n')}\n`;
}

function row(name: string, a: number, b: number): string {
  return `${name.padEnd(28)}${String(a).padStart(20)}${String(b).padStart(20)}${Object.is(a, b) ? '' : '   ← drift'}`;
}

import type { Command } from 'commander';
import { BAR_FILE_FORMATS, type BarFileFormat, type TimestampFormat } from '../../adapters/data/index.ts';
import { INDICATOR_DEFINITIONS } from '../../core/indicators/registry.ts';
import { ConfigError } from '../../runtime/config/load-backtest-config.ts';
import {
  computeIndicatorTable,
  indicatorCsvChunks,
  writeIndicatorCsv,
} from '../../runtime/indicators/indicator-table.ts';

interface IndicatorsOptions {
  data?: string;
  indicator?: string[];
  out?: string;
  format?: string;
  timestampFormat?: string;
  from?: string;
  to?: string;
  benchmark?: string;
  decimals?: string;
  list?: boolean;
}

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

/** The catalogue: one line per indicator (spec with defaults, outputs), then its conventions. */
function catalogue(): string {
  return INDICATOR_DEFINITIONS.map((d) => {
    const defaults = d.parameters.map((p) => `${p.name}=${p.default}`).join(',');
    const aliases = d.aliases === undefined ? '' : ` (also: ${d.aliases.join(', ')})`;
    const parameters = d.parameters
      .map((p) => `    ${p.name}: ${p.description}${p.kind === 'choice' ? ` [${p.choices.join('|')}]` : ''}\n`)
      .join('');
    return (
      `${d.name}${defaults === '' ? '' : `:${defaults}`}${aliases}  ${d.title}; ${d.input} input; outputs: ${d.outputs.join(', ')}\n` +
      `${parameters}    ${d.description}\n`
    );
  }).join('');
}

async function writeStdout(chunks: Iterable<string>): Promise<void> {
  for (const chunk of chunks) {
    if (!process.stdout.write(chunk)) await new Promise((resolve) => process.stdout.once('drain', resolve));
  }
}

/** `tradewind indicators`: compute indicators over a bar file into a CSV. */
export function registerIndicatorsCommand(program: Command): void {
  program
    .command('indicators')
    .description('compute indicators over a bar file and write (or print) a CSV with one column per output')
    .option('--data <file>', 'bar file (CSV, Yahoo CSV, freqtrade JSON/Feather, Binance/Kraken/ccxt JSON)')
    .option(
      '--indicator <spec>',
      'indicator spec, repeatable: rsi:14, macd:12,26,9, bbands:20,2, ema:50,first',
      collect,
    )
    .option('--out <file.csv>', 'write the CSV to this file (default: standard output)')
    .option('--format <format>', `data format: ${BAR_FILE_FORMATS.join(', ')} (default: detected)`)
    .option('--timestamp-format <format>', 'how the file writes timestamps (default: auto)')
    .option('--from <date>', 'first bar (ISO 8601 date/time, UTC, or Unix ms), inclusive')
    .option('--to <date>', 'end of the period (exclusive)')
    .option('--benchmark <file>', 'reference bar file for pair indicators (correl, beta), matched by timestamp')
    .option('--decimals <n>', 'round indicator values to n decimals (default: full precision)')
    .option('--list', 'list the indicators, their parameters, outputs and conventions')
    .action(async (options: IndicatorsOptions) => {
      if (options.list === true) {
        process.stdout.write(catalogue());
        return;
      }
      if (options.data === undefined)
        throw new ConfigError('--data <file> is required (or --list to see the indicators)');
      if (options.format !== undefined && !BAR_FILE_FORMATS.includes(options.format as BarFileFormat))
        throw new ConfigError(`--format: '${options.format}' is not one of ${BAR_FILE_FORMATS.join(', ')}`);
      const decimals = options.decimals === undefined ? undefined : Number(options.decimals);
      if (decimals !== undefined && !(Number.isInteger(decimals) && decimals >= 0 && decimals <= 20))
        throw new ConfigError(`--decimals: '${options.decimals}' is not an integer from 0 to 20`);
      const table = await computeIndicatorTable({
        data: options.data,
        indicators: options.indicator ?? [],
        format: options.format as BarFileFormat | undefined,
        timestampFormat: options.timestampFormat as TimestampFormat | undefined,
        from: options.from,
        to: options.to,
        benchmark: options.benchmark,
      });
      if (options.out === undefined) {
        await writeStdout(indicatorCsvChunks(table, { decimals }));
      } else {
        await writeIndicatorCsv(options.out, table, { decimals });
        process.stderr.write(
          `${table.bars.length} bars, ${table.columns.length} indicator columns written to ${options.out}\n`,
        );
      }
    });
}

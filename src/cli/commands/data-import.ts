import type { Command } from 'commander';
import {
  type ColumnMapping,
  MARKET_DATA_FORMATS,
  type MarketDataFormat,
  TIMESTAMP_FORMATS,
  type TimestampFormat,
} from '../../adapters/data/index.ts';
import { isTimeframe } from '../../core/model/time.ts';
import { catalogDir } from '../../runtime/config/catalog-dir.ts';
import { ConfigError } from '../../runtime/config/load-backtest-config.ts';
import { type FileImportResult, importMarketData } from '../../runtime/data/import-market-data.ts';

interface DataImportOptions {
  venue?: string;
  symbol?: string;
  timeframe?: string;
  format?: string;
  timestampFormat?: string;
  columns?: string;
  volumeUnit?: string;
  catalog?: string;
  json?: boolean;
}

const MAPPED_FIELDS = ['timestamp', 'date', 'time', 'open', 'high', 'low', 'close', 'volume'];

/** `timestamp=Date,open=O,…` (names or 0-based indexes) to a column mapping. */
function parseColumns(text: string): Partial<ColumnMapping> {
  const mapping: Record<string, string> = {};
  for (const pair of text.split(',')) {
    const [field, column, extra] = pair.split('=');
    if (column === undefined || extra !== undefined || !MAPPED_FIELDS.includes(field.trim()) || column.trim() === '') {
      throw new ConfigError(
        `--columns: '${pair}' is not field=column with field one of ${MAPPED_FIELDS.join(', ')} (e.g. --columns timestamp=Date,volume=Vol)`,
      );
    }
    mapping[field.trim()] = column.trim();
  }
  return mapping;
}

/** One file's outcome as text lines for a terminal. */
function describeResult(result: FileImportResult): string {
  if (result.error !== undefined) return `${result.file}\n  refused: ${result.error}\n`;
  const lines = [
    `${result.file}  (${result.format}, ${result.kind}${result.timeframe === undefined ? '' : ` ${result.timeframe}`})`,
    `  ${result.instrumentId}: ${result.rowsTaken} of ${result.rowsRead} rows taken, ${result.rowsSkipped} skipped`,
  ];
  for (const [reason, count] of Object.entries(result.skippedByReason)) lines.push(`    ${count} × ${reason}`);
  if (result.first !== undefined) lines.push(`  range ${result.first} .. ${result.last}`);
  if (result.destination !== undefined) {
    lines.push(`  wrote ${result.written} (${result.replaced} replaced) to ${result.destination}`);
  }
  if (result.quarantineReport !== undefined) lines.push(`  quarantine: ${result.quarantineReport}`);
  return `${lines.join('\n')}\n`;
}

/** `tradewind data import <file…>`: read market-data files and store them in the catalog. */
export function registerDataImportCommand(data: Command): void {
  data
    .command('import')
    .description(
      'import bar, trade and quote files (CSV, Yahoo, freqtrade JSON/Feather, NautilusTrader CSV/Parquet, ' +
        'Binance/Kraken/ccxt JSON, Tardis CSV) into the catalog; rows failing validation go to a quarantine report',
    )
    .argument('<files...>', 'files to import (.gz is decompressed)')
    .option('--venue <venue>', 'venue, e.g. BINANCE (default: from the file name or contents)')
    .option('--symbol <symbol>', 'instrument symbol, e.g. BTC/USDT (default: from the file name or contents)')
    .option('--timeframe <tf>', 'bar timeframe, e.g. 1m (default: detected)')
    .option('--format <format>', `file format (default: detected): ${MARKET_DATA_FORMATS.join(', ')}`)
    .option('--timestamp-format <format>', `how text timestamps are written: ${TIMESTAMP_FORMATS.join(', ')}`)
    .option(
      '--columns <mapping>',
      'bar files: field=column pairs, e.g. timestamp=Date,open=O (names or 0-based indexes)',
    )
    .option('--volume-unit <unit>', "bar files: 'base' (default) or 'quote' (volume is quote notional)")
    .option('--catalog <dir>', 'catalog folder (default: TRADEWIND_CATALOG or data/catalog/)')
    .option('--json', 'print the per-file results as JSON on standard output and nothing else there')
    .action(async (files: string[], options: DataImportOptions) => {
      if (options.format !== undefined && !MARKET_DATA_FORMATS.includes(options.format as MarketDataFormat)) {
        throw new ConfigError(
          `--format: unknown format '${options.format}'; expected one of ${MARKET_DATA_FORMATS.join(', ')}`,
        );
      }
      if (options.timeframe !== undefined && !isTimeframe(options.timeframe)) {
        throw new ConfigError(`--timeframe: '${options.timeframe}' is not a timeframe (e.g. 1m, 5m, 1h, 1d)`);
      }
      const timestampFormat = options.timestampFormat as TimestampFormat | undefined;
      if (timestampFormat !== undefined && !TIMESTAMP_FORMATS.includes(timestampFormat)) {
        throw new ConfigError(
          `--timestamp-format: unknown format '${timestampFormat}'; expected one of ${TIMESTAMP_FORMATS.join(', ')}`,
        );
      }
      if (options.volumeUnit !== undefined && options.volumeUnit !== 'base' && options.volumeUnit !== 'quote') {
        throw new ConfigError(`--volume-unit: expected base or quote, got '${options.volumeUnit}'`);
      }
      const columns = options.columns === undefined ? undefined : parseColumns(options.columns);
      const catalog = catalogDir(options.catalog);
      const results = await importMarketData({
        files,
        catalogDir: catalog,
        symbol: options.symbol,
        venue: options.venue,
        timeframe: options.timeframe,
        format: options.format as MarketDataFormat | undefined,
        timestampFormat,
        columns,
        volumeUnit: options.volumeUnit as 'base' | 'quote' | undefined,
      });
      if (options.json === true) {
        process.stdout.write(`${JSON.stringify({ catalog, files: results })}\n`);
      } else {
        for (const result of results) process.stdout.write(describeResult(result));
      }
      const refused = results.filter((result) => result.error !== undefined);
      if (refused.length > 0) {
        throw new ConfigError(`${refused.length} of ${results.length} file(s) refused (see above)`);
      }
    });
}

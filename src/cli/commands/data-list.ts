import type { Command } from 'commander';
import { type CatalogEntry, ParquetCatalog } from '../../adapters/catalog/index.ts';
import { catalogDir } from '../../runtime/config/catalog-dir.ts';

interface DataListOptions {
  catalog?: string;
  json?: boolean;
}

/** One catalog entry as `--json` prints it: timestamps as ISO 8601 UTC text and Unix ms. */
function jsonEntry(entry: CatalogEntry) {
  return {
    venue: entry.venue,
    symbol: entry.symbol,
    kind: entry.kind,
    timeframe: entry.timeframe ?? null,
    rows: entry.rows,
    first: new Date(entry.first).toISOString(),
    last: new Date(entry.last).toISOString(),
    first_ms: entry.first,
    last_ms: entry.last,
    partitions: entry.partitions,
  };
}

/** A left-aligned text table with a header row; numeric columns right-aligned. */
function formatTable(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  numeric: ReadonlySet<number>,
): string {
  const widths = header.map((title, c) => Math.max(title.length, ...rows.map((row) => row[c].length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, c) => (numeric.has(c) ? cell.padStart(widths[c]) : cell.padEnd(widths[c])))
      .join('  ')
      .trimEnd();
  return `${[line(header), ...rows.map(line)].join('\n')}\n`;
}

/** `tradewind data list`: what the catalog holds, per venue, instrument, kind and timeframe. */
export function registerDataListCommand(data: Command): void {
  data
    .command('list')
    .description(
      'show what the catalog holds: venue, symbol, kind, timeframe, rows, first and last timestamp, month files',
    )
    .option('--catalog <dir>', 'catalog folder (default: $TRADEWIND_CATALOG, else data/catalog/)')
    .option('--json', 'print a JSON array on standard output and nothing else there')
    .action(async (options: DataListOptions) => {
      const dir = catalogDir(options.catalog);
      const catalog = await ParquetCatalog.open(dir);
      let entries: CatalogEntry[];
      try {
        entries = await catalog.list();
      } finally {
        catalog.close();
      }
      if (options.json === true) {
        process.stdout.write(`${JSON.stringify(entries.map(jsonEntry))}\n`);
        return;
      }
      if (entries.length === 0) {
        process.stdout.write(`the catalog at ${dir} is empty (tradewind data import <file> adds data)\n`);
        return;
      }
      const time = (ms: number) =>
        new Date(ms)
          .toISOString()
          .replace('T', ' ')
          .replace(/\.000Z$|Z$/, '');
      const rows = entries.map((e) => [
        e.venue,
        e.symbol,
        e.kind,
        e.timeframe ?? '-',
        e.rows.toLocaleString('en-US'),
        time(e.first),
        time(e.last),
        String(e.partitions),
      ]);
      process.stdout.write(
        formatTable(
          ['venue', 'symbol', 'kind', 'timeframe', 'rows', 'first (UTC)', 'last (UTC)', 'partitions'],
          rows,
          new Set([4, 7]),
        ),
      );
      process.stdout.write(`catalog: ${dir}\n`);
    });
}

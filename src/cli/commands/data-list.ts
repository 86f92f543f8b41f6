import type { Command } from 'commander';
import { type CatalogEntry, ParquetCatalog } from '../../adapters/catalog/index.ts';
import { barQualityReport } from '../../core/data/bar-quality-report.ts';
import { calendarForVenue } from '../../core/data/calendars/index.ts';
import { instrumentId } from '../../core/model/ids.ts';
import type { Timeframe } from '../../core/model/time.ts';
import { catalogDir } from '../../runtime/config/catalog-dir.ts';
import { alignTable } from '../../runtime/files/align-table.ts';

interface DataListOptions {
  catalog?: string;
  json?: boolean;
}

/** Missing bars and gaps of a bar dataset, counted against its venue's calendar (as `data gaps`). */
interface Holes {
  readonly missing: number;
  readonly gaps: number;
  readonly calendar: string;
}

async function holesOf(catalog: ParquetCatalog, entry: CatalogEntry): Promise<Holes | undefined> {
  if (entry.kind !== 'bars' || entry.timeframe === undefined) return undefined;
  const series = await catalog.readBars({
    instrumentId: instrumentId(entry.symbol, entry.venue),
    timeframe: entry.timeframe as Timeframe,
  });
  const calendar = calendarForVenue(entry.venue);
  try {
    const report = barQualityReport(series, { calendar });
    return { missing: report.missing.bars, gaps: report.missing.gaps, calendar: calendar.name };
  } catch {
    // A timeframe the calendar cannot schedule (monthly bars, weekly on an exchange): no count.
    return undefined;
  }
}

/** One catalog entry as `--json` prints it: timestamps as ISO 8601 UTC text and Unix ms. */
function jsonEntry(entry: CatalogEntry, holes: Holes | undefined) {
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
    missing_bars: holes?.missing ?? null,
    gaps: holes?.gaps ?? null,
    calendar: holes?.calendar ?? null,
  };
}

/** `tradewind data list`: what the catalog holds, per venue, instrument, kind and timeframe. */
export function registerDataListCommand(data: Command): void {
  data
    .command('list')
    .description(
      'show what the catalog holds: venue, symbol, kind, timeframe, rows, first and last timestamp, month files, missing bars and gaps (against the venue calendar)',
    )
    .option('--catalog <dir>', 'catalog folder (default: $TRADEWIND_CATALOG, else data/catalog/)')
    .option('--json', 'print a JSON array on standard output and nothing else there')
    .action(async (options: DataListOptions) => {
      const dir = catalogDir(options.catalog);
      const catalog = await ParquetCatalog.open(dir);
      let entries: CatalogEntry[];
      const holes: (Holes | undefined)[] = [];
      try {
        entries = await catalog.list();
        for (const entry of entries) holes.push(await holesOf(catalog, entry));
      } finally {
        catalog.close();
      }
      if (options.json === true) {
        process.stdout.write(`${JSON.stringify(entries.map((entry, i) => jsonEntry(entry, holes[i])))}\n`);
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
      const rows = entries.map((e, i) => [
        e.venue,
        e.symbol,
        e.kind,
        e.timeframe ?? '-',
        e.rows.toLocaleString('en-US'),
        time(e.first),
        time(e.last),
        String(e.partitions),
        holes[i] === undefined ? '-' : holes[i]!.missing.toLocaleString('en-US'),
        holes[i] === undefined ? '-' : holes[i]!.gaps.toLocaleString('en-US'),
      ]);
      process.stdout.write(
        alignTable(
          [
            'venue',
            'symbol',
            'kind',
            'timeframe',
            'rows',
            'first (UTC)',
            'last (UTC)',
            'partitions',
            'missing',
            'gaps',
          ],
          rows,
          new Set([4, 7, 8, 9]),
        ),
      );
      process.stdout.write(`catalog: ${dir}\n`);
    });
}

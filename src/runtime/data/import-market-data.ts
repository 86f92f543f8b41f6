import { encodePathSegment, ParquetCatalog } from '../../adapters/catalog/index.ts';
import type { TimestampFormat } from '../../adapters/data/index.ts';
import {
  type ColumnMapping,
  countQuarantineReasons,
  DataFileError,
  detectTimeframe,
  type MarketDataFile,
  type MarketDataFormat,
  readMarketDataFile,
} from '../../adapters/data/index.ts';
import { instrumentId } from '../../core/model/ids.ts';
import { formatTimestamp, isTimeframe, type Timeframe } from '../../core/model/time.ts';
import { ConfigError } from '../config/load-backtest-config.ts';
import { nameHints, resolveInstrument } from './infer-instrument.ts';
import { writeQuarantineReport } from './write-quarantine-report.ts';

/** What to import and where. */
export interface ImportMarketDataOptions {
  readonly files: readonly string[];
  /** Catalog folder (see `catalogDir`). */
  readonly catalogDir: string;
  readonly symbol?: string;
  readonly venue?: string;
  /** Bars only; detected from the timestamps (or the file name for a single bar) when absent. */
  readonly timeframe?: Timeframe;
  /** Detected per file when absent. */
  readonly format?: MarketDataFormat;
  readonly timestampFormat?: TimestampFormat;
  /** Bar CSV and Feather only: which columns hold the bar fields (names or 0-based indexes). */
  readonly columns?: Partial<ColumnMapping>;
  /** Bar files only: `quote` when the file's volume is quote notional (divided by the close). */
  readonly volumeUnit?: 'base' | 'quote';
  /** Clock for the quarantine report names (tests pass a fixed one). */
  readonly now?: () => Date;
}

/** The outcome of one file: what it held, what was taken and skipped (and why), where it went. */
export interface FileImportResult {
  readonly file: string;
  readonly format?: MarketDataFormat;
  readonly kind?: 'bars' | 'trades' | 'quotes';
  readonly instrumentId?: string;
  readonly timeframe?: string;
  readonly rowsRead: number;
  readonly rowsTaken: number;
  readonly rowsSkipped: number;
  /** Skipped rows per reason kind (numbers and quoted values masked). */
  readonly skippedByReason: Record<string, number>;
  /** ISO UTC times of the first and last row taken. */
  readonly first?: string;
  readonly last?: string;
  /** Rows written and stored rows they replaced in the catalog. */
  readonly written: number;
  readonly replaced: number;
  /** The catalog dataset folder the rows went to (bars/<venue>/<symbol>/<timeframe>, …). */
  readonly destination?: string;
  /** The quarantine report, when rows were skipped. */
  readonly quarantineReport?: string;
  /** Why the whole file was refused (nothing of it written). */
  readonly error?: string;
}

/** Timeframe of the bars of a read file: the flag, the detected step, then the file's or name's own label. */
function barTimeframe(read: MarketDataFile, options: ImportMarketDataOptions): Timeframe {
  if (options.timeframe !== undefined) return options.timeframe;
  const columns = read.data.columns;
  const detected = detectTimeframe(columns.timestamp, columns.length);
  const labelled = read.hints.timeframe ?? nameHints(read.path, read.format).timeframe;
  const timeframe = detected ?? labelled;
  if (timeframe === undefined || !isTimeframe(timeframe)) {
    throw new ConfigError(
      `${read.path}: cannot detect the timeframe from ${columns.length} bar(s); pass --timeframe (e.g. --timeframe 1m)`,
    );
  }
  return timeframe;
}

async function importOne(
  file: string,
  catalog: ParquetCatalog,
  options: ImportMarketDataOptions,
): Promise<FileImportResult> {
  const read = await readMarketDataFile({
    path: file,
    format: options.format,
    timestampFormat: options.timestampFormat,
    columns: options.columns,
    volumeUnit: options.volumeUnit,
    mode: 'lenient',
  });
  const { symbol, venue } = resolveInstrument({
    path: file,
    format: read.format,
    symbol: options.symbol,
    venue: options.venue,
    contents: read.hints,
  });
  const id = instrumentId(symbol, venue);
  const { data } = read;
  const taken = data.columns.length;
  let timeframe: Timeframe | undefined;
  let summary = { written: 0, replaced: 0 };
  let destination: string | undefined;
  if (data.kind === 'bars') {
    timeframe = taken > 0 ? barTimeframe(read, options) : options.timeframe;
    if (taken > 0 && timeframe !== undefined) {
      summary = await catalog.writeBars({ ...data.columns, instrumentId: id, timeframe });
      destination = ['bars', venue, symbol, timeframe].map(encodePathSegment).join('/');
    }
  } else if (taken > 0) {
    summary =
      data.kind === 'trades'
        ? await catalog.writeTrades({ ...data.columns, instrumentId: id })
        : await catalog.writeQuotes({ ...data.columns, instrumentId: id });
    destination = [data.kind, venue, symbol].map(encodePathSegment).join('/');
  }
  const quarantineReport =
    read.quarantine.length > 0
      ? await writeQuarantineReport(options.catalogDir, file, read.quarantine, (options.now ?? (() => new Date()))())
      : undefined;
  const stamps = data.columns.timestamp;
  return {
    file,
    format: read.format,
    kind: data.kind,
    instrumentId: id,
    timeframe,
    rowsRead: read.rowsRead,
    rowsTaken: taken,
    rowsSkipped: read.quarantine.length,
    skippedByReason: countQuarantineReasons(read.quarantine),
    first: taken > 0 ? formatTimestamp(stamps[0]) : undefined,
    last: taken > 0 ? formatTimestamp(stamps[taken - 1]) : undefined,
    written: summary.written,
    replaced: summary.replaced,
    destination,
    quarantineReport,
  };
}

/**
 * Imports market-data files into the catalog, one after the other: each is read in lenient mode
 * (bad rows quarantined, the report written under `<catalog>/quarantine/`), its instrument and
 * timeframe resolved, its rows written atomically per partition. A file refused as a whole (bad
 * input: unreadable, unknown layout, instrument not known) gets an `error` and does not stop the
 * others; any other failure propagates.
 */
export async function importMarketData(options: ImportMarketDataOptions): Promise<FileImportResult[]> {
  const catalog = await ParquetCatalog.open(options.catalogDir);
  const results: FileImportResult[] = [];
  try {
    for (const file of options.files) {
      try {
        results.push(await importOne(file, catalog, options));
      } catch (error) {
        if (!(error instanceof DataFileError || error instanceof ConfigError)) throw error;
        results.push({
          file,
          rowsRead: 0,
          rowsTaken: 0,
          rowsSkipped: 0,
          skippedByReason: {},
          written: 0,
          replaced: 0,
          error: error.message,
        });
      }
    }
  } finally {
    catalog.close();
  }
  return results;
}

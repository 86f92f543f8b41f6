import { basename } from 'node:path';
import { type BarFileFormat, loadBars, type TimestampFormat } from '../../adapters/data/index.ts';
import {
  computeIndicator,
  type IndicatorSpec,
  IndicatorSpecError,
  indicatorColumnNames,
  parseIndicatorSpec,
} from '../../core/indicators/registry.ts';
import type { BarSeries } from '../../core/model/data.ts';
import { instrumentId } from '../../core/model/ids.ts';
import { ConfigError } from '../config/load-backtest-config.ts';
import { parseInstant } from '../config/parse-instant.ts';
import { writeFileAtomically } from '../files/write-file-atomically.ts';

/** What `tradewind indicators` computes: which bars, which indicators. */
export interface IndicatorTableOptions {
  /** Bar file (any format `loadBars` reads). */
  readonly data: string;
  /** Specs such as `rsi:14`, `macd:12,26,9`; at least one. */
  readonly indicators: readonly string[];
  readonly format?: BarFileFormat;
  readonly timestampFormat?: TimestampFormat;
  /** First bar kept (ISO 8601 or Unix ms), inclusive. */
  readonly from?: string;
  /** End of the period (ISO 8601 or Unix ms), exclusive. */
  readonly to?: string;
  /** Bar file of the reference series for pair indicators (correl, beta): its closes, matched by timestamp. */
  readonly benchmark?: string;
}

/** The bars and one column per indicator output, row-aligned. */
export interface IndicatorTable {
  readonly bars: BarSeries;
  readonly specs: readonly IndicatorSpec[];
  /** Output column names (`rsi_14`, `macd_12_26_9_signal`), in the order of `values`. */
  readonly columns: readonly string[];
  readonly values: readonly Float64Array[];
}

/** The benchmark's closes at the data's timestamps; every data bar must have a benchmark bar. */
function alignReference(bars: BarSeries, benchmark: BarSeries, path: string): Float64Array {
  const byTime = new Map<number, number>();
  for (let i = 0; i < benchmark.length; i++) byTime.set(benchmark.timestamp[i]!, benchmark.close[i]!);
  const reference = new Float64Array(bars.length);
  for (let i = 0; i < bars.length; i++) {
    const close = byTime.get(bars.timestamp[i]!);
    if (close === undefined)
      throw new ConfigError(
        `--benchmark ${path}: no bar at ${new Date(bars.timestamp[i]!).toISOString()} (data bar ${i + 1}); ` +
          'pair indicators need the benchmark at every data timestamp (use --from/--to to select a common period)',
      );
    reference[i] = close;
  }
  return reference;
}

/** Loads the bars and computes every requested indicator with its batch form. */
export async function computeIndicatorTable(options: IndicatorTableOptions): Promise<IndicatorTable> {
  if (options.indicators.length === 0)
    throw new ConfigError('no indicator requested: give at least one --indicator (e.g. --indicator rsi:14)');
  const specs = options.indicators.map((text) => parseIndicatorSpec(text));
  const from = parseInstant('--from', options.from);
  const to = parseInstant('--to', options.to);
  if (from !== undefined && to !== undefined && !(from < to))
    throw new ConfigError(`--from (${options.from}) must be before --to (${options.to})`);
  const load = (path: string) =>
    loadBars({
      path,
      instrumentId: instrumentId(basename(path).replace(/\..*$/, '').toUpperCase() || 'DATA', 'FILE'),
      format: options.format,
      timestampFormat: options.timestampFormat,
      from,
      to,
    });
  const { series: bars } = await load(options.data);
  const needsReference = specs.some((spec) => spec.definition.input === 'pair');
  if (needsReference && options.benchmark === undefined) {
    const names = specs.filter((s) => s.definition.input === 'pair').map((s) => s.text);
    throw new IndicatorSpecError(names.join(', '), 'pair indicators need --benchmark <file> (the reference series)');
  }
  const reference =
    needsReference && options.benchmark !== undefined
      ? alignReference(bars, (await load(options.benchmark)).series, options.benchmark)
      : undefined;
  const columns: string[] = [];
  const values: Float64Array[] = [];
  for (const spec of specs) {
    columns.push(...indicatorColumnNames(spec));
    values.push(...computeIndicator(spec, { bars, reference }));
  }
  const duplicate = columns.find((c, i) => columns.indexOf(c) !== i);
  if (duplicate !== undefined) throw new ConfigError(`indicator column '${duplicate}' is requested twice`);
  return { bars, specs, columns, values };
}

/** How cells are written: full precision (shortest round-trip) or a fixed number of decimals. */
export interface CsvFormat {
  readonly decimals?: number;
}

const ROWS_PER_CHUNK = 8192;

/**
 * The table as CSV chunks: `timestamp` (ISO 8601 UTC, bar open time), open, high, low, close,
 * volume, then one column per indicator output; an undefined value (the warm-up) is an empty cell.
 */
export function* indicatorCsvChunks(table: IndicatorTable, format: CsvFormat = {}): Generator<string> {
  const { bars, columns, values } = table;
  const decimals = format.decimals;
  const cell = (x: number) => (Number.isNaN(x) ? '' : decimals === undefined ? String(x) : x.toFixed(decimals));
  yield `timestamp,open,high,low,close,volume,${columns.join(',')}\n`;
  for (let start = 0; start < bars.length; start += ROWS_PER_CHUNK) {
    const lines: string[] = [];
    for (let i = start; i < Math.min(bars.length, start + ROWS_PER_CHUNK); i++) {
      let line = `${new Date(bars.timestamp[i]!).toISOString()},${bars.open[i]},${bars.high[i]},${bars.low[i]},${bars.close[i]},${bars.volume[i]}`;
      for (const column of values) line += `,${cell(column[i]!)}`;
      lines.push(line);
    }
    yield `${lines.join('\n')}\n`;
  }
}

/** Writes the CSV to `path` through a temporary sibling renamed into place: never half a file. */
export async function writeIndicatorCsv(path: string, table: IndicatorTable, format: CsvFormat = {}): Promise<void> {
  await writeFileAtomically(path, indicatorCsvChunks(table, format));
}

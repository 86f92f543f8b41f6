import { BarSeriesBuilder, type BuiltColumns } from './bar-series-builder.ts';
import { DataFileError } from './data-file-error.ts';
import { parseDecimal } from './parse-decimal.ts';
import type { TimestampFormat } from './parse-timestamp.ts';
import { type ConcreteTimestampFormat, describeTimestampFormat, parseTimestamp } from './parse-timestamp.ts';
import { Quarantine } from './quarantine.ts';

/** Options of {@link readJsonBars}. */
export interface ReadJsonBarsOptions {
  /** Path, for error messages. */
  readonly file: string;
  readonly format: 'freqtrade-json' | 'ccxt-ohlcv-json' | 'kraken-ohlc-json';
  /** `auto` means the format's own unit: milliseconds for freqtrade and ccxt, seconds for Kraken. */
  readonly timestampFormat: TimestampFormat;
  readonly volumeUnit: 'base' | 'quote';
  /** Where rejected rows go; default strict (throw at the first). */
  readonly quarantine?: Quarantine;
}

/** Row layout: array length and the index of each field. */
interface RowLayout {
  readonly width: number;
  readonly volume: number;
  readonly shape: string;
}

const OHLCV_LAYOUT: RowLayout = { width: 6, volume: 5, shape: '[timestamp, open, high, low, close, volume]' };
const KRAKEN_LAYOUT: RowLayout = {
  width: 8,
  volume: 6,
  shape: '[time, open, high, low, close, vwap, volume, count]',
};

function preview(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/** The rows array of a Kraken `/0/public/OHLC` response `{error: [], result: {PAIR: [...], last}}`. */
function krakenRows(file: string, document: unknown): unknown[] {
  if (typeof document !== 'object' || document === null || Array.isArray(document)) {
    throw new DataFileError(file, {}, 'expected a Kraken OHLC response object {"error": [], "result": {...}}');
  }
  const { error, result } = document as { error?: unknown; result?: unknown };
  if (Array.isArray(error) && error.length > 0) {
    throw new DataFileError(file, { field: 'error' }, `the response reports errors: ${error.join('; ')}`);
  }
  if (typeof result !== 'object' || result === null) {
    throw new DataFileError(file, { field: 'result' }, 'missing the "result" object');
  }
  const pairs = Object.keys(result).filter((key) => key !== 'last');
  if (pairs.length !== 1) {
    throw new DataFileError(
      file,
      { field: 'result' },
      `expected one pair in "result", found ${pairs.length}: ${pairs}`,
    );
  }
  const rows = (result as Record<string, unknown>)[pairs[0]];
  if (!Array.isArray(rows)) throw new DataFileError(file, { field: pairs[0] }, 'the pair entry is not an array');
  return rows;
}

/**
 * Reads JSON OHLCV rows into validated columns: freqtrade and ccxt `[[ms, o, h, l, c, v], ...]`,
 * Kraken `{result: {PAIR: [[s, "o", "h", "l", "c", "vwap", "volume", count], ...]}}`. Values may
 * be numbers or numeric strings. Errors name the 0-based array index as `row N`. Kraken's last
 * row is the still-forming interval (after `result.last`); it is kept like any other row.
 */
export function readJsonBars(text: string, options: ReadJsonBarsOptions): BuiltColumns {
  const { file, format } = options;
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (cause) {
    throw new DataFileError(file, {}, `invalid JSON: ${(cause as Error).message}`);
  }
  const kraken = format === 'kraken-ohlc-json';
  const rows = kraken ? krakenRows(file, document) : document;
  if (!Array.isArray(rows)) {
    throw new DataFileError(file, {}, `expected a top-level array of ${OHLCV_LAYOUT.shape} rows`);
  }
  if (rows.length === 0) throw new DataFileError(file, {}, 'the file holds no bars');
  const layout = kraken ? KRAKEN_LAYOUT : OHLCV_LAYOUT;
  const unit: ConcreteTimestampFormat =
    options.timestampFormat !== 'auto' ? options.timestampFormat : kraken ? 'epoch-s' : 'epoch-ms';
  const builder = new BarSeriesBuilder({
    file,
    locationKind: 'row',
    volumeUnit: options.volumeUnit,
    capacity: rows.length,
  });
  const readNumber = (value: unknown, field: string, row: number): number => {
    if (typeof value === 'number') return value;
    const parsed = typeof value === 'string' ? parseDecimal(value) : Number.NaN;
    if (Number.isNaN(parsed)) throw builder.error(row, field, `${preview(value)} is not a number`, preview(value));
    return parsed;
  };

  const quarantine = options.quarantine ?? new Quarantine('strict');
  for (let row = 0; row < rows.length; row++) {
    const values: unknown = rows[row];
    try {
      if (!Array.isArray(values) || values.length !== layout.width) {
        throw builder.error(
          row,
          undefined,
          `malformed row: expected ${layout.shape}, got ${preview(values)}`,
          preview(values),
        );
      }
      const stamp = values[0];
      const timestamp =
        unit === 'epoch-ms' && Number.isSafeInteger(stamp)
          ? (stamp as number)
          : typeof stamp === 'number' || typeof stamp === 'string'
            ? parseTimestamp(String(stamp), unit)
            : Number.NaN;
      if (Number.isNaN(timestamp)) {
        throw builder.error(
          row,
          'timestamp',
          `${preview(stamp)} is not a valid timestamp (${describeTimestampFormat(unit)})`,
          preview(stamp),
        );
      }
      builder.add(
        row,
        timestamp,
        readNumber(values[1], 'open', row),
        readNumber(values[2], 'high', row),
        readNumber(values[3], 'low', row),
        readNumber(values[4], 'close', row),
        readNumber(values[layout.volume], 'volume', row),
      );
    } catch (error) {
      quarantine.reject(error, preview(values));
    }
  }
  return builder.build();
}

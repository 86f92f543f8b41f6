import { CompressionType, compressionRegistry, DataType, type Table, tableFromIPC, type Vector } from 'apache-arrow';
import { formatTimestamp } from '../../core/model/time.ts';
import { BarSeriesBuilder, type BuiltColumns } from './bar-series-builder.ts';
import { type ColumnMapping, resolveColumns } from './column-mapping.ts';
import { DataFileError } from './data-file-error.ts';
import { decodeLz4Frame } from './decode-lz4-frame.ts';
import { Quarantine } from './quarantine.ts';

/** Options of {@link readFeatherBars}. */
export interface ReadFeatherBarsOptions {
  /** Path, for error messages. */
  readonly file: string;
  readonly columns: Partial<ColumnMapping> | undefined;
  readonly volumeUnit: 'base' | 'quote';
  /** Where rejected rows go; default strict (throw at the first). */
  readonly quarantine?: Quarantine;
}

/** Divisor from a Timestamp unit (SECOND, MILLISECOND, MICROSECOND, NANOSECOND) to ms, as [multiply, divide]. */
const TIMESTAMP_SCALE: ReadonlyArray<readonly [bigint, bigint]> = [
  [1000n, 1n],
  [1n, 1n],
  [1n, 1000n],
  [1n, 1_000_000n],
];

function ensureLz4Codec(): void {
  // pyarrow compresses Feather v2 bodies with LZ4 frames by default; apache-arrow has no codec of its own.
  if (compressionRegistry.get(CompressionType.LZ4_FRAME) === null) {
    compressionRegistry.set(CompressionType.LZ4_FRAME, { decode: decodeLz4Frame });
  }
}

/** Row index of the first null in a vector (it has nulls). */
function firstNull(vector: Vector): number {
  for (let i = 0; i < vector.length; i++) if (!vector.isValid(i)) return i;
  return -1;
}

/** A numeric column as one Float64Array. */
function numericColumn(file: string, vector: Vector, field: string): Float64Array {
  if (!DataType.isFloat(vector.type) && !DataType.isInt(vector.type)) {
    throw new DataFileError(file, { field }, `column type ${vector.type} is not numeric`);
  }
  if (vector.nullCount > 0) throw new DataFileError(file, { row: firstNull(vector), field }, 'null is not a number');
  const out = new Float64Array(vector.length);
  let at = 0;
  for (const chunk of vector.data) {
    const values = chunk.values as ArrayLike<number | bigint>;
    for (let i = 0; i < chunk.length; i++) out[at + i] = Number(values[i]);
    at += chunk.length;
  }
  return out;
}

/** A Timestamp or Date column as integer Unix ms. */
function timestampColumn(file: string, vector: Vector): Float64Array {
  const type = vector.type;
  const field = 'timestamp';
  let multiply = 1n;
  let divide = 1n;
  let days = false;
  if (DataType.isTimestamp(type)) [multiply, divide] = TIMESTAMP_SCALE[type.unit];
  else if (DataType.isDate(type)) days = type.unit === 0;
  else throw new DataFileError(file, { field }, `column type ${type} is not a timestamp or date`);
  if (vector.nullCount > 0) throw new DataFileError(file, { row: firstNull(vector), field }, 'null is not a timestamp');
  const out = new Float64Array(vector.length);
  let at = 0;
  for (const chunk of vector.data) {
    const values = chunk.values as ArrayLike<number | bigint>;
    for (let i = 0; i < chunk.length; i++) {
      if (days) {
        out[at + i] = (values[i] as number) * 86_400_000;
        continue;
      }
      const raw = BigInt(values[i]);
      if (raw % divide !== 0n) {
        throw new DataFileError(
          file,
          { row: at + i, field },
          `${raw} (${type}) has a sub-millisecond part near ${formatTimestamp(Number(raw / divide))}`,
        );
      }
      out[at + i] = Number((raw * multiply) / divide);
    }
    at += chunk.length;
  }
  return out;
}

/**
 * Reads an Arrow IPC file (Feather v2, as freqtrade writes: `date` timestamp, `open`, `high`,
 * `low`, `close`, `volume`) into validated columns. Errors name the 0-based table row as `row N`.
 */
export function readFeatherBars(bytes: Uint8Array, options: ReadFeatherBarsOptions): BuiltColumns {
  const { file } = options;
  ensureLz4Codec();
  let table: Table;
  try {
    table = tableFromIPC(bytes);
  } catch (cause) {
    throw new DataFileError(file, {}, `not a readable Arrow IPC / Feather v2 file: ${(cause as Error).message}`);
  }
  if (table.numRows === 0) throw new DataFileError(file, {}, 'the file holds no bars');
  const names = table.schema.fields.map((field) => field.name);
  const index = resolveColumns({
    file,
    header: names,
    columnCount: names.length,
    mapping: options.columns,
    adjClose: false,
    line: undefined,
  });
  if (index.timestamp < 0) {
    throw new DataFileError(file, { field: 'timestamp' }, 'split date and time columns are not supported in Feather');
  }
  const column = (position: number): Vector => table.getChildAt(position)!;
  const timestamp = timestampColumn(file, column(index.timestamp));
  const open = numericColumn(file, column(index.open), 'open');
  const high = numericColumn(file, column(index.high), 'high');
  const low = numericColumn(file, column(index.low), 'low');
  const close = numericColumn(file, column(index.close), 'close');
  // Mark-price candles carry an all-null volume column: no volume, like a file without the column.
  const volumeVector = index.volume >= 0 ? column(index.volume) : undefined;
  const volume =
    volumeVector === undefined || volumeVector.nullCount === volumeVector.length
      ? undefined
      : numericColumn(file, volumeVector, 'volume');
  const builder = new BarSeriesBuilder({
    file,
    locationKind: 'row',
    volumeUnit: options.volumeUnit,
    capacity: table.numRows,
  });
  const quarantine = options.quarantine ?? new Quarantine('strict');
  for (let row = 0; row < table.numRows; row++) {
    try {
      builder.add(
        row,
        timestamp[row],
        open[row],
        high[row],
        low[row],
        close[row],
        volume === undefined ? 0 : volume[row],
      );
    } catch (error) {
      quarantine.reject(error);
    }
  }
  return builder.build();
}

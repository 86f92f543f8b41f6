import { lowerBound } from '../../core/data/lower-bound.ts';
import type { BarSeries } from '../../core/model/data.ts';
import type { InstrumentId } from '../../core/model/ids.ts';
import { formatTimestamp, type Timeframe, type UnixMillis } from '../../core/model/time.ts';
import { DataFileError, type DataFileLocation } from './data-file-error.ts';

/** Options of a {@link BarSeriesBuilder}. */
export interface BarSeriesBuilderOptions {
  /** Path for error messages. */
  readonly file: string;
  /** Whether row locations are 1-based text lines or 0-based array indexes. */
  readonly locationKind: 'line' | 'row';
  /** `quote`: volumes arrive as quote notional and are divided by the close. */
  readonly volumeUnit: 'base' | 'quote';
  /** Expected number of bars (arrays grow by doubling beyond it). */
  readonly capacity: number;
}

/** The validated bars of a file, all rows in file order: a BarSeries without its identity. */
export type BuiltColumns = Omit<BarSeries, 'instrumentId' | 'timeframe'>;

/**
 * Validates bars one by one and appends them to growable columnar arrays. A bar is rejected with
 * a {@link DataFileError} when a price is not positive and finite, the volume is negative or not
 * finite, high < low, open or close lie outside [low, high], or its timestamp is not after the
 * previous bar's (unsorted or duplicate). Nothing is dropped or repaired.
 */
export class BarSeriesBuilder {
  private readonly options: BarSeriesBuilderOptions;
  private columns: Float64Array[];
  private count = 0;
  private previousLocation = -1;

  constructor(options: BarSeriesBuilderOptions) {
    this.options = options;
    const capacity = Math.max(16, options.capacity);
    this.columns = Array.from({ length: 6 }, () => new Float64Array(capacity));
  }

  /** Number of bars appended so far. */
  get length(): number {
    return this.count;
  }

  /** A DataFileError located at `location` (a line or row, per `locationKind`). */
  error(location: number, field: string | undefined, detail: string, value?: unknown): DataFileError {
    const shown = value === undefined ? undefined : String(value);
    const place: DataFileLocation =
      this.options.locationKind === 'line'
        ? { line: location, field, value: shown }
        : { row: location, field, value: shown };
    return new DataFileError(this.options.file, place, detail);
  }

  private where(location: number): string {
    return this.options.locationKind === 'line' ? `line ${location}` : `row ${location}`;
  }

  /** Throws unless the values form a valid bar (does not check ordering, does not append). */
  check(location: number, open: number, high: number, low: number, close: number, volume: number): void {
    this.checkPrice(location, 'open', open);
    this.checkPrice(location, 'high', high);
    this.checkPrice(location, 'low', low);
    this.checkPrice(location, 'close', close);
    if (!(volume >= 0) || volume === Number.POSITIVE_INFINITY) {
      throw this.error(location, 'volume', `${volume} is ${volume < 0 ? 'negative' : 'not a finite number'}`, volume);
    }
    if (high < low) throw this.error(location, 'high', `${high} is below low ${low}`, high);
    if (open < low || open > high) {
      throw this.error(location, 'open', `${open} is outside [low ${low}, high ${high}]`, open);
    }
    if (close < low || close > high) {
      throw this.error(location, 'close', `${close} is outside [low ${low}, high ${high}]`, close);
    }
  }

  private checkPrice(location: number, field: string, price: number): void {
    if (!(price > 0) || price === Number.POSITIVE_INFINITY) {
      throw this.error(location, field, `${price} is not a positive finite price`, price);
    }
  }

  /** Validates a bar and appends it. `timestamp` must be integer Unix ms, after the previous bar's. */
  add(
    location: number,
    timestamp: UnixMillis,
    open: number,
    high: number,
    low: number,
    close: number,
    volume: number,
  ): void {
    if (!Number.isFinite(timestamp)) throw this.error(location, 'timestamp', 'not a valid timestamp', timestamp);
    this.check(location, open, high, low, close, volume);
    if (this.count > 0) {
      const previous = this.columns[0][this.count - 1];
      if (timestamp <= previous) {
        const relation = timestamp === previous ? 'duplicates' : 'is before';
        throw this.error(
          location,
          'timestamp',
          `${formatTimestamp(timestamp)} ${relation} ${formatTimestamp(previous)} on ${this.where(this.previousLocation)}` +
            ' (bars must be in strictly ascending time order)',
          formatTimestamp(timestamp),
        );
      }
    }
    if (this.count === this.columns[0].length) this.grow();
    const i = this.count++;
    const [t, o, h, l, c, v] = this.columns;
    t[i] = timestamp;
    o[i] = open;
    h[i] = high;
    l[i] = low;
    c[i] = close;
    v[i] = this.options.volumeUnit === 'quote' ? volume / close : volume;
    this.previousLocation = location;
  }

  private grow(): void {
    this.columns = this.columns.map((column) => {
      const grown = new Float64Array(column.length * 2);
      grown.set(column);
      return grown;
    });
  }

  /** All bars appended, as exact-length arrays. */
  build(): BuiltColumns {
    const exact = this.columns.map((column) => (column.length === this.count ? column : column.slice(0, this.count)));
    const [timestamp, open, high, low, close, volume] = exact;
    return { length: this.count, timestamp, open, high, low, close, volume };
  }
}

/** The bars with `from <= timestamp < to` as a BarSeries (views, no copy). */
export function selectBarSeries(
  columns: BuiltColumns,
  instrumentId: InstrumentId,
  timeframe: Timeframe,
  from: number,
  to: number,
): BarSeries {
  const start = lowerBound(columns.timestamp, from, columns.length);
  const end = lowerBound(columns.timestamp, to, columns.length);
  const view = (column: Float64Array): Float64Array =>
    start === 0 && end === column.length ? column : column.subarray(start, end);
  return {
    instrumentId,
    timeframe,
    length: Math.max(0, end - start),
    timestamp: view(columns.timestamp),
    open: view(columns.open),
    high: view(columns.high),
    low: view(columns.low),
    close: view(columns.close),
    volume: view(columns.volume),
  };
}

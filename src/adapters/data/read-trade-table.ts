import type { TradeSeries } from '../../core/model/data.ts';
import { formatTimestamp } from '../../core/model/time.ts';
import { DataFileError } from './data-file-error.ts';
import type { TimestampFormat } from './parse-timestamp.ts';
import type { Quarantine } from './quarantine.ts';
import { findColumn, type RecordTable } from './record-table.ts';
import { cellText, numberCell, resolveCellTimestampFormat, timestampCell } from './table-cells.ts';

/** The validated trades of a file: a TradeSeries without its identity. */
export type TradeColumns = Omit<TradeSeries, 'instrumentId'>;

/** Options of {@link readTradeTable} and the other table readers. */
export interface ReadTableOptions {
  /** Receives rejected rows (strict: throws at the first). */
  readonly quarantine: Quarantine;
  /** How text timestamps are written; `auto` decides from the first cell. */
  readonly timestampFormat: TimestampFormat;
}

/** Column names each trade field is looked up by (case-insensitive, first match wins). */
export const TRADE_COLUMN_NAMES = {
  timestamp: ['timestamp', 'ts_event', 'time', 'datetime', 'date', 't', 'trade_time'],
  price: ['price', 'p', 'px'],
  size: ['quantity', 'amount', 'size', 'qty', 'volume', 'q', 'vol'],
  side: ['side', 'aggressor_side', 'taker_side'],
  buyerMaker: ['buyer_maker', 'is_buyer_maker', 'isbuyermaker', 'm'],
  tradeId: ['trade_id', 'id', 'tradeid', 'a'],
} as const;

const BUY = new Set(['buy', 'b', 'buyer', 'bid', '1']);
const SELL = new Set(['sell', 's', 'seller', 'ask', '2', '-1']);
const NO_SIDE = new Set(['', 'none', 'no_aggressor', '0', 'null', 'undefined']);

/** The aggressor as +1 buyer, −1 seller, 0 unknown; undefined when the text is not a side. */
function sideOf(value: unknown): number | undefined {
  const text = value === null || value === undefined ? '' : cellText(value).trim().toLowerCase();
  if (BUY.has(text)) return 1;
  if (SELL.has(text)) return -1;
  return NO_SIDE.has(text) ? 0 : undefined;
}

/** Buyer-is-maker flag to aggressor: the maker bought, so the seller took liquidity. */
function buyerMakerSide(value: unknown): number | undefined {
  const text = cellText(value).trim().toLowerCase();
  if (text === 'true' || text === '1') return -1;
  if (text === 'false' || text === '0') return 1;
  return undefined;
}

/** Resolves a required column or throws a file-level error listing the columns there are. */
export function requireColumn(table: RecordTable, field: string, names: readonly string[]): number {
  const index = findColumn(table, names);
  if (index >= 0) return index;
  throw new DataFileError(
    table.file,
    { field },
    `no column for '${field}' (looked for ${names.join(', ')}); the columns are: ${table.names.join(', ') || '(none)'}`,
  );
}

/**
 * Reads trade prints from a table. A row is rejected (quarantined, or thrown in strict mode) when
 * its timestamp is unreadable or earlier than the previous taken trade, its price is not positive
 * and finite, its size is not positive and finite, its side is not a side, or its trade id repeats
 * one already taken. Files without an id column get derived ids `<ms>-<n>` (the n-th taken trade
 * of that millisecond in the file), so re-importing a file replaces its own trades and nothing else.
 */
export function readTradeTable(table: RecordTable, options: ReadTableOptions): TradeColumns {
  const { quarantine } = options;
  const names = TRADE_COLUMN_NAMES;
  const timeColumn = requireColumn(table, 'timestamp', names.timestamp);
  const priceColumn = requireColumn(table, 'price', names.price);
  const sizeColumn = requireColumn(table, 'size', names.size);
  const sideColumn = findColumn(table, names.side);
  const makerColumn = sideColumn >= 0 ? -1 : findColumn(table, names.buyerMaker);
  const idColumn = findColumn(table, names.tradeId);
  const format = resolveCellTimestampFormat(table, timeColumn, options.timestampFormat);
  const capacity = table.length;
  const timestamp = new Float64Array(capacity);
  const price = new Float64Array(capacity);
  const size = new Float64Array(capacity);
  const aggressor = new Int8Array(capacity);
  const tradeId: string[] = [];
  const seenIds = new Map<string, number>();
  let count = 0;
  let previousLocation = -1;
  let sequence = 0;
  const place = table.locationKind === 'line' ? 'line' : 'row';
  for (let i = 0; i < table.length; i++) {
    const location = table.location(i);
    const fail = (field: string, value: unknown, detail: string): DataFileError =>
      new DataFileError(
        table.file,
        { [place]: location, field, value: cellText(value) },
        detail.replace('%v', cellText(value)),
      );
    try {
      const rawTime = table.cell(i, timeColumn);
      const time = timestampCell(rawTime, format);
      if (!Number.isFinite(time)) throw fail('timestamp', rawTime, `'%v' is not a valid timestamp (${format})`);
      const rawPrice = table.cell(i, priceColumn);
      const tradePrice = numberCell(rawPrice);
      if (!(tradePrice > 0) || tradePrice === Number.POSITIVE_INFINITY) {
        throw fail('price', rawPrice, "'%v' is not a positive finite price");
      }
      const rawSize = table.cell(i, sizeColumn);
      const tradeSize = numberCell(rawSize);
      if (!(tradeSize > 0) || tradeSize === Number.POSITIVE_INFINITY) {
        throw fail('size', rawSize, "'%v' is not a positive finite quantity");
      }
      let side = 0;
      if (sideColumn >= 0 || makerColumn >= 0) {
        const rawSide = table.cell(i, sideColumn >= 0 ? sideColumn : makerColumn);
        const parsed = sideColumn >= 0 ? sideOf(rawSide) : buyerMakerSide(rawSide);
        if (parsed === undefined) throw fail('side', rawSide, "'%v' is not a trade side (buy/sell)");
        side = parsed;
      }
      const sameMillisecond = count > 0 && time === timestamp[count - 1] ? sequence + 1 : 0;
      const id = idColumn >= 0 ? cellText(table.cell(i, idColumn)).trim() : `${time}-${sameMillisecond}`;
      if (count > 0 && time < timestamp[count - 1]) {
        throw fail(
          'timestamp',
          formatTimestamp(time),
          `%v is before ${formatTimestamp(timestamp[count - 1])} on ${place} ${previousLocation} (trades must be in non-decreasing time order)`,
        );
      }
      if (id !== '') {
        const first = seenIds.get(id);
        if (first !== undefined) throw fail('trade_id', id, `duplicate trade id %v (first on ${place} ${first})`);
        seenIds.set(id, location);
      }
      timestamp[count] = time;
      price[count] = tradePrice;
      size[count] = tradeSize;
      aggressor[count] = side;
      tradeId.push(id);
      count++;
      sequence = sameMillisecond;
      previousLocation = location;
    } catch (error) {
      quarantine.reject(error, table.raw(i));
    }
  }
  return {
    length: count,
    timestamp: timestamp.slice(0, count),
    price: price.slice(0, count),
    size: size.slice(0, count),
    aggressor: aggressor.slice(0, count),
    tradeId,
  };
}

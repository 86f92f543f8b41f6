import type { QuoteSeries } from '../../core/model/data.ts';
import { formatTimestamp } from '../../core/model/time.ts';
import { DataFileError } from './data-file-error.ts';
import { type ReadTableOptions, requireColumn } from './read-trade-table.ts';
import { findColumn, type RecordTable } from './record-table.ts';
import { cellText, numberCell, resolveCellTimestampFormat, timestampCell } from './table-cells.ts';

/** The validated quotes of a file: a QuoteSeries without its identity. */
export type QuoteColumns = Omit<QuoteSeries, 'instrumentId'>;

/** Column names each quote field is looked up by (case-insensitive, first match wins). */
export const QUOTE_COLUMN_NAMES = {
  timestamp: ['timestamp', 'ts_event', 'time', 'datetime', 'date'],
  bid: ['bid', 'bid_price', 'bidprice', 'best_bid', 'bid_px'],
  ask: ['ask', 'ask_price', 'askprice', 'best_ask', 'offer', 'ask_px'],
  bidSize: ['bid_size', 'bid_amount', 'bid_qty', 'bidqty', 'bidsize', 'bid_volume', 'vol bid'],
  askSize: ['ask_size', 'ask_amount', 'ask_qty', 'askqty', 'asksize', 'ask_volume', 'vol offer', 'vol ask'],
} as const;

/**
 * Reads top-of-book quotes from a table. A row is rejected when its timestamp is unreadable or
 * earlier than the previous taken quote, a price is not positive and finite, a size is negative
 * or not finite, or the book is crossed (bid above ask; a locked book, bid = ask, is kept). Files
 * without size columns give sizes of 0, meaning "not given" (the catalog stores finite numbers only).
 */
export function readQuoteTable(table: RecordTable, options: ReadTableOptions): QuoteColumns {
  const names = QUOTE_COLUMN_NAMES;
  const timeColumn = requireColumn(table, 'timestamp', names.timestamp);
  const bidColumn = requireColumn(table, 'bid', names.bid);
  const askColumn = requireColumn(table, 'ask', names.ask);
  const bidSizeColumn = findColumn(table, names.bidSize);
  const askSizeColumn = findColumn(table, names.askSize);
  const format = resolveCellTimestampFormat(table, timeColumn, options.timestampFormat);
  const capacity = table.length;
  const columns = Array.from({ length: 5 }, () => new Float64Array(capacity));
  const [timestamp, bid, ask, bidSize, askSize] = columns;
  let count = 0;
  let previousLocation = -1;
  const place = table.locationKind === 'line' ? 'line' : 'row';
  for (let i = 0; i < table.length; i++) {
    const location = table.location(i);
    const fail = (field: string, value: unknown, detail: string): DataFileError =>
      new DataFileError(
        table.file,
        { [place]: location, field, value: cellText(value) },
        detail.replace('%v', cellText(value)),
      );
    const price = (column: number, field: string): number => {
      const raw = table.cell(i, column);
      const value = numberCell(raw);
      if (!(value > 0) || value === Number.POSITIVE_INFINITY)
        throw fail(field, raw, "'%v' is not a positive finite price");
      return value;
    };
    const quantity = (column: number, field: string): number => {
      if (column < 0) return 0;
      const raw = table.cell(i, column);
      const value = numberCell(raw);
      if (!(value >= 0) || value === Number.POSITIVE_INFINITY) {
        throw fail(field, raw, "'%v' is not a non-negative finite quantity");
      }
      return value;
    };
    try {
      const rawTime = table.cell(i, timeColumn);
      const time = timestampCell(rawTime, format);
      if (!Number.isFinite(time)) throw fail('timestamp', rawTime, `'%v' is not a valid timestamp (${format})`);
      const bidPrice = price(bidColumn, 'bid');
      const askPrice = price(askColumn, 'ask');
      const bidQuantity = quantity(bidSizeColumn, 'bid_size');
      const askQuantity = quantity(askSizeColumn, 'ask_size');
      if (bidPrice > askPrice) throw fail('bid', bidPrice, `crossed book: bid %v is above ask ${askPrice}`);
      if (count > 0 && time < timestamp[count - 1]) {
        throw fail(
          'timestamp',
          formatTimestamp(time),
          `%v is before ${formatTimestamp(timestamp[count - 1])} on ${place} ${previousLocation} (quotes must be in non-decreasing time order)`,
        );
      }
      timestamp[count] = time;
      bid[count] = bidPrice;
      ask[count] = askPrice;
      bidSize[count] = bidQuantity;
      askSize[count] = askQuantity;
      count++;
      previousLocation = location;
    } catch (error) {
      options.quarantine.reject(error, table.raw(i));
    }
  }
  return {
    length: count,
    timestamp: timestamp.slice(0, count),
    bid: bid.slice(0, count),
    ask: ask.slice(0, count),
    bidSize: bidSize.slice(0, count),
    askSize: askSize.slice(0, count),
  };
}

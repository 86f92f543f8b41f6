import { resolve } from 'node:path';
import { type DuckDBConnection, DuckDBInstance, type DuckDBVector } from '@duckdb/node-api';
import type { BarQuery, BarStore, BarWriteSummary } from '../../core/data/bar-store.ts';
import {
  allocateBarSeries,
  BAR_COLUMN_NAMES,
  type BarSeries,
  type QuoteSeries,
  type TradeSeries,
} from '../../core/model/data.ts';
import type { InstrumentId } from '../../core/model/ids.ts';
import { isTimeframe, type Timeframe } from '../../core/model/time.ts';
import { type DataKind, datasetDir, listDatasets, listPartitions, splitInstrumentId } from './catalog-layout.ts';
import { checkSeries } from './check-series.ts';
import { AGGRESSOR_NAMES, aggressorCode, DATASET_SCHEMAS } from './dataset-schema.ts';
import { copyNumbers } from './duckdb-columns.ts';
import { readPlainParquetBars } from './plain-parquet-bars.ts';
import {
  countRows,
  type PartitionScan,
  readScan,
  type ScanOrder,
  scanPartitions,
  summarizePartitions,
} from './read-partitions.ts';
import { deletePartitionRows, type WriteSummary, writePartitions } from './write-partitions.ts';

/** Which trades or quotes to read: one instrument, timestamps in [from, to) (Unix ms). */
export interface TickQuery {
  readonly instrumentId: InstrumentId;
  readonly from?: number;
  readonly to?: number;
}

/** One dataset the catalog holds, as `tradewind data list` shows it. */
export interface CatalogEntry {
  readonly venue: string;
  readonly symbol: string;
  readonly kind: DataKind;
  /** Bars only; undefined for trades and quotes. */
  readonly timeframe?: Timeframe;
  readonly rows: number;
  /** First and last timestamp (a bar's open time), Unix ms. */
  readonly first: number;
  readonly last: number;
  /** Month files. */
  readonly partitions: number;
}

const BAR_COLUMNS = ['open', 'high', 'low', 'close', 'volume'] as const;
const QUOTE_COLUMNS = ['bid_price', 'ask_price', 'bid_size', 'ask_size'] as const;

/** True when each value in [from, to) is greater than the one before it (from 0: from the second). */
function strictlyIncreasing(values: Float64Array, from: number, to: number): boolean {
  for (let i = Math.max(from, 1); i < to; i++) if (!(values[i] > values[i - 1])) return false;
  return true;
}

/**
 * The market-data catalog: bars, trades and quotes in Parquet month partitions under one folder
 * (layout and columns: docs/adr/0005-catalog-layout.md), read and written through one in-memory
 * DuckDB instance. Each operation uses its own connection, so an open stream never blocks or
 * invalidates another read; writes are serialised. Every partition write is atomic.
 */
export class ParquetCatalog implements BarStore {
  private writeQueue: Promise<unknown> = Promise.resolve();

  private constructor(
    /** The catalog folder (absolute). */
    readonly root: string,
    private readonly instance: DuckDBInstance,
  ) {}

  /**
   * Opens the catalog at `dir`. Nothing is created until the first write (an absent folder is an
   * empty catalog). Call `close` when done.
   */
  static async open(dir: string): Promise<ParquetCatalog> {
    const root = resolve(dir);
    const instance = await DuckDBInstance.create(':memory:');
    return new ParquetCatalog(root, instance);
  }

  /** Releases DuckDB; the catalog must not be used afterwards. */
  close(): void {
    this.instance.closeSync();
  }

  private async withConnection<T>(work: (connection: DuckDBConnection) => Promise<T>): Promise<T> {
    const connection = await this.instance.connect();
    try {
      await connection.run("SET TimeZone = 'UTC'");
      return await work(connection);
    } finally {
      connection.closeSync();
    }
  }

  private serialised<T>(work: () => Promise<T>): Promise<T> {
    const next = this.writeQueue.then(work, work);
    this.writeQueue = next.catch(() => undefined);
    return next;
  }

  private dir(kind: DataKind, id: InstrumentId, timeframe?: Timeframe): string {
    return datasetDir(this.root, { kind, ...splitInstrumentId(id), timeframe });
  }

  /** Writes bars (strictly increasing open times); stored bars with the same open time are replaced. */
  async writeBars(series: BarSeries): Promise<BarWriteSummary> {
    checkSeries('bars', series, BAR_COLUMNS, true);
    const dir = this.dir('bars', series.instrumentId, series.timeframe);
    const columns = BAR_COLUMNS.map((name) => ({ name, type: 'DOUBLE' as const, values: series[name] }));
    const summary = await this.write('bars', dir, series.timestamp, columns, series.length);
    return { written: summary.written, replaced: summary.replaced, first: summary.first, last: summary.last };
  }

  /** Deletes the stored bars opening at `openTimes` (Unix ms); returns how many there were. */
  deleteBars(instrumentId: InstrumentId, timeframe: Timeframe, openTimes: readonly number[]): Promise<number> {
    if (!isTimeframe(timeframe)) throw new Error(`invalid timeframe '${timeframe}'`);
    const dir = this.dir('bars', instrumentId, timeframe);
    return this.serialised(() =>
      this.withConnection((connection) =>
        deletePartitionRows(connection, { kind: 'bars', dir, timestamps: openTimes }),
      ),
    );
  }

  /** Writes trades (non-decreasing timestamps); stored trades with the same trade id are replaced. */
  writeTrades(series: TradeSeries): Promise<WriteSummary> {
    checkSeries('trades', series, ['price', 'size'], false);
    for (let i = 0; i < series.length; i++)
      if (typeof series.tradeId[i] !== 'string' || series.tradeId[i] === '')
        throw new Error(`trades: row ${i}: trade id is missing`);
    const sides = Array.from(series.aggressor.subarray(0, series.length), (code) => {
      const name = AGGRESSOR_NAMES[code as 1 | -1 | 0];
      if (name === undefined) throw new Error(`trades: aggressor code ${code} is not 1, -1 or 0`);
      return name;
    });
    const columns = [
      { name: 'price', type: 'DOUBLE' as const, values: series.price },
      { name: 'size', type: 'DOUBLE' as const, values: series.size },
      { name: 'aggressor_side', type: 'VARCHAR' as const, values: sides },
      { name: 'trade_id', type: 'VARCHAR' as const, values: series.tradeId },
    ];
    return this.write('trades', this.dir('trades', series.instrumentId), series.timestamp, columns, series.length);
  }

  /**
   * Writes quotes (non-decreasing timestamps). Quotes have no identity: in each month a write
   * replaces every stored quote whose timestamp lies between its first and last quote of that month.
   */
  writeQuotes(series: QuoteSeries): Promise<WriteSummary> {
    checkSeries('quotes', series, ['bid', 'ask', 'bidSize', 'askSize'], false);
    const values = [series.bid, series.ask, series.bidSize, series.askSize];
    const columns = QUOTE_COLUMNS.map((name, i) => ({ name, type: 'DOUBLE' as const, values: values[i] }));
    return this.write('quotes', this.dir('quotes', series.instrumentId), series.timestamp, columns, series.length);
  }

  private write(
    kind: DataKind,
    dir: string,
    timestamp: Float64Array,
    columns: Parameters<typeof writePartitions>[1]['columns'],
    length: number,
  ): Promise<WriteSummary> {
    return this.serialised(() =>
      this.withConnection((connection) => writePartitions(connection, { kind, dir, timestamp, columns, length })),
    );
  }

  private async barScan(query: BarQuery): Promise<PartitionScan> {
    if (!isTimeframe(query.timeframe)) throw new Error(`invalid timeframe '${query.timeframe}'`);
    const dir = this.dir('bars', query.instrumentId, query.timeframe);
    const partitions = await listPartitions(dir, query.from, query.to);
    return { partitions, from: query.from, to: query.to };
  }

  /** How many bars a query would read. */
  async countBars(query: BarQuery): Promise<number> {
    const scan = await this.barScan(query);
    return this.withConnection((connection) => countRows(connection, scan));
  }

  /**
   * The bars of a query as one series with exact-length Float64Arrays, copied column by column
   * from DuckDB's result vectors. Partitions this catalog wrote are sorted and disjoint, so the
   * scan skips DuckDB's sort; should the timestamps come back out of order (a file written by
   * another tool), the range is read again sorted.
   */
  async readBars(query: BarQuery): Promise<BarSeries> {
    const scan = await this.barScan(query);
    const allocate = (rows: number) => ({
      ...allocateBarSeries(query.instrumentId, query.timeframe, rows),
      length: rows,
    });
    // Months in the layout this catalog writes are read without DuckDB (ADR 0016).
    const plain = await readPlainParquetBars(
      scan.partitions.map((partition) => partition.path),
      scan.from,
      scan.to,
      allocate,
    );
    if (plain !== null) return plain;
    return this.withConnection(async (connection) => {
      // `increasing` is checked chunk by chunk while the chunk's timestamps are still in cache,
      // rather than in a second pass over the whole column.
      const read = async (order: ScanOrder) => {
        let series = allocateBarSeries(query.instrumentId, query.timeframe, 0);
        let targets: Float64Array[] = [];
        let increasing = true;
        await readScan(
          connection,
          scan,
          DATASET_SCHEMAS.bars.columns,
          order,
          (rows) => {
            series = allocate(rows);
            targets = BAR_COLUMN_NAMES.map((name) => series[name]);
          },
          (vectors, rows, offset) => {
            for (let c = 0; c < targets.length; c++)
              copyNumbers(vectors[c], 0, rows, targets[c], offset, BAR_COLUMN_NAMES[c]);
            increasing &&= strictlyIncreasing(series.timestamp, offset, offset + rows);
          },
        );
        return { series, increasing };
      };
      const stored = await read('stored');
      return stored.increasing ? stored.series : (await read('timestamp')).series;
    });
  }

  /**
   * The bars of a query in fresh series of at most `chunkBars` bars, in time order. One month
   * partition is scanned (sorted) at a time through a streaming result, so memory holds one
   * month's sort and the chunks cut from it, however long the range. (A materialised result per
   * month was faster but peaked ~100 MB higher on 5M bars.)
   */
  async *streamBars(query: BarQuery, chunkBars: number): AsyncIterable<BarSeries> {
    if (!(Number.isInteger(chunkBars) && chunkBars > 0))
      throw new Error('streamBars: chunkBars must be a positive integer');
    const scan = await this.barScan(query);
    const connection = await this.instance.connect();
    try {
      await connection.run("SET TimeZone = 'UTC'");
      let chunk = allocateBarSeries(query.instrumentId, query.timeframe, chunkBars);
      let targets = BAR_COLUMN_NAMES.map((name) => chunk[name]);
      let length = 0;
      const ready: BarSeries[] = [];
      const take = (vectors: readonly DuckDBVector[], rows: number) => {
        for (let done = 0; done < rows; ) {
          const count = Math.min(rows - done, chunkBars - length);
          for (let c = 0; c < targets.length; c++)
            copyNumbers(vectors[c], done, count, targets[c], length, BAR_COLUMN_NAMES[c]);
          length += count;
          done += count;
          if (length === chunkBars) {
            ready.push({ ...chunk, length });
            chunk = allocateBarSeries(query.instrumentId, query.timeframe, chunkBars);
            targets = BAR_COLUMN_NAMES.map((name) => chunk[name]);
            length = 0;
          }
        }
      };
      for (const partition of scan.partitions) {
        const monthScan = { partitions: [partition], from: scan.from, to: scan.to };
        await scanPartitions(connection, monthScan, DATASET_SCHEMAS.bars.columns, take, 'timestamp');
        while (ready.length > 0) yield ready.shift() as BarSeries;
      }
      if (length > 0) yield { ...chunk, length };
    } finally {
      connection.closeSync();
    }
  }

  /** Open time of the last stored bar, or undefined when there is none. */
  async lastTimestamp(instrumentId: InstrumentId, timeframe: Timeframe): Promise<number | undefined> {
    const partitions = await listPartitions(this.dir('bars', instrumentId, timeframe));
    if (partitions.length === 0) return undefined;
    const { last } = await this.withConnection((connection) => summarizePartitions(connection, partitions.slice(-1)));
    return Number.isNaN(last) ? undefined : last;
  }

  /** The trades of a query, in stored order (timestamp, then write order). */
  async readTrades(query: TickQuery): Promise<TradeSeries> {
    const partitions = await listPartitions(this.dir('trades', query.instrumentId), query.from, query.to);
    const scan = { partitions, from: query.from, to: query.to };
    return this.withConnection(async (connection) => {
      const total = await countRows(connection, scan);
      const series = {
        instrumentId: query.instrumentId,
        length: total,
        timestamp: new Float64Array(total),
        price: new Float64Array(total),
        size: new Float64Array(total),
        aggressor: new Int8Array(total),
        tradeId: new Array<string>(total),
      };
      let at = 0;
      await scanPartitions(connection, scan, DATASET_SCHEMAS.trades.columns, (vectors, rows) => {
        copyNumbers(vectors[0], 0, rows, series.timestamp, at, 'timestamp');
        copyNumbers(vectors[1], 0, rows, series.price, at, 'price');
        copyNumbers(vectors[2], 0, rows, series.size, at, 'size');
        for (let i = 0; i < rows; i++) {
          series.aggressor[at + i] = aggressorCode(String(vectors[3].getItem(i)));
          series.tradeId[at + i] = String(vectors[4].getItem(i));
        }
        at += rows;
      });
      return series;
    });
  }

  /** The quotes of a query, in stored order. */
  async readQuotes(query: TickQuery): Promise<QuoteSeries> {
    const partitions = await listPartitions(this.dir('quotes', query.instrumentId), query.from, query.to);
    const scan = { partitions, from: query.from, to: query.to };
    return this.withConnection(async (connection) => {
      const total = await countRows(connection, scan);
      const columns = [0, 1, 2, 3, 4].map(() => new Float64Array(total));
      let at = 0;
      await scanPartitions(connection, scan, DATASET_SCHEMAS.quotes.columns, (vectors, rows) => {
        for (let c = 0; c < columns.length; c++)
          copyNumbers(vectors[c], 0, rows, columns[c], at, c === 0 ? 'timestamp' : QUOTE_COLUMNS[c - 1]);
        at += rows;
      });
      const [timestamp, bid, ask, bidSize, askSize] = columns;
      return { instrumentId: query.instrumentId, length: total, timestamp, bid, ask, bidSize, askSize };
    });
  }

  /** Every dataset the catalog holds with its rows, first and last timestamp and partitions. */
  async list(): Promise<CatalogEntry[]> {
    const keys = await listDatasets(this.root);
    return this.withConnection(async (connection) => {
      const entries: CatalogEntry[] = [];
      for (const key of keys) {
        const partitions = await listPartitions(datasetDir(this.root, key));
        if (partitions.length === 0) continue;
        const summary = await summarizePartitions(connection, partitions);
        entries.push({ ...key, ...summary, partitions: partitions.length });
      }
      return entries.sort(
        (a, b) =>
          a.venue.localeCompare(b.venue) ||
          a.symbol.localeCompare(b.symbol) ||
          a.kind.localeCompare(b.kind) ||
          (a.timeframe ?? '').localeCompare(b.timeframe ?? ''),
      );
    });
  }
}

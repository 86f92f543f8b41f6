import type { DataKind } from './catalog-layout.ts';

/**
 * The Parquet columns of each kind (after `timestamp`, which is always first: a
 * `TIMESTAMP WITH TIME ZONE` in UTC, written as Parquet TIMESTAMP(isAdjustedToUTC, MICROS) and read
 * by pandas as `datetime64[us, UTC]`), and how a write replaces stored rows. Names follow
 * NautilusTrader's data types (open/high/low/close/volume; price/size/aggressor_side/trade_id;
 * bid_price/ask_price/bid_size/ask_size). See docs/adr/0005-catalog-layout.md.
 */
export interface DatasetSchema {
  readonly columns: readonly { readonly name: string; readonly type: 'DOUBLE' | 'VARCHAR' }[];
  /**
   * Which stored rows of a partition a write replaces, as a SQL condition on a stored row `o`,
   * given the partition's new rows in `n` (bounds `first`, `last` in ms are substituted).
   * bars: same open time; trades: same trade id; quotes: timestamps within the written span.
   */
  readonly replaces: string;
  /**
   * Row order within a partition (`src` 0 stored, 1 new; `row` the position in its source).
   * Trades with equal timestamps keep venue order through numeric trade ids where ids are numbers,
   * so replacing a trade does not move it behind its same-millisecond neighbours.
   */
  readonly order: string;
  /**
   * Parquet codec of the files this catalog writes. Bars are stored uncompressed: decoding zstd
   * was about 40% of the CPU of a bar load, and bars have a load-time target (issue 4); ticks keep
   * zstd, where volume matters more than load time and the string columns compress well. Reads
   * accept any codec, so months written earlier with zstd read unchanged. See
   * docs/adr/0015-uncompressed-bar-files.md.
   */
  readonly compression: 'uncompressed' | 'zstd';
}

const number = (name: string) => ({ name, type: 'DOUBLE' as const });
const text = (name: string) => ({ name, type: 'VARCHAR' as const });

export const DATASET_SCHEMAS: Record<DataKind, DatasetSchema> = {
  bars: {
    columns: ['open', 'high', 'low', 'close', 'volume'].map(number),
    replaces: 'o.ts IN (SELECT ts FROM n)',
    order: 'ts',
    compression: 'uncompressed',
  },
  trades: {
    columns: [number('price'), number('size'), text('aggressor_side'), text('trade_id')],
    replaces: 'o.trade_id IN (SELECT trade_id FROM n)',
    order: 'ts, TRY_CAST(trade_id AS HUGEINT) NULLS LAST, src, "row"',
    compression: 'zstd',
  },
  quotes: {
    columns: ['bid_price', 'ask_price', 'bid_size', 'ask_size'].map(number),
    replaces: 'o.ts BETWEEN $first AND $last',
    order: 'ts, src, "row"',
    compression: 'zstd',
  },
};

/** Nautilus' aggressor names for the TradeSeries codes 1 (buyer), −1 (seller), 0 (none). */
export const AGGRESSOR_NAMES = { 1: 'BUYER', [-1]: 'SELLER', 0: 'NO_AGGRESSOR' } as const;

/** The TradeSeries code of a stored aggressor name. */
export function aggressorCode(name: string): 1 | -1 | 0 {
  if (name === 'BUYER') return 1;
  if (name === 'SELLER') return -1;
  if (name === 'NO_AGGRESSOR') return 0;
  throw new Error(`catalog: unknown aggressor_side '${name}'`);
}

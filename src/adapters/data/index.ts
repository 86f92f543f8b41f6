/**
 * Market-data file importers: bar files for backtests (`loadBars`: CSV, Yahoo, Binance kline CSV,
 * freqtrade JSON and Feather, ccxt OHLCV JSON, Kraken OHLC JSON), and every bar, trade and quote
 * format for imports (`readMarketDataFile`), with a quarantine of the rows that fail validation.
 */
export type { ColumnMapping } from './column-mapping.ts';
export { DataFileError } from './data-file-error.ts';
export {
  BAR_FILE_FORMATS,
  type BarFileFormat,
  detectBarFileFormat,
  isBarFileFormat,
} from './detect-bar-file-format.ts';
export {
  type DetectedFormat,
  detectMarketDataFormat,
  MARKET_DATA_FORMATS,
  type MarketDataFormat,
} from './detect-market-data-format.ts';
export { detectTimeframe } from './detect-timeframe.ts';
export { type LoadBarsOptions, type LoadedBars, loadBars } from './load-bars.ts';
export { TIMESTAMP_FORMATS, type TimestampFormat } from './parse-timestamp.ts';
export {
  countQuarantineReasons,
  Quarantine,
  type QuarantineEntry,
  READ_MODES,
  type ReadMode,
} from './quarantine.ts';
export { readDataFileBytes } from './read-data-file-bytes.ts';
export {
  type MarketDataColumns,
  type MarketDataFile,
  type MarketDataHints,
  type ReadMarketDataOptions,
  readMarketDataFile,
} from './read-market-data-file.ts';
export type { QuoteColumns } from './read-quote-table.ts';
export type { TradeColumns } from './read-trade-table.ts';

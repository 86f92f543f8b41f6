/**
 * Bar-file importers: CSV, Yahoo, Binance kline CSV, freqtrade JSON and Feather, ccxt OHLCV JSON
 * and Kraken OHLC JSON into validated columnar `BarSeries`.
 */
export type { ColumnMapping } from './column-mapping.ts';
export { DataFileError } from './data-file-error.ts';
export { BAR_FILE_FORMATS, type BarFileFormat, detectBarFileFormat } from './detect-bar-file-format.ts';
export { detectTimeframe } from './detect-timeframe.ts';
export { type LoadBarsOptions, type LoadedBars, loadBars } from './load-bars.ts';
export { TIMESTAMP_FORMATS, type TimestampFormat } from './parse-timestamp.ts';

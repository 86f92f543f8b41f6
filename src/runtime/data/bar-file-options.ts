import type { z } from 'zod';
import { type BarFileFormat, isBarFileFormat, type LoadBarsOptions } from '../../adapters/data/index.ts';
import { instrumentId } from '../../core/model/ids.ts';
import type { dataConfig, instrumentConfig } from '../config/backtest-config.ts';
import { ConfigError } from '../config/load-backtest-config.ts';

/** The bar format of `data.format` (undefined: detect it); a tick format here is a configuration error. */
export function barFileFormat(format: z.infer<typeof dataConfig>['format']): BarFileFormat | undefined {
  if (format === 'auto') return undefined;
  if (isBarFileFormat(format)) return format;
  throw new ConfigError(
    `data.format: ${format} is a tick (quote or trade) format; only \`tradewind backtest\` runs on ticks, this command needs bars`,
  );
}

/**
 * How a config's `data` and `instrument` sections read its bar file (format, columns, timestamp
 * format, adjustment, price grid, volume unit), for bars in [from, to): the one mapping the
 * backtest, the ML commands and the paper node share.
 */
export function barFileOptions(
  config: { readonly data: z.infer<typeof dataConfig>; readonly instrument: z.infer<typeof instrumentConfig> },
  range: { readonly from?: number; readonly to?: number } = {},
): LoadBarsOptions {
  return {
    path: config.data.path as string,
    instrumentId: instrumentId(config.instrument.symbol, config.instrument.venue),
    format: barFileFormat(config.data.format),
    timeframe: config.data.timeframe,
    columns: config.data.columns,
    timestampFormat: config.data.timestamp_format,
    adjust: config.data.adjust,
    priceIncrement: config.instrument.price_increment,
    volumeUnit: config.data.volume_unit,
    from: range.from,
    to: range.to,
  };
}

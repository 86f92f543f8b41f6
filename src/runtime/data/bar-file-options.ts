import type { z } from 'zod';
import type { LoadBarsOptions } from '../../adapters/data/index.ts';
import { instrumentId } from '../../core/model/ids.ts';
import type { dataConfig, instrumentConfig } from '../config/backtest-config.ts';

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
    format: config.data.format === 'auto' ? undefined : config.data.format,
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

import { ParquetCatalog } from '../../adapters/catalog/index.ts';
import { loadBars } from '../../adapters/data/index.ts';
import type { BarSeries } from '../../core/model/data.ts';
import { instrumentId } from '../../core/model/ids.ts';
import { catalogDir } from '../config/catalog-dir.ts';
import { ConfigError } from '../config/load-backtest-config.ts';
import { parseInstant } from '../config/parse-instant.ts';
import { barFileOptions } from '../data/bar-file-options.ts';
import type { MlConfig } from './ml-config.ts';

/** The bars of an ML run and a human-readable name of where they came from. */
export interface MlBars {
  readonly series: BarSeries;
  readonly timeframe: string;
  /** The bar file's path, or `catalog:<dir>`. */
  readonly source: string;
}

/**
 * Loads the configured bars in [period.from, period.to): from the bar file (as `tradewind backtest`
 * reads it) or from the catalog.
 */
export async function loadMlBars(config: Pick<MlConfig, 'data' | 'instrument' | 'period'>): Promise<MlBars> {
  const from = parseInstant('period.from', config.period.from);
  const to = parseInstant('period.to', config.period.to);
  if (from !== undefined && to !== undefined && !(from < to))
    throw new ConfigError(`period: from (${config.period.from}) must be before to (${config.period.to})`);
  const id = instrumentId(config.instrument.symbol, config.instrument.venue);
  if (config.data.catalog !== undefined) {
    const dir = catalogDir(config.data.catalog === 'default' ? undefined : config.data.catalog);
    const timeframe = config.data.timeframe as string;
    const store = await ParquetCatalog.open(dir);
    try {
      const series = await store.readBars({ instrumentId: id, timeframe, from, to });
      if (series.length === 0) throw new ConfigError(`the catalog ${dir} holds no ${timeframe} bars of ${id}`);
      return { series, timeframe, source: `catalog:${dir}` };
    } finally {
      store.close();
    }
  }
  const data = await loadBars(barFileOptions(config, { from, to }));
  return { series: data.series, timeframe: data.timeframe, source: data.path };
}

import { ParquetCatalog } from '../../adapters/catalog/index.ts';
import { loadBars } from '../../adapters/data/index.ts';
import { lowerBound } from '../../core/data/lower-bound.ts';
import { type BarSeries, sliceBarSeries } from '../../core/model/data.ts';
import { instrumentId } from '../../core/model/ids.ts';
import { timeframeMillis } from '../../core/model/time.ts';
import type { BacktestConfig } from '../config/backtest-config.ts';
import { catalogDir } from '../config/catalog-dir.ts';
import { ConfigError } from '../config/load-backtest-config.ts';
import { barFileOptions } from '../data/bar-file-options.ts';

/** The node's bars from the config's data source: the warm-up before `from`, and the replay [from, to). */
export interface NodeBars {
  /** At most the configured warm-up count of bars opening before `from`, oldest first. */
  readonly warmup: BarSeries;
  /** The bars of [from, to) (empty when only warm-up bars were asked for: live mode). */
  readonly replay: BarSeries;
  readonly timeframe: string;
  /** Where they came from (the bar file, or `catalog <dir>`). */
  readonly source: string;
}

/**
 * Reads the config's bar file or catalog (as the backtest does: same decoder, same options) and
 * splits it at `from`: the last `warmupBars` before it, and [from, to). `from` undefined: no
 * replay, the warm-up is the last bars before `to` (or of the source).
 */
export async function loadNodeBars(
  config: Readonly<BacktestConfig>,
  range: { readonly from?: number; readonly to?: number; readonly warmupBars: number },
): Promise<NodeBars> {
  const id = instrumentId(config.instrument.symbol, config.instrument.venue);
  let all: BarSeries;
  let timeframe: string;
  let source: string;
  if (config.data.catalog !== undefined) {
    const dir = catalogDir(config.data.catalog === 'default' ? undefined : config.data.catalog);
    timeframe = config.data.timeframe as string;
    // Twice the warm-up span leaves room for gaps; the split below keeps the last `warmupBars`.
    const span = 2 * range.warmupBars * timeframeMillis(timeframe);
    const store = await ParquetCatalog.open(dir);
    try {
      const first = range.from === undefined ? undefined : range.from - span;
      all = await store.readBars({ instrumentId: id, timeframe, from: first, to: range.to });
    } finally {
      store.close();
    }
    source = `catalog ${dir}`;
  } else {
    const path = config.data.path as string;
    const data = await loadBars(barFileOptions(config, { to: range.to }));
    all = data.series;
    timeframe = data.timeframe;
    source = path;
  }
  const split = range.from === undefined ? all.length : lowerBound(all.timestamp, range.from, all.length);
  const warmup = sliceBarSeries(all, Math.max(0, split - range.warmupBars), split);
  const replay = sliceBarSeries(all, split, all.length);
  if (range.from !== undefined && replay.length === 0)
    throw new ConfigError(`${source} holds no ${timeframe} bars of ${id} in the replay range`);
  return { warmup, replay, timeframe, source };
}

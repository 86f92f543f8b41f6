import type { ParquetCatalog } from '../../adapters/catalog/index.ts';
import { ConfigError } from '../config/load-backtest-config.ts';

/**
 * The venue of `symbol`'s `timeframe` bars in a catalog: `venue` when given, else the one venue
 * the catalog holds them for. None, or several, is a ConfigError that says which flag to fix.
 */
export async function catalogVenue(
  catalog: ParquetCatalog,
  dir: string,
  options: { readonly symbol: string; readonly timeframe: string; readonly venue?: string },
): Promise<string> {
  if (options.venue !== undefined) return options.venue;
  const held = (await catalog.list()).filter(
    (e) => e.kind === 'bars' && e.symbol === options.symbol && e.timeframe === options.timeframe,
  );
  if (held.length === 1) return held[0]!.venue;
  throw new ConfigError(
    held.length === 0
      ? `--symbol: catalog ${dir} holds no ${options.timeframe} bars of '${options.symbol}' (see tradewind data list)`
      : `--venue: '${options.symbol}' ${options.timeframe} is held for venues ${held.map((e) => e.venue).join(', ')}: pick one`,
  );
}

import { readFile } from 'node:fs/promises';
import type { Exchange } from 'ccxt';
import { createCcxtExchange, isCcxtExchangeId } from '../../adapters/venues/ccxt/index.ts';
import { ConfigError } from '../config/load-backtest-config.ts';

/** Where the backfill's exchanges come from, as the CLI states it. */
export interface BackfillSourceSpec {
  /** Primary ccxt id. */
  readonly exchange: string;
  /** Further ccxt ids, in order of preference. */
  readonly fallback?: readonly string[];
  /**
   * REST origins replacing the venues' own: `url` for every source, or `id=url` for one
   * (tests point ccxt at the local replay server; users may point it at a relay).
   */
  readonly exchangeUrls?: readonly string[];
  /** JSON file holding an array of ccxt market structures used instead of loading markets. */
  readonly marketsFile?: string;
}

function urlFor(id: string, specs: readonly string[]): string | undefined {
  let chosen: string | undefined;
  for (const spec of specs) {
    const match = /^([a-z0-9_]+)=(.+)$/.exec(spec);
    if (match === null) chosen ??= spec;
    else if (match[1] === id) return match[2];
  }
  return chosen;
}

async function readMarkets(file: string): Promise<Record<string, unknown>[]> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new ConfigError(`--markets-file ${file}: ${(error as Error).message}`);
  }
  if (!Array.isArray(parsed) || parsed.some((m) => typeof m !== 'object' || m === null || typeof m.symbol !== 'string'))
    throw new ConfigError(`--markets-file ${file}: expected a JSON array of ccxt markets, each with a 'symbol'`);
  return parsed;
}

/**
 * The ccxt exchanges of a backfill, primary first. Unknown ids, malformed URLs and a malformed
 * markets file are ConfigErrors naming the flag.
 */
export async function createBackfillSources(spec: BackfillSourceSpec): Promise<Exchange[]> {
  const ids = [spec.exchange, ...(spec.fallback ?? [])];
  for (const id of ids)
    if (!isCcxtExchangeId(id))
      throw new ConfigError(`--exchange/--fallback: '${id}' is not a ccxt exchange id (e.g. binance, kraken, bitvavo)`);
  if (new Set(ids).size !== ids.length)
    throw new ConfigError(`--fallback: an exchange is listed twice in ${ids.join(',')}`);
  for (const spec_ of spec.exchangeUrls ?? []) {
    const url = spec_.replace(/^[a-z0-9_]+=/, '');
    if (!URL.canParse(url) || !/^https?:/.test(url))
      throw new ConfigError(`--exchange-url: '${spec_}' is not an http(s) URL`);
  }
  const markets = spec.marketsFile === undefined ? undefined : await readMarkets(spec.marketsFile);
  return ids.map((id) => {
    const baseUrl = urlFor(id, spec.exchangeUrls ?? []);
    return createCcxtExchange({
      exchangeId: id,
      ...(baseUrl === undefined ? {} : { baseUrl }),
      ...(markets === undefined ? {} : { markets }),
    });
  });
}

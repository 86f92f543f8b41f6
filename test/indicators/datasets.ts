import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type LoadBarsOptions, loadBars } from '../../src/adapters/data/index.ts';
import type { BarColumns } from '../../src/core/indicators/indicator.ts';
import { instrumentId } from '../../src/core/model/ids.ts';

/**
 * Bar series the indicator tests run on: real market data (TA-Lib's own regression series, BTC
 * 1-minute, ORCL daily, a low-priced 5-minute altcoin pair with real volume) and synthetic edge
 * cases (constant prices, zeros, one spike, price gaps).
 */
export interface Dataset {
  readonly name: string;
  readonly bars: BarColumns;
  readonly length: number;
}

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const SHARED = join(ROOT, '..', 'shared', 'data');

async function load(name: string, path: string, options: Partial<LoadBarsOptions> = {}): Promise<Dataset> {
  const { series } = await loadBars({ path, instrumentId: instrumentId('TEST', 'SIM'), ...options });
  return { name, bars: series, length: series.length };
}

/** The real series; `../shared/data` must sit beside the repository (as in CI). */
export async function realDatasets(): Promise<readonly Dataset[]> {
  return Promise.all([
    load('ta-lib regression series (252 daily bars)', join(SHARED, 'ta-lib', 'ta_regtest_daily_ref.csv')),
    load('BTC-PERP 1-minute (45,031 bars)', join(ROOT, 'data', 'samples', 'btc-perp-20211231-20220201_1m.csv')),
    load('ORCL daily 1995-2014', join(ROOT, 'test', 'fixtures', 'orcl-1995-2014.txt')),
    load('LTC/BTC 5-minute (freqtrade)', join(SHARED, 'freqtrade', 'tests', 'testdata', 'LTC_BTC-5m.feather')),
  ]);
}

function synthetic(name: string, length: number, close: (i: number) => number, range = 0, volume = 1000): Dataset {
  const c = Float64Array.from({ length }, (_, i) => close(i));
  const o = Float64Array.from({ length }, (_, i) => (i === 0 ? c[0]! : c[i - 1]!));
  const h = Float64Array.from({ length }, (_, i) => Math.max(o[i]!, c[i]!) + range);
  const l = Float64Array.from({ length }, (_, i) => Math.min(o[i]!, c[i]!) - range);
  const v = Float64Array.from({ length }, (_, i) => (volume === 0 ? 0 : volume + ((i * 37) % 11) * 10));
  const t = Float64Array.from({ length }, (_, i) => Date.UTC(2024, 0, 1) + i * 3_600_000);
  return { name, bars: { timestamp: t, open: o, high: h, low: l, close: c, volume: v }, length };
}

/** Edge cases where conventions differ: flat markets (zero ranges, zero variance), zeros, one spike, gaps. */
export function syntheticDatasets(): readonly Dataset[] {
  return [
    synthetic('constant 100', 300, () => 100),
    synthetic('all zeros, no volume', 300, () => 0, 0, 0),
    synthetic('one spike at bar 150', 300, (i) => (i === 150 ? 1000 : 100), 0.5),
    synthetic(
      'gaps: level shifts every 40 bars',
      300,
      (i) => 100 + 25 * (Math.floor(i / 40) % 3) + Math.sin(i) * 0.5,
      0.25,
    ),
    synthetic('trend with noise', 600, (i) => 50 + i * 0.1 + Math.sin(i * 0.7) * 2, 1),
  ];
}

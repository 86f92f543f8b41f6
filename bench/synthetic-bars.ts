/**
 * Deterministic synthetic 1-minute bars for the benchmark, block-bootstrapped from the real FTX
 * BTC-PERP sample (data/samples/btc-perp-20211231-20220201_1m.csv, 45,031 bars).
 *
 * Each real bar t ≥ 1 is reduced to four log ratios — gap = ln(open / previous close),
 * up = ln(high / open) ≥ 0, down = ln(low / open) ≤ 0, body = ln(close / open) — and its volume
 * in base units (the file's quote notional divided by the bar's typical price). A synthetic
 * series chains whole real bars in blocks of `blockLength` consecutive bars, each block starting
 * at a uniformly drawn real bar and, with probability ½, mirrored in log space (gap, body → −gap,
 * −body; up ↔ −down). Mirroring keeps the shapes, volatility clustering and volume of the real
 * bars but removes the sample's drift (January 2022 fell 17%; chained over 10M bars that drift
 * would take the price to zero). The log price is additionally reflected into a band around the
 * start price (÷/× `bandFactor`), so arbitrarily long streams stay in a realistic price range.
 *
 * Prices are snapped to the price grid (0.01 by default) after the ratios are applied; high and
 * low are then widened to contain open and close, so every bar is a valid OHLC on the grid.
 * Volume is rounded to 0.001 base units. Timestamps (bar open times) are `timeframeMs` apart.
 *
 * The generator is a stream: `fill` continues where the previous call stopped, so the first
 * million bars of a 10M-bar stream are the same bars as a 1M-bar run with the same seed.
 */
import { readFileSync } from 'node:fs';
import type { BarSeries } from '../src/core/model/data.ts';

/** The real sample the synthetic bars are bootstrapped from. */
export const SAMPLE_CSV_PATH = new URL('../data/samples/btc-perp-20211231-20220201_1m.csv', import.meta.url);

/** Per-bar log ratios and base volumes of the real bars (index k describes real bar k + 1). */
export interface BarRatios {
  readonly length: number;
  readonly gap: Float64Array;
  readonly up: Float64Array;
  readonly down: Float64Array;
  readonly body: Float64Array;
  /** Volume in base units. */
  readonly volume: Float64Array;
  /** Close of the first real bar: the default start price. */
  readonly firstClose: number;
  /** Open time (ms) of the first real bar: the default start time. */
  readonly firstTimestamp: number;
}

/** Destination columns (a BarSeries' arrays); `fill` writes into them from `offset`. */
export type BarColumns = Pick<BarSeries, 'timestamp' | 'open' | 'high' | 'low' | 'close' | 'volume'>;

export interface SyntheticBarOptions {
  readonly seed: number;
  /** Consecutive real bars per bootstrap block (default 1,440: one day of 1-minute bars). */
  readonly blockLength?: number;
  /** Price of the bar before the first synthetic bar (default: the first real close). */
  readonly startPrice?: number;
  /** Open time of the first synthetic bar in ms (default: the first real bar's). */
  readonly startTimestamp?: number;
  readonly timeframeMs?: number;
  /** Decimal places of the price grid (2 → 0.01). */
  readonly priceDecimals?: number;
  /** Decimal places of the volume grid (3 → 0.001). */
  readonly volumeDecimals?: number;
  /** The log price is reflected into [start ÷ bandFactor, start × bandFactor] (default 8). */
  readonly bandFactor?: number;
}

/** Parses the sample CSV (header timestamp,open,high,low,close,volume; UTC open times). */
export function readSampleBars(path: URL | string = SAMPLE_CSV_PATH): {
  timestamp: Float64Array;
  open: Float64Array;
  high: Float64Array;
  low: Float64Array;
  close: Float64Array;
  quoteVolume: Float64Array;
} {
  const lines = readFileSync(path, 'utf8').split('\n');
  const header = lines[0].trim();
  if (header !== 'timestamp,open,high,low,close,volume')
    throw new Error(`unexpected header in ${String(path)}: ${header}`);
  const rows = lines.slice(1).filter((line) => line.trim().length > 0);
  const n = rows.length;
  const out = {
    timestamp: new Float64Array(n),
    open: new Float64Array(n),
    high: new Float64Array(n),
    low: new Float64Array(n),
    close: new Float64Array(n),
    quoteVolume: new Float64Array(n),
  };
  for (let i = 0; i < n; i++) {
    const f = rows[i].split(',');
    // "2021-12-31 23:01:00.000000" is UTC without a zone marker.
    out.timestamp[i] = Date.parse(`${f[0].trim().replace(' ', 'T').slice(0, 23)}Z`);
    out.open[i] = Number(f[1]);
    out.high[i] = Number(f[2]);
    out.low[i] = Number(f[3]);
    out.close[i] = Number(f[4]);
    out.quoteVolume[i] = Number(f[5]);
    if (
      !Number.isFinite(out.timestamp[i]) ||
      !(out.low[i] > 0) ||
      !(out.high[i] >= out.low[i]) ||
      !(out.quoteVolume[i] >= 0)
    ) {
      throw new Error(`bad row ${i + 2} in ${String(path)}: ${rows[i]}`);
    }
  }
  return out;
}

/** Reduces the real bars to the ratios the bootstrap resamples. */
export function barRatios(path: URL | string = SAMPLE_CSV_PATH): BarRatios {
  const real = readSampleBars(path);
  const n = real.open.length - 1;
  const ratios = {
    length: n,
    gap: new Float64Array(n),
    up: new Float64Array(n),
    down: new Float64Array(n),
    body: new Float64Array(n),
    volume: new Float64Array(n),
    firstClose: real.close[0],
    firstTimestamp: real.timestamp[0],
  };
  for (let k = 0; k < n; k++) {
    const t = k + 1;
    const open = real.open[t];
    ratios.gap[k] = Math.log(open / real.close[t - 1]);
    ratios.up[k] = Math.log(Math.max(real.high[t], open) / open);
    ratios.down[k] = Math.log(Math.min(real.low[t], open) / open);
    ratios.body[k] = Math.log(real.close[t] / open);
    const typical = (real.high[t] + real.low[t] + real.close[t]) / 3;
    ratios.volume[k] = real.quoteVolume[t] / typical;
  }
  return ratios;
}

/** mulberry32: small, fast, seeded; the same seed always gives the same bars. */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A resumable stream of synthetic bars (see the file comment for the method). */
export class SyntheticBarGenerator {
  private readonly random: () => number;
  private readonly blockLength: number;
  private readonly timeframeMs: number;
  private readonly priceScale: number;
  private readonly volumeScale: number;
  private readonly bandLow: number;
  private readonly bandWidth: number;
  /** Unbounded log of the previous close (before reflection). */
  private logPrice: number;
  private nextTimestamp: number;
  /** Real-bar index of the next bar in the current block, and bars left in it. */
  private cursor = 0;
  private left = 0;
  private direction = 1;
  /** Bars generated so far. */
  generated = 0;

  constructor(
    private readonly ratios: BarRatios,
    options: SyntheticBarOptions,
  ) {
    this.random = mulberry32(options.seed);
    this.blockLength = Math.min(options.blockLength ?? 1440, ratios.length);
    this.timeframeMs = options.timeframeMs ?? 60_000;
    this.priceScale = 10 ** (options.priceDecimals ?? 2);
    this.volumeScale = 10 ** (options.volumeDecimals ?? 3);
    const start = options.startPrice ?? ratios.firstClose;
    const band = Math.log(options.bandFactor ?? 8);
    this.logPrice = Math.log(start);
    this.bandLow = this.logPrice - band;
    this.bandWidth = 2 * band;
    this.nextTimestamp = options.startTimestamp ?? ratios.firstTimestamp;
  }

  /** Writes the next `count` bars into `out` at `offset`. */
  fill(out: BarColumns, offset: number, count: number): void {
    const { gap, up, down, body, volume } = this.ratios;
    const scale = this.priceScale;
    const volumeScale = this.volumeScale;
    let x = this.logPrice;
    let time = this.nextTimestamp;
    for (let i = offset; i < offset + count; i++) {
      if (this.left === 0) this.startBlock();
      const k = this.cursor++;
      this.left--;
      let o: number;
      let h: number;
      let l: number;
      let c: number;
      if (this.direction > 0) {
        o = x + gap[k];
        h = o + up[k];
        l = o + down[k];
        c = o + body[k];
      } else {
        o = x - gap[k];
        h = o - down[k];
        l = o - up[k];
        c = o - body[k];
      }
      x = c;
      const open = Math.round(Math.exp(this.reflect(o)) * scale) / scale;
      const close = Math.round(Math.exp(this.reflect(c)) * scale) / scale;
      const a = Math.round(Math.exp(this.reflect(h)) * scale) / scale;
      const b = Math.round(Math.exp(this.reflect(l)) * scale) / scale;
      out.timestamp[i] = time;
      out.open[i] = open;
      out.high[i] = Math.max(open, close, a, b);
      out.low[i] = Math.min(open, close, a, b);
      out.close[i] = close;
      out.volume[i] = Math.round(volume[k] * volumeScale) / volumeScale;
      time += this.timeframeMs;
    }
    this.logPrice = x;
    this.nextTimestamp = time;
    this.generated += count;
  }

  private startBlock(): void {
    this.cursor = Math.floor(this.random() * (this.ratios.length - this.blockLength + 1));
    this.left = this.blockLength;
    this.direction = this.random() < 0.5 ? -1 : 1;
  }

  /** Folds an unbounded log price into the band (a triangle wave: continuous, slope ±1). */
  private reflect(value: number): number {
    const period = 2 * this.bandWidth;
    let m = (value - this.bandLow) % period;
    if (m < 0) m += period;
    return this.bandLow + (m <= this.bandWidth ? m : period - m);
  }
}

/** Allocates columns for `count` bars and fills them from a fresh generator. */
export function generateSyntheticBars(count: number, options: SyntheticBarOptions, ratios = barRatios()): BarColumns {
  const columns: BarColumns = {
    timestamp: new Float64Array(count),
    open: new Float64Array(count),
    high: new Float64Array(count),
    low: new Float64Array(count),
    close: new Float64Array(count),
    volume: new Float64Array(count),
  };
  new SyntheticBarGenerator(ratios, options).fill(columns, 0, count);
  return columns;
}

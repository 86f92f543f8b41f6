/**
 * Bar quality benchmark (no issue target; reported for regressions): `barQualityReport` over
 * 1,000,000 one-minute bars with one bar in every 1,000 removed (999 gaps), on the 24/7 calendar,
 * beside its anchor in the same run: a plain loop counting gaps from consecutive open times (no
 * duplicates, order, OHLC or outlier checks). Also `repairBars(..., 'fill')` of the same series.
 * Figures are medians of `runs` timed runs after one warm-up; the run throws when the report's
 * missing-bar count differs from the anchor's, so a fast but wrong report cannot report a figure.
 */
import { barQualityReport } from '../../src/core/data/bar-quality-report.ts';
import { repairBars } from '../../src/core/data/repair-bars.ts';
import { type BarSeries, sliceBarSeries } from '../../src/core/model/data.ts';
import { instrumentId } from '../../src/core/model/ids.ts';
import { median, seconds } from '../indicators/timing.ts';
import { generateSyntheticBars } from '../synthetic-bars.ts';

export interface QualityBenchOptions {
  /** 1-minute bars generated before the holes are cut (default 1,000,000). */
  readonly bars?: number;
  /** Timed runs of each (default 5). */
  readonly runs?: number;
  readonly seed?: number;
}

export interface QualityBenchResult {
  readonly bars: number;
  readonly missing_bars: number;
  /** Median ms of barQualityReport (all checks). */
  readonly quality_report_ms: number;
  /** Median ms of repairBars with the fill policy. */
  readonly repair_fill_ms: number;
  /** Median ms of the plain gap-counting loop. */
  readonly anchor_ms: number;
}

const MINUTE = 60_000;

function anchorLoop(timestamp: Float64Array, n: number): number {
  let missing = 0;
  for (let i = 1; i < n; i++) missing += (timestamp[i] - timestamp[i - 1]) / MINUTE - 1;
  return missing;
}

/** Runs the benchmark and returns its figures. */
export function runQualityBench(options: QualityBenchOptions = {}): QualityBenchResult {
  const total = options.bars ?? 1_000_000;
  const runs = options.runs ?? 5;
  const columns = generateSyntheticBars(total, { seed: options.seed ?? 1, timeframeMs: MINUTE });
  const full: BarSeries = {
    instrumentId: instrumentId('BTC-PERP', 'BENCH'),
    timeframe: '1m',
    length: total,
    ...columns,
  };
  const keep = Array.from({ length: total }, (_, i) => i).filter((i) => i % 1000 !== 500);
  const pick = (values: Float64Array) => Float64Array.from(keep, (i) => values[i]);
  const series: BarSeries = {
    ...sliceBarSeries(full, 0, total),
    length: keep.length,
    timestamp: pick(full.timestamp),
    open: pick(full.open),
    high: pick(full.high),
    low: pick(full.low),
    close: pick(full.close),
    volume: pick(full.volume),
  };
  const time = (work: () => void): number => {
    work();
    const samples: number[] = [];
    for (let r = 0; r < runs; r++) {
      const start = process.hrtime.bigint();
      work();
      samples.push(seconds(start) * 1000);
    }
    return median(samples);
  };
  const expected = anchorLoop(series.timestamp, series.length);
  const report = barQualityReport(series);
  if (report.missing.bars !== expected)
    throw new Error(`quality bench: report found ${report.missing.bars} missing bars, the plain loop ${expected}`);
  return {
    bars: series.length,
    missing_bars: expected,
    quality_report_ms: time(() => barQualityReport(series)),
    repair_fill_ms: time(() => repairBars(series, report, 'fill')),
    anchor_ms: time(() => anchorLoop(series.timestamp, series.length)),
  };
}

/**
 * The market-data part of `npm run bench` (issue 4): import, catalog load and streaming,
 * resampling and the quality report, each beside its anchor measured in the same run, with the
 * issue's targets judged. Figures in milliseconds unless named otherwise.
 */
import { runCatalogBench } from './catalog-bench.ts';
import { runImportBench } from './import-bench.ts';
import { runQualityBench } from './quality-bench.ts';
import { runResampleBench } from './resample-bench.ts';

export interface DataBenchOptions {
  /** Bars of the 50M streaming run (0 skips it; default 50,000,000). */
  readonly streamBars?: number;
  /** Progress lines (stderr). */
  readonly progress?: (line: string) => void;
}

/** One figure beside its anchor and target. */
export interface DataFigure {
  readonly name: string;
  readonly value: number;
  readonly unit: 'ms' | 'MB';
  readonly anchor?: number;
  readonly anchorName?: string;
  readonly target: number;
  readonly met: boolean;
}

export interface DataBenchResult {
  readonly figures: readonly DataFigure[];
  /** Every module's own JSON figures, for `--json`. */
  readonly json: Record<string, unknown>;
}

const figure = (name: string, value: number, unit: 'ms' | 'MB', target: number, anchor?: number, anchorName?: string) =>
  ({ name, value, unit, target, anchor, anchorName, met: value <= target }) satisfies DataFigure;

/** Runs the four data benchmarks one after another. */
export async function runDataBench(options: DataBenchOptions = {}): Promise<DataBenchResult> {
  const progress = options.progress ?? (() => {});
  progress('data: import of a 1,000,000-row CSV');
  const imported = await runImportBench();
  progress('data: catalog load of 1,000,000 bars and a streamed range (writing it first takes a while)');
  const catalog = await runCatalogBench({ streamBars: options.streamBars ?? 50_000_000 });
  progress('data: resampling 1,000,000 1-minute bars to 1 hour');
  const resample = runResampleBench();
  progress('data: quality report of 1,000,000 1-minute bars');
  const quality = runQualityBench();
  const figures: DataFigure[] = [
    figure('import 1M-row CSV', imported.import_1m_csv_ms, 'ms', 2000, imported.anchor_ms, 'read + split'),
    figure('load 1M bars from the catalog', catalog.load_1m_ms, 'ms', 100, catalog.load_anchor_ms, 'fs.readFile'),
    figure('resample 1M 1m bars to 1h', resample.resample_1m_to_1h_ms, 'ms', 50, resample.anchor_ms, 'plain loop'),
  ];
  if (catalog.stream_50m_peak_rss_mb !== undefined)
    figures.push(
      figure(
        `stream ${((catalog.stream_bars ?? 0) / 1e6).toFixed(0)}M bars: peak RSS`,
        catalog.stream_50m_peak_rss_mb,
        'MB',
        300,
      ),
    );
  return { figures, json: { import: imported, catalog, resample, quality } };
}

/** The human table. */
export function formatDataTable(result: DataBenchResult): string {
  const lines = ['Market-data benchmark (issue 4 targets)', ''];
  lines.push(`${'figure'.padEnd(40)}${'value'.padStart(11)}  ${'anchor'.padEnd(26)}${'target'.padEnd(12)}verdict`);
  for (const f of result.figures) {
    const anchor = f.anchor === undefined ? '' : `${f.anchor.toFixed(1)} (${f.anchorName})`;
    lines.push(
      `${f.name.padEnd(40)}${`${f.value.toFixed(1)} ${f.unit}`.padStart(11)}  ${anchor.padEnd(26)}${`≤ ${f.target} ${f.unit}`.padEnd(12)}${f.met ? 'PASS' : 'MISS'}`,
    );
  }
  const q = result.json.quality as { quality_report_ms: number; repair_fill_ms: number; anchor_ms: number };
  lines.push(
    `${'quality report of 1M bars'.padEnd(40)}${`${q.quality_report_ms.toFixed(1)} ms`.padStart(11)}  ${`${q.anchor_ms.toFixed(1)} (gap loop)`.padEnd(26)}(no target; fill repair ${q.repair_fill_ms.toFixed(1)} ms)`,
  );
  return lines.join('\n');
}

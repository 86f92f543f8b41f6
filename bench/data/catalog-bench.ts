/**
 * Catalog benchmark (issue 4): load 1,000,000 one-minute bars from the Parquet catalog into typed
 * arrays (target ≤ 100 ms) beside an anchor measured in the same run — `fs.readFile` of the same
 * Parquet files, the plain read of the same bytes — and stream a long range (default 50,000,000
 * bars, target peak RSS ≤ 300 MB) in a child process, so that its peak RSS is its own.
 *
 * The bars are the synthetic 1-minute bars of bench/synthetic-bars.ts, written into a temporary
 * catalog (deleted afterwards). Writing 50M bars takes minutes (one month partition at a time,
 * 1,000,000 bars per writeBars call); it is timed and reported as `stream_write_s`.
 *
 * Alone: `npx tsx bench/data/catalog-bench.ts [--bars N] [--stream-bars N] [--repeats N]`
 * (--stream-bars 0 skips the streaming part). The same file is the child process:
 * `… catalog-bench.ts --child write|stream --dir <catalog> --stream-bars N`.
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ParquetCatalog } from '../../src/adapters/catalog/index.ts';
import type { BarSeries } from '../../src/core/model/data.ts';
import { instrumentId } from '../../src/core/model/ids.ts';
import { type BarColumns, barRatios, SyntheticBarGenerator } from '../synthetic-bars.ts';

export interface CatalogBenchOptions {
  /** Bars loaded by readBars (default 1,000,000). */
  readonly bars?: number;
  /** Bars of the streamed range (default 50,000,000; 0 skips streaming). */
  readonly streamBars?: number;
  /** Timed repetitions; the median is reported (default 5). */
  readonly repeats?: number;
  readonly seed?: number;
}

export interface CatalogBenchResult {
  readonly bars: number;
  /** writeBars of all `bars` into an empty catalog, ms. */
  readonly write_1m_ms: number;
  /** Median readBars of the whole range into Float64Arrays, ms. */
  readonly load_1m_ms: number;
  /**
   * Median CPU time of the process during those loads (user + system, every thread: the file
   * reads run on libuv's threads, a DuckDB scan on DuckDB's), ms. Another busy process on the
   * machine stretches the wall time of a load much more than its CPU time, so this is the figure
   * to compare between runs there.
   */
  readonly load_1m_cpu_ms: number;
  /** Median fs.readFile of the same Parquet files, ms. */
  readonly load_anchor_ms: number;
  readonly parquet_bytes: number;
  readonly partitions: number;
  readonly stream_bars?: number;
  readonly stream_write_s?: number;
  readonly stream_s?: number;
  readonly stream_bars_per_sec?: number;
  readonly stream_50m_peak_rss_mb?: number;
}

const SELF = fileURLToPath(import.meta.url);
const ID = instrumentId('BENCH/USDT', 'SIM');
const BATCH = 1_000_000;
const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** Writes `total` synthetic bars in batches of 1,000,000 (reused arrays). */
async function writeSynthetic(catalog: ParquetCatalog, total: number, seed: number): Promise<void> {
  const generator = new SyntheticBarGenerator(barRatios(), { seed });
  const size = Math.min(BATCH, total);
  const columns: BarColumns = {
    timestamp: new Float64Array(size),
    open: new Float64Array(size),
    high: new Float64Array(size),
    low: new Float64Array(size),
    close: new Float64Array(size),
    volume: new Float64Array(size),
  };
  for (let done = 0; done < total; done += size) {
    const length = Math.min(size, total - done);
    generator.fill(columns, 0, length);
    const series: BarSeries = { instrumentId: ID, timeframe: '1m', length, ...columns };
    await catalog.writeBars(series);
  }
}

async function parquetFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true });
  return entries.filter((name) => name.endsWith('.parquet')).map((name) => join(dir, name));
}

function child(mode: 'write' | 'stream', dir: string, streamBars: number, seed: number): Record<string, number> {
  const result = spawnSync(
    process.execPath,
    [
      '--import',
      'tsx',
      SELF,
      '--child',
      mode,
      '--dir',
      dir,
      '--stream-bars',
      String(streamBars),
      '--seed',
      String(seed),
    ],
    { encoding: 'utf8', cwd: fileURLToPath(new URL('../..', import.meta.url)), maxBuffer: 1 << 20 },
  );
  if (result.status !== 0) throw new Error(`catalog bench child (${mode}) failed: ${result.stderr}`);
  return JSON.parse(result.stdout.trim().split('\n').at(-1) as string);
}

/** Runs the catalog benchmark; see the file comment. */
export async function runCatalogBench(options: CatalogBenchOptions = {}): Promise<CatalogBenchResult> {
  const bars = options.bars ?? 1_000_000;
  const streamBars = options.streamBars ?? 50_000_000;
  const repeats = options.repeats ?? 5;
  const seed = options.seed ?? 1;
  const dir = await mkdtemp(join(tmpdir(), 'tradewind-catalog-bench-'));
  try {
    const catalog = await ParquetCatalog.open(join(dir, 'load'));
    let t = performance.now();
    await writeSynthetic(catalog, bars, seed);
    const write = performance.now() - t;
    const files = await parquetFiles(join(dir, 'load'));
    const loads: number[] = [];
    const loadCpus: number[] = [];
    const anchors: number[] = [];
    let bytes = 0;
    for (let r = 0; r < repeats; r++) {
      const cpu = process.cpuUsage();
      t = performance.now();
      const series = await catalog.readBars({ instrumentId: ID, timeframe: '1m' });
      loads.push(performance.now() - t);
      const used = process.cpuUsage(cpu);
      loadCpus.push((used.user + used.system) / 1000);
      if (series.length !== bars) throw new Error(`readBars returned ${series.length} bars, expected ${bars}`);
      t = performance.now();
      bytes = 0;
      for (const file of files) bytes += (await readFile(file)).byteLength;
      anchors.push(performance.now() - t);
    }
    catalog.close();
    const result: CatalogBenchResult = {
      bars,
      write_1m_ms: Math.round(write),
      load_1m_ms: Math.round(median(loads) * 10) / 10,
      load_1m_cpu_ms: Math.round(median(loadCpus) * 10) / 10,
      load_anchor_ms: Math.round(median(anchors) * 10) / 10,
      parquet_bytes: bytes,
      partitions: files.length,
    };
    if (streamBars <= 0) return result;
    const written = child('write', join(dir, 'stream'), streamBars, seed);
    const streamed = child('stream', join(dir, 'stream'), streamBars, seed);
    return {
      ...result,
      stream_bars: streamed.bars,
      stream_write_s: written.write_s,
      stream_s: streamed.stream_s,
      stream_bars_per_sec: Math.round(streamed.bars / streamed.stream_s),
      stream_50m_peak_rss_mb: streamed.peak_rss_mb,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function runChild(mode: string, dir: string, streamBars: number, seed: number): Promise<void> {
  const catalog = await ParquetCatalog.open(dir);
  const t = performance.now();
  if (mode === 'write') {
    await writeSynthetic(catalog, streamBars, seed);
    console.log(JSON.stringify({ write_s: (performance.now() - t) / 1000 }));
  } else {
    let count = 0;
    let checksum = 0;
    for await (const chunk of catalog.streamBars({ instrumentId: ID, timeframe: '1m' }, 100_000)) {
      count += chunk.length;
      checksum += chunk.close[chunk.length - 1];
    }
    if (count !== streamBars) throw new Error(`streamed ${count} bars, expected ${streamBars}`);
    console.log(
      JSON.stringify({
        bars: count,
        checksum,
        stream_s: (performance.now() - t) / 1000,
        peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024),
      }),
    );
  }
  catalog.close();
}

if (process.argv[1] === SELF) {
  const { values } = parseArgs({
    options: {
      child: { type: 'string' },
      dir: { type: 'string' },
      bars: { type: 'string', default: '1000000' },
      'stream-bars': { type: 'string', default: '50000000' },
      repeats: { type: 'string', default: '5' },
      seed: { type: 'string', default: '1' },
    },
  });
  if (values.child !== undefined && values.dir !== undefined)
    await runChild(values.child, values.dir, Number(values['stream-bars']), Number(values.seed));
  else
    console.log(
      JSON.stringify(
        await runCatalogBench({
          bars: Number(values.bars),
          streamBars: Number(values['stream-bars']),
          repeats: Number(values.repeats),
          seed: Number(values.seed),
        }),
      ),
    );
}

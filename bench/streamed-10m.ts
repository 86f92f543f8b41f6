/**
 * Streams 10,000,000 synthetic 1-minute bars (default) through one BacktestEngine in chunks of
 * 100,000, regenerating each chunk into the same reused typed arrays. Results stream to a
 * `BacktestResultStore` that keeps running totals (fills, orders, round trips, equity points, the
 * last equity and its peak-to-trough drawdown) as a file writer would keep its file, so the
 * engine holds only the current chunk. Prints one JSON line:
 * peak RSS of this process (process.resourceUsage().maxRSS, KB → MB) and bars/s of the
 * `processBars` calls alone (bar generation is timed separately).
 *
 * Run by backtest.bench.ts as a child process so that its peak RSS is its own; also runnable
 * alone: `npx tsx bench/streamed-10m.ts [--bars N] [--chunk N] [--seed N]`.
 */
import { parseArgs } from 'node:util';
import type { BacktestResultStore } from '../src/core/kernel/index.ts';
import type { BarSeries } from '../src/core/model/data.ts';
import { benchInstrument, createBenchEngine } from './engine-run.ts';
import { type BarColumns, barRatios, SyntheticBarGenerator } from './synthetic-bars.ts';

const { values } = parseArgs({
  options: {
    bars: { type: 'string', default: '10000000' },
    chunk: { type: 'string', default: '100000' },
    seed: { type: 'string', default: '1' },
  },
});
const total = Number(values.bars);
const chunk = Number(values.chunk);
const seed = Number(values.seed);
if (!(Number.isInteger(total) && total > 0 && Number.isInteger(chunk) && chunk > 0 && Number.isInteger(seed)))
  throw new Error('--bars, --chunk and --seed must be integers, bars and chunk positive');

const instrument = benchInstrument();
/** Running totals of what the engine streams out: what a writer to disk would hold in memory. */
const streamed = {
  fills: 0,
  orders: 0,
  roundTrips: 0,
  equityPoints: 0,
  peak: Number.NEGATIVE_INFINITY,
  maxDrawdown: 0,
};
const store: BacktestResultStore = {
  appendEquity(_timestamps, equity, length) {
    for (let i = 0; i < length; i++) {
      const value = equity[i]!;
      if (value > streamed.peak) streamed.peak = value;
      else if (streamed.peak - value > streamed.maxDrawdown) streamed.maxDrawdown = streamed.peak - value;
    }
    streamed.equityPoints += length;
  },
  appendFill: () => {
    streamed.fills++;
  },
  appendOrders: (orders) => {
    streamed.orders += orders.length;
  },
  appendRoundTrips: (roundTrips) => {
    streamed.roundTrips += roundTrips.length;
  },
};
const engine = createBenchEngine(instrument, store);
const generator = new SyntheticBarGenerator(barRatios(), { seed });
const columns: BarColumns = {
  timestamp: new Float64Array(chunk),
  open: new Float64Array(chunk),
  high: new Float64Array(chunk),
  low: new Float64Array(chunk),
  close: new Float64Array(chunk),
  volume: new Float64Array(chunk),
};

const setupRssMb = Math.round(process.memoryUsage().rss / 2 ** 20);
let engineNs = 0n;
let generateNs = 0n;
for (let done = 0; done < total; done += chunk) {
  const length = Math.min(chunk, total - done);
  let t = process.hrtime.bigint();
  generator.fill(columns, 0, length);
  const series: BarSeries = { instrumentId: instrument.id, timeframe: '1m', length, ...columns };
  const t1 = process.hrtime.bigint();
  generateNs += t1 - t;
  t = t1;
  engine.processBars(series);
  engineNs += process.hrtime.bigint() - t;
}
const result = engine.finish();
const engineSeconds = Number(engineNs) / 1e9;
const memory = process.memoryUsage();
console.log(
  JSON.stringify({
    bars: total,
    chunk,
    bars_per_sec: Math.round(total / engineSeconds),
    engine_seconds: engineSeconds,
    generate_seconds: Number(generateNs) / 1e9,
    peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024),
    setup_rss_mb: setupRssMb,
    end_rss_mb: Math.round(memory.rss / 2 ** 20),
    end_heap_used_mb: Math.round(memory.heapUsed / 2 ** 20),
    end_array_buffers_mb: Math.round(memory.arrayBuffers / 2 ** 20),
    fills: streamed.fills,
    orders: streamed.orders,
    round_trips: streamed.roundTrips,
    equity_points: streamed.equityPoints,
    max_drawdown: streamed.maxDrawdown,
    final_equity: result.finalEquity,
  }),
);

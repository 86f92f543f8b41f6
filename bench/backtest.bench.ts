/**
 * Tradewind benchmark (see bench/README.md): the backtest part, then the indicator part.
 *
 * One process, one run, on 1,000,000 synthetic 1-minute bars of one instrument (block bootstrap
 * of the real FTX BTC-PERP sample). Backtest part: the engine's full path, the plain typed-array
 * limit loop and grademark (npm peer) run the same EMA(10) / EMA(50) cross, long/short, 1 BTC,
 * 5 bps taker fee; the engine also runs the same EMAs without orders (the per-bar path), and the
 * difference is the cost per order. Engine and limit fills must be identical (`trades_match`). A child process then
 * streams 10M bars through one engine and reports its peak RSS. Indicator part
 * (bench/indicators/): SMA, EMA, RSI, MACD, Bollinger and ATR as hand loops, our batch and
 * streaming forms, and four npm peers, on the same bars.
 *
 *   npm run bench                      human tables
 *   npm run bench -- --json            one JSON object on stdout (progress goes to stderr)
 *   options: --only backtest|indicators|data|risk|ml|optimize|store (one part), --data-stream-bars N (default 50,000,000; 0 skips),
 *            --risk-checks N (pre-trade checks timed per kind, default 1,000,000), --runs N (engine and limit, default 7),
 *            --warmup N (untimed JIT warm-up runs of the engine and the limit loop before those,
 *            default 2), --peer-runs N (default 3), --no-peer (no grademark, no indicator peers),
 *            --no-streamed, --bars N (default 1,000,000), --streamed-bars N (default 10,000,000),
 *            --indicator-runs N (default 15), --indicator-peer-runs N (default 3),
 *            --indicators sma,ema,… (a subset of the six)
 *
 * Risk part (bench/risk.bench.ts): pre-trade check latency against the minimal checks, and the
 * engine without and with the full risk engine.
 *
 * The exit code is 1 when the engine's and the limit loop's fills differ, when the signals-only
 * run's crosses differ from the engine's fills, when a hand-written
 * indicator loop does not compute what our batch function computes, or when the full risk engine
 * changes the risk part's fills.
 */
import { spawnSync } from 'node:child_process';
import { availableParallelism, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { BacktestResult } from '../src/core/kernel/index.ts';
import { allocateBarSeries, type BarSeries } from '../src/core/model/data.ts';
import { formatDataTable, runDataBench } from './data/data-bench.ts';
import {
  benchInstrument,
  createBenchEngine,
  createSignalOnlyEngine,
  LIMIT_PARAMETERS,
  STRATEGY,
  timeProcessBars,
} from './engine-run.ts';
import { peerBars, peerFrame, runPeer } from './grademark-peer.ts';
import { type IndicatorBenchResult, IndicatorCheckError, runIndicatorBench } from './indicators/indicator-bench.ts';
import { INDICATOR_KEYS, type IndicatorKey } from './indicators/parameters.ts';
import { formatIndicatorTable, indicatorsDetailJson, indicatorsJson } from './indicators/report.ts';
import { LimitOutput, runLimitLoop } from './limit-loop.ts';
import { runMlBench } from './ml/ml-bench.ts';
import { runOptimizeBench } from './optimize/run-optimize-bench.ts';
import { runRiskBench } from './risk.bench.ts';
import { runStoreBench } from './store/run-store-bench.ts';
import { barRatios, SyntheticBarGenerator } from './synthetic-bars.ts';

/** Targets and the anchors of /work/shared/BRIEF.md "Performance anchors" (this machine class). */
const TARGET_ENGINE_BARS_PER_SEC = 20e6;
const TARGET_STREAMED_RSS_MB = 300;
const ANCHOR_LIMIT_BARS_PER_SEC = 124e6;
const ANCHOR_PEER_BARS_PER_SEC = 0.9e6;
const FEE_TOLERANCE = 1e-9;
const EQUITY_TOLERANCE = 1e-6;
const SEED = 1;

const { values: args } = parseArgs({
  options: {
    json: { type: 'boolean', default: false },
    'no-streamed': { type: 'boolean', default: false },
    'no-peer': { type: 'boolean', default: false },
    runs: { type: 'string', default: '7' },
    warmup: { type: 'string', default: '2' },
    'peer-runs': { type: 'string', default: '3' },
    bars: { type: 'string', default: '1000000' },
    'streamed-bars': { type: 'string', default: '10000000' },
    only: { type: 'string' },
    'indicator-runs': { type: 'string', default: '15' },
    'indicator-peer-runs': { type: 'string', default: '3' },
    indicators: { type: 'string' },
    'data-stream-bars': { type: 'string', default: '50000000' },
    'risk-checks': { type: 'string', default: '1000000' },
  },
});
const positiveInteger = (name: string, text: string): number => {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} must be a positive integer, got '${text}'`);
  return value;
};
const N = positiveInteger('bars', args.bars);
const RUNS = positiveInteger('runs', args.runs);
const WARMUP = args.warmup === '0' ? 0 : positiveInteger('warmup', args.warmup);
const PEER_RUNS = positiveInteger('peer-runs', args['peer-runs']);
const STREAMED_BARS = positiveInteger('streamed-bars', args['streamed-bars']);
const INDICATOR_RUNS = positiveInteger('indicator-runs', args['indicator-runs']);
const INDICATOR_PEER_RUNS = positiveInteger('indicator-peer-runs', args['indicator-peer-runs']);
const PARTS = ['backtest', 'indicators', 'data', 'risk', 'ml', 'optimize', 'store'] as const;
if (args.only !== undefined && !PARTS.includes(args.only as (typeof PARTS)[number]))
  throw new Error(`--only must be one of ${PARTS.join(', ')}, got '${args.only}'`);
const RUN_BACKTEST = args.only === undefined || args.only === 'backtest';
const RUN_INDICATORS = args.only === undefined || args.only === 'indicators';
const RUN_DATA = args.only === undefined || args.only === 'data';
const RUN_RISK = args.only === undefined || args.only === 'risk';
const RUN_ML = args.only === undefined || args.only === 'ml';
const RUN_OPTIMIZE = args.only === undefined || args.only === 'optimize';
const RUN_STORE = args.only === undefined || args.only === 'store';
const RISK_CHECKS = positiveInteger('risk-checks', args['risk-checks']);
const DATA_STREAM_BARS =
  args['data-stream-bars'] === '0' ? 0 : positiveInteger('data-stream-bars', args['data-stream-bars']);
const SELECTED_INDICATORS = args.indicators?.split(',').map((name): IndicatorKey => {
  const key = INDICATOR_KEYS.find((k) => k === name.trim());
  if (key === undefined) throw new Error(`--indicators: '${name}' is not one of ${INDICATOR_KEYS.join(', ')}`);
  return key;
});
const json = args.json;
const progress = (message: string): void => {
  process.stderr.write(`[bench] ${message}\n`);
};

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m] : (s[m - 1] + s[m]) / 2;
};

// Other processes on the machine distort timings: record the load when the benchmark starts.
const loadAtStart = loadavg()[0];
const cores = availableParallelism();
if (loadAtStart > cores / 2)
  progress(`warning: load average ${loadAtStart.toFixed(2)} on ${cores} cores; timings will be noisy`);

// ---- data ------------------------------------------------------------------------------------
const instrument = benchInstrument();
progress(`generating ${N.toLocaleString('en-US')} bars (seed ${SEED})`);
const allocated = allocateBarSeries(instrument.id, '1m', N);
new SyntheticBarGenerator(barRatios(), { seed: SEED }).fill(allocated, 0, N);
const series: BarSeries = { ...allocated, length: N };

/** A full garbage collection before each timed run, so that no run pays for the previous one's garbage. */
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

/** What the backtest part reports: its JSON fields, its table, and whether engine and limit fills match. */
interface BacktestReport {
  readonly json: Record<string, unknown>;
  readonly table: string;
  readonly ok: boolean;
}

/** The backtest part: engine vs limit loop vs grademark, then the streamed 10M-bar child. */
function backtestBench(): BacktestReport {
  // ---- limit and engine, alternating ----------------------------------------------------------------
  // Runs alternate (limit, engine, limit, …) so that both see the same machine conditions: on a
  // shared machine a busy neighbour (e.g. the other hyperthread of the core) can halve a run's speed.
  // Each timed run starts after a full GC.
  // Limit: the plain typed-array loop into preallocated typed arrays.
  // Engine: the full path, a fresh engine per run; only processBars is timed.
  // Signals only: the same engine and EMAs without the orders (the per-bar path), so that the
  // difference is what the orders cost.
  const limit = new LimitOutput(N);
  // JIT warm-up on short prefixes first, so that the timed runs execute the loop optimized as a whole
  // function with the type feedback of every path, not only on-stack-replaced mid-loop.
  for (let k = 0; k < 200; k++)
    runLimitLoop(series.timestamp, series.open, series.close, Math.min(N, 5_000), LIMIT_PARAMETERS, limit);
  const limitRates: number[] = [];
  const engineRates: number[] = [];
  const signalOnlyRates: number[] = [];
  let signals = 0;
  let engineResult: BacktestResult | undefined;
  for (let r = -WARMUP; r < RUNS; r++) {
    collectGarbage();
    const start = process.hrtime.bigint();
    runLimitLoop(series.timestamp, series.open, series.close, N, LIMIT_PARAMETERS, limit);
    const limitSeconds = Number(process.hrtime.bigint() - start) / 1e9;
    if (r >= 0) limitRates.push(N / limitSeconds);

    const engine = createBenchEngine(instrument);
    collectGarbage();
    const engineSeconds = timeProcessBars(engine, series);
    if (r >= 0) engineRates.push(N / engineSeconds);
    const result = engine.finish();
    if (engineResult !== undefined && result.fills.length !== engineResult.fills.length)
      throw new Error(
        `engine is not deterministic: run ${r + WARMUP + 1} has ${result.fills.length} fills, the previous one had ${engineResult.fills.length}`,
      );
    engineResult = result;

    const signalOnly = createSignalOnlyEngine(instrument);
    collectGarbage();
    const signalOnlySeconds = timeProcessBars(signalOnly.engine, series);
    if (r >= 0) signalOnlyRates.push(N / signalOnlySeconds);
    signalOnly.engine.finish();
    signals = signalOnly.strategy.signals;
  }
  const engine = engineResult!;
  progress(`limit  runs (M bars/s): ${limitRates.map((x) => (x / 1e6).toFixed(1)).join(' ')}`);
  progress(`engine runs (M bars/s): ${engineRates.map((x) => (x / 1e6).toFixed(2)).join(' ')}`);
  progress(`signals-only runs (M bars/s): ${signalOnlyRates.map((x) => (x / 1e6).toFixed(2)).join(' ')}`);

  // ---- compare engine and limit fills --------------------------------------------------------------
  interface FillView {
    timestamp: string;
    side: string;
    quantity: number;
    price: number;
    fee: number;
  }
  const limitFill = (i: number): FillView => ({
    timestamp: new Date(limit.fillTimestamp[i]).toISOString(),
    side: limit.fillSide[i] > 0 ? 'buy' : 'sell',
    quantity: limit.fillQuantity[i],
    price: limit.fillPrice[i],
    fee: limit.fillFee[i],
  });
  let firstDifference: { index: number; engine: FillView | null; limit: FillView | null } | undefined;
  const fillCount = Math.max(engine.fills.length, limit.fills);
  for (let i = 0; i < fillCount && firstDifference === undefined; i++) {
    const e = engine.fills[i];
    const inLimit = i < limit.fills;
    const same =
      e !== undefined &&
      inLimit &&
      e.timestamp === limit.fillTimestamp[i] &&
      e.side === (limit.fillSide[i] > 0 ? 'buy' : 'sell') &&
      e.lastQuantity === limit.fillQuantity[i] &&
      e.lastPrice === limit.fillPrice[i] &&
      Math.abs(e.fee - limit.fillFee[i]) <= FEE_TOLERANCE;
    if (!same) {
      firstDifference = {
        index: i,
        engine:
          e === undefined
            ? null
            : {
                timestamp: new Date(e.timestamp).toISOString(),
                side: e.side,
                quantity: e.lastQuantity,
                price: e.lastPrice,
                fee: e.fee,
              },
        limit: inLimit ? limitFill(i) : null,
      };
    }
  }
  const tradesMatch = firstDifference === undefined && engine.fills.length === limit.fills;
  let equityMaxDiff = engine.equity.length === N ? 0 : Number.POSITIVE_INFINITY;
  for (let i = 0; i < Math.min(N, engine.equity.length); i++) {
    const d = Math.abs(engine.equity.equity[i] - limit.equity[i]);
    if (!(d <= equityMaxDiff)) equityMaxDiff = d; // NaN-safe
  }
  const equityMatch = equityMaxDiff <= EQUITY_TOLERANCE;

  // ---- peer: grademark -----------------------------------------------------------------------------
  const peerRates: number[] = [];
  let peerTrades = 0;
  if (!args['no-peer']) {
    progress('building grademark input (1 object per bar, outside the timed region)');
    const bars = peerBars(series, N);
    for (let r = 0; r < PEER_RUNS; r++) {
      const frame = peerFrame(bars);
      collectGarbage();
      const { seconds, trades } = runPeer(bars, frame, STRATEGY.fastPeriod, STRATEGY.slowPeriod);
      peerRates.push(N / seconds);
      peerTrades = trades.length;
    }
    progress(`peer   runs (M bars/s): ${peerRates.map((x) => (x / 1e6).toFixed(2)).join(' ')}`);
  }

  // ---- streamed 10M in a child process -------------------------------------------------------------
  interface StreamedReport {
    bars: number;
    bars_per_sec: number;
    peak_rss_mb: number;
    setup_rss_mb: number;
    end_rss_mb: number;
    end_heap_used_mb: number;
    end_array_buffers_mb: number;
    fills: number;
    equity_points: number;
  }
  let streamed: StreamedReport | undefined;
  if (!args['no-streamed']) {
    progress(`streaming ${STREAMED_BARS.toLocaleString('en-US')} bars through one engine in a child process`);
    const script = fileURLToPath(new URL('./streamed-10m.ts', import.meta.url));
    const child = spawnSync(
      process.execPath,
      ['--import', import.meta.resolve('tsx'), script, '--bars', String(STREAMED_BARS), '--seed', String(SEED)],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 20 },
    );
    if (child.status !== 0) throw new Error(`streamed-10m.ts failed (status ${child.status}, signal ${child.signal})`);
    const lines = child.stdout.trim().split('\n');
    streamed = JSON.parse(lines[lines.length - 1]) as StreamedReport;
  }

  // ---- report ----------------------------------------------------------------------------------------
  const engineRate = median(engineRates);
  const limitRate = median(limitRates);
  const peerRate = peerRates.length > 0 ? median(peerRates) : null;
  const round = (x: number, digits = 3): number => Number(x.toFixed(digits));
  const signalOnlyRate = median(signalOnlyRates);
  // What the orders add to a run, per order: the full run's seconds less the signals-only run's.
  const orderMicroseconds = ((N / engineRate - N / signalOnlyRate) / Math.max(1, engine.fills.length)) * 1e6;
  const orderShare = 1 - engineRate / signalOnlyRate;

  const json: Record<string, unknown> = {
    engine_bars_per_sec: Math.round(engineRate),
    limit_bars_per_sec: Math.round(limitRate),
    peer_bars_per_sec: peerRate === null ? null : Math.round(peerRate),
    trades_match: tradesMatch,
    engine_vs_limit_ratio: round(engineRate / limitRate, 4),
    engine_signal_only_bars_per_sec: Math.round(signalOnlyRate),
    signals,
    signals_match_fills: signals === engine.fills.length,
    order_path_microseconds_per_order: round(orderMicroseconds, 2),
    order_path_share: round(orderShare, 3),
    peer_vs_engine_ratio: peerRate === null ? null : round(peerRate / engineRate, 4),
    engine_vs_peer_ratio: peerRate === null ? null : round(engineRate / peerRate, 2),
    streamed_10m_peak_rss_mb: streamed?.peak_rss_mb ?? null,
    streamed_10m_bars_per_sec: streamed?.bars_per_sec ?? null,
    streamed_bars: streamed?.bars ?? null,
    fills: engine.fills.length,
    limit_fills: limit.fills,
    peer_trades: peerRate === null ? null : peerTrades,
    first_fill_difference: firstDifference ?? null,
    equity_match: equityMatch,
    equity_max_abs_diff: equityMaxDiff,
    final_equity: engine.finalEquity,
    limit_final_equity: limit.finalEquity,
    engine_best_bars_per_sec: Math.round(Math.max(...engineRates)),
    limit_best_bars_per_sec: Math.round(Math.max(...limitRates)),
    bars: N,
    runs: RUNS,
    warmup_runs: WARMUP,
    peer_runs: peerRate === null ? 0 : PEER_RUNS,
    engine_runs_bars_per_sec: engineRates.map(Math.round),
    limit_runs_bars_per_sec: limitRates.map(Math.round),
    peer_runs_bars_per_sec: peerRates.map(Math.round),
    target_engine_bars_per_sec: TARGET_ENGINE_BARS_PER_SEC,
    target_streamed_10m_peak_rss_mb: TARGET_STREAMED_RSS_MB,
    load_average_1m_at_start: round(loadAtStart, 2),
    cores,
    node: process.version,
  };
  const m = (x: number): string => `${(x / 1e6).toFixed(2)} M`;
  const verdict = (ok: boolean): string => (ok ? 'meets target' : 'BELOW target');
  const best = (xs: readonly number[]): string => (xs.length === 0 ? '' : m(Math.max(...xs)));
  const rows: [string, string, string, string][] = [
    [
      'engine (full path)',
      m(engineRate),
      best(engineRates),
      `target ≥ 20 M: ${verdict(engineRate >= TARGET_ENGINE_BARS_PER_SEC)}`,
    ],
    [
      'engine, signals only',
      m(signalOnlyRate),
      best(signalOnlyRates),
      `per-bar path: the same EMAs, no orders (${signals} signals${signals === engine.fills.length ? ' = fills' : `, NOT the ${engine.fills.length} fills`})`,
    ],
    ['limit (typed-array loop)', m(limitRate), best(limitRates), `anchor ~${m(ANCHOR_LIMIT_BARS_PER_SEC)}`],
    [
      'peer (grademark)',
      peerRate === null ? 'skipped' : m(peerRate),
      best(peerRates),
      `anchor ~${m(ANCHOR_PEER_BARS_PER_SEC)}`,
    ],
  ];
  const out: string[] = [];
  out.push(
    `Tradewind backtest benchmark — ${N.toLocaleString('en-US')} synthetic 1-minute bars (bootstrap of FTX BTC-PERP, seed ${SEED})`,
    `EMA(${STRATEGY.fastPeriod}/${STRATEGY.slowPeriod}) cross long/short, ${STRATEGY.quantity} BTC, taker ${STRATEGY.takerRate * 1e4} bps; median of ${RUNS} runs after ${WARMUP} warm-up (peer ${peerRate === null ? 0 : PEER_RUNS}); Node ${process.version}; load ${loadAtStart.toFixed(2)} on ${cores} cores at start`,
    '',
    `${'path'.padEnd(26)}${'median bars/s'.padStart(14)}${'best'.padStart(12)}   note`,
  );
  for (const [name, rate, top, note] of rows)
    out.push(`${name.padEnd(26)}${rate.padStart(14)}${top.padStart(12)}   ${note}`);
  out.push(
    '',
    `engine / limit            ${(engineRate / limitRate).toFixed(3)}`,
    `order path                ${orderMicroseconds.toFixed(2)} µs per order × ${engine.fills.length} orders: ${(orderShare * 100).toFixed(0)}% of the full run`,
    `engine / peer             ${peerRate === null ? 'n/a' : `${(engineRate / peerRate).toFixed(2)}×`}`,
    `fills                     engine ${engine.fills.length}, limit ${limit.fills}${peerRate === null ? '' : `, peer trades ${peerTrades} (grademark: one position, exit and entry on separate bars)`}`,
    `trades_match              ${tradesMatch}`,
    `equity (every bar)        ${equityMatch ? 'matches' : 'DIFFERS'}, max |Δ| ${equityMaxDiff}; final ${engine.finalEquity.toFixed(2)} (limit ${limit.finalEquity.toFixed(2)})`,
  );
  if (firstDifference !== undefined)
    out.push(`first differing fill      #${firstDifference.index}: ${JSON.stringify(firstDifference)}`);
  if (streamed !== undefined) {
    out.push(
      `streamed ${(streamed.bars / 1e6).toFixed(0)}M (child)       peak RSS ${streamed.peak_rss_mb} MB (target < ${TARGET_STREAMED_RSS_MB} MB: ${verdict(streamed.peak_rss_mb < TARGET_STREAMED_RSS_MB)}), ${m(streamed.bars_per_sec)} bars/s, ${streamed.fills} fills, ${streamed.equity_points.toLocaleString('en-US')} equity points`,
    );
  } else out.push('streamed 10M              skipped (--no-streamed)');
  // The cost per order assumes one order per signal: a difference makes the figure meaningless.
  return { json, table: out.join('\n'), ok: tradesMatch && signals === engine.fills.length };
}

/** The indicator part; undefined (exit code 1) when a hand loop disagrees with our batch output. */
function indicatorBench(): IndicatorBenchResult | undefined {
  progress('indicator benchmark: checking the hand loops against our batch outputs');
  try {
    return runIndicatorBench({
      input: series,
      runs: INDICATOR_RUNS,
      warmup: WARMUP,
      peerRuns: INDICATOR_PEER_RUNS,
      peers: !args['no-peer'],
      only: SELECTED_INDICATORS,
      collectGarbage,
      progress,
    });
  } catch (error) {
    if (!(error instanceof IndicatorCheckError)) throw error;
    progress(`indicator benchmark aborted: ${error.message}`);
    return undefined;
  }
}

const backtest = RUN_BACKTEST ? backtestBench() : undefined;
const indicators = RUN_INDICATORS ? indicatorBench() : undefined;
const data = RUN_DATA ? await runDataBench({ streamBars: DATA_STREAM_BARS, progress }) : undefined;
const risk = RUN_RISK
  ? runRiskBench({ series, instrument, checks: RISK_CHECKS, runs: RUNS, warmup: WARMUP, collectGarbage, progress })
  : undefined;
const ml = RUN_ML ? runMlBench(progress) : undefined;
const optimize = RUN_OPTIMIZE ? runOptimizeBench(progress) : undefined;
if (optimize !== undefined && !optimize.ok) process.exitCode = 1;
const store = RUN_STORE ? runStoreBench(progress) : undefined;
if (store !== undefined && !store.ok) process.exitCode = 1;
if (backtest !== undefined && !backtest.ok) process.exitCode = 1;
if (RUN_INDICATORS && indicators === undefined) process.exitCode = 1;
if (risk !== undefined && !risk.ok) process.exitCode = 1;

if (json) {
  const environment = {
    load_average_1m_at_start: Number(loadAtStart.toFixed(2)),
    cores,
    node: process.version,
  };
  const indicatorFields = RUN_INDICATORS
    ? {
        indicators: indicators === undefined ? null : indicatorsJson(indicators),
        indicators_detail: indicators === undefined ? null : indicatorsDetailJson(indicators),
      }
    : {};
  const dataFields = data === undefined ? {} : { data: data.json };
  const riskFields = risk === undefined ? {} : { risk: risk.json };
  const mlFields = ml === undefined ? {} : { ml: ml.json };
  const optimizeFields = optimize === undefined ? {} : { optimize: optimize.json };
  const storeFields = store === undefined ? {} : { store: store.json };
  console.log(
    JSON.stringify({
      ...(backtest?.json ?? { bars: N, ...environment }),
      ...indicatorFields,
      ...dataFields,
      ...riskFields,
      ...mlFields,
      ...optimizeFields,
      ...storeFields,
    }),
  );
} else {
  const parts: string[] = [];
  if (backtest !== undefined) parts.push(backtest.table);
  if (RUN_INDICATORS)
    parts.push(
      indicators === undefined
        ? 'Indicator benchmark aborted: a hand loop disagrees with our batch output (see the message above).'
        : formatIndicatorTable(
            indicators,
            backtest === undefined
              ? `Node ${process.version}; load ${loadAtStart.toFixed(2)} on ${cores} cores at start`
              : undefined,
          ),
    );
  if (data !== undefined) parts.push(formatDataTable(data));
  if (risk !== undefined) parts.push(risk.table);
  if (ml !== undefined) parts.push(ml.table);
  if (optimize !== undefined) parts.push(optimize.table);
  if (store !== undefined) parts.push(store.table);
  console.log(parts.join('\n\n'));
}

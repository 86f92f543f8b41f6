/**
 * The risk part of `npm run bench` (`--only risk`), two figures against the targets:
 *
 * - pre-trade check latency: `RiskEngine.check` on varied orders against a realistic state
 *   (bench/risk-state.ts) under the full limits, timed in batches, per order at the 50th and 99th
 *   percentile (target p99 ≤ 2 µs); the anchor is the same calls under OPEN_RISK_LIMITS (the
 *   venue's rules only, what the engine checked before it had limits), as a ratio.
 * - the kernel with and without the full risk engine: the EMA-cross backtest of bench/engine-run.ts
 *   on the benchmark's bars, without risk rails and with the blueprint's limits (made finite), an
 *   agent and the daily drawdown kill switch, which the strategy stays within (same fills, checked);
 *   bars/s of both and the slowdown (target ≤ 10%).
 */
import type { BacktestResult, BacktestRiskConfig } from '../src/core/kernel/index.ts';
import type { BarSeries } from '../src/core/model/data.ts';
import type { Instrument } from '../src/core/model/instrument.ts';
import { DEFAULT_RISK_LIMITS, RiskPolicy, riskLimits } from '../src/core/risk/index.ts';
import { BENCH_STRATEGY_ID, createBenchEngine, timeProcessBars } from './engine-run.ts';
import { fullRiskPolicy, minimalRiskBenchState, type RiskBenchState, riskBenchState } from './risk-state.ts';

/** The targets. */
export const TARGET_CHECK_P99_US = 2;
export const TARGET_KERNEL_SLOWDOWN = 0.1;
/** Clock time between two checks, ms: 50 orders a second, within the 100-per-second throttle. */
const CHECK_INTERVAL_MS = 20;
/** Timed checks are spread over this many alternating rounds of full and minimal checks. */
const ROUNDS = 8;

export interface RiskBenchOptions {
  readonly series: BarSeries;
  readonly instrument: Instrument;
  /** Timed `check` calls of each kind (default 1,000,000). */
  readonly checks?: number;
  /** Calls per timed batch (default 64). */
  readonly batch?: number;
  /** Timed kernel runs of each kind, after `warmup` untimed ones. */
  readonly runs: number;
  readonly warmup: number;
  readonly collectGarbage: () => void;
  readonly progress: (line: string) => void;
}

export interface RiskBenchResult {
  readonly json: Record<string, unknown>;
  readonly table: string;
  /** False when the full risk engine changed the kernel run's fills or denied an order there. */
  readonly ok: boolean;
}

/** What `check` reports: the full checks' latency, the minimal checks' beside it, the verdict. */
interface CheckFigures extends Latency {
  readonly calls: number;
  readonly batch: number;
  readonly minimal: Latency;
  readonly full_vs_minimal_p50_ratio: number;
  readonly full_vs_minimal_mean_ratio: number;
  /** One `process.hrtime.bigint()` pair, ns: each batch's time includes one. */
  readonly timer_overhead_ns: number;
  readonly target_p99_us: number;
  readonly pass_p99: boolean;
}

/** Per-order latency of one kind of check, µs. */
interface Latency {
  readonly p50_us: number;
  readonly p99_us: number;
  readonly max_us: number;
  readonly mean_us: number;
  /** Share of the checked orders that passed. */
  readonly accepted_share: number;
}

export function runRiskBench(options: RiskBenchOptions): RiskBenchResult {
  const checks = options.checks ?? 1_000_000;
  const batch = options.batch ?? 64;
  options.progress(
    `risk: ${checks.toLocaleString('en-US')} pre-trade checks, full limits and minimal, in batches of ${batch}`,
  );
  const latency = measureChecks(riskBenchState(fullRiskPolicy()), minimalRiskBenchState(), checks, batch, options);
  options.progress('risk: the kernel benchmark without and with the full risk engine');
  const kernel = measureKernel(options);
  const check: CheckFigures = {
    calls: checks,
    batch,
    ...latency.full,
    minimal: latency.minimal,
    full_vs_minimal_p50_ratio: Number((latency.full.p50_us / latency.minimal.p50_us).toFixed(2)),
    full_vs_minimal_mean_ratio: Number((latency.full.mean_us / latency.minimal.mean_us).toFixed(2)),
    timer_overhead_ns: Number(latency.timerOverheadNs.toFixed(1)),
    target_p99_us: TARGET_CHECK_P99_US,
    pass_p99: latency.full.p99_us <= TARGET_CHECK_P99_US,
  };
  const json = { check, kernel: { ...kernel.json, target_max_slowdown: TARGET_KERNEL_SLOWDOWN } };
  return { json, table: table(check, kernel.json), ok: kernel.ok };
}

// ---- pre-trade check latency -------------------------------------------------------------------

function measureChecks(
  full: RiskBenchState,
  minimal: RiskBenchState,
  checks: number,
  batch: number,
  options: RiskBenchOptions,
) {
  const batches = Math.floor(checks / batch);
  const fullTimes = new Float64Array(batches);
  const minimalTimes = new Float64Array(batches);
  const counters = { full: { next: 0, accepted: 0 }, minimal: { next: 0, accepted: 0 } };
  // JIT warm-up on both kinds, untimed, then the timed rounds alternate so both see the same machine.
  const scratch = new Float64Array(200);
  for (let k = 0; k < 5; k++) {
    timeBatches(full, scratch, 0, scratch.length, batch, counters.full);
    timeBatches(minimal, scratch, 0, scratch.length, batch, counters.minimal);
  }
  counters.full.accepted = 0;
  counters.minimal.accepted = 0;
  const perRound = Math.ceil(batches / ROUNDS);
  for (let from = 0; from < batches; from += perRound) {
    const count = Math.min(perRound, batches - from);
    options.collectGarbage();
    timeBatches(full, fullTimes, from, count, batch, counters.full);
    options.collectGarbage();
    timeBatches(minimal, minimalTimes, from, count, batch, counters.minimal);
  }
  const calls = batches * batch;
  return {
    full: latencyOf(fullTimes, counters.full.accepted / calls),
    minimal: latencyOf(minimalTimes, counters.minimal.accepted / calls),
    timerOverheadNs: timerOverhead(),
  };
}

/**
 * Times `count` batches of `batch` checks into `out[from…]` as nanoseconds per check (the batch's
 * time ÷ `batch`). The clock the throttle reads advances CHECK_INTERVAL_MS per check.
 */
function timeBatches(
  state: RiskBenchState,
  out: Float64Array,
  from: number,
  count: number,
  batch: number,
  counter: { next: number; accepted: number },
): void {
  const { harness, orders } = state;
  const risk = harness.risk;
  let next = counter.next;
  let accepted = 0;
  for (let b = from; b < from + count; b++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < batch; i++) {
      harness.now += CHECK_INTERVAL_MS;
      if (risk.check(orders[next]!) === undefined) accepted++;
      next = next + 1 === orders.length ? 0 : next + 1;
    }
    out[b] = Number(process.hrtime.bigint() - start) / batch;
  }
  counter.next = next;
  counter.accepted += accepted;
}

function latencyOf(nanosPerCall: Float64Array, acceptedShare: number): Latency {
  const sorted = Float64Array.from(nanosPerCall).sort();
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]! / 1_000;
  let sum = 0;
  for (const x of sorted) sum += x;
  const us = (x: number) => Number(x.toFixed(4));
  return {
    p50_us: us(at(0.5)),
    p99_us: us(at(0.99)),
    max_us: us(sorted[sorted.length - 1]! / 1_000),
    mean_us: us(sum / sorted.length / 1_000),
    accepted_share: Number(acceptedShare.toFixed(4)),
  };
}

/** Nanoseconds one `process.hrtime.bigint()` pair costs (what each batch's time carries extra). */
function timerOverhead(): number {
  const n = 100_000;
  let sink = 0n;
  const start = process.hrtime.bigint();
  for (let i = 0; i < n; i++) sink += process.hrtime.bigint() - process.hrtime.bigint();
  const total = Number(process.hrtime.bigint() - start);
  return sink === 1n ? Number.NaN : total / n;
}

// ---- kernel with and without the full risk engine ------------------------------------------------

/**
 * Starting cash of both kernel runs of the risk part. The benchmark strategy's 29,116 fills cost
 * more in fees than the backtest part's 1,000,000 (its equity ends below zero), and any limit that
 * is a fraction of equity, and any drawdown kill switch, would then stop it; with this much cash
 * its 1 BTC stays a small position and no rail needs loosening beyond the blueprint's defaults.
 */
const KERNEL_STARTING_CASH = 100_000_000;

/**
 * The full risk engine of the kernel run: DEFAULT_RISK_LIMITS (position 10%, gross and net 50% of
 * equity, 100 working orders, 100 orders a second, 10% collar) with the two limits it leaves off
 * made finite (order notional 1,000,000, position notional 5,000,000), the strategy an agent
 * trading half the capital under the same limits, and the daily drawdown kill switch at its
 * defaults (5% from the day's high, 60-minute cooldown).
 */
function fullKernelRisk(): BacktestRiskConfig {
  const limits = riskLimits(DEFAULT_RISK_LIMITS, { maxOrderNotional: 1_000_000, maxPositionNotional: 5_000_000 });
  return {
    policy: new RiskPolicy({ limits, agents: { [BENCH_STRATEGY_ID]: { capitalFraction: 0.5, limits } } }),
    dailyDrawdown: {},
  };
}

function measureKernel(options: RiskBenchOptions) {
  const { series, instrument, runs, warmup } = options;
  const bars = series.length;
  const baselineRates: number[] = [];
  const fullRates: number[] = [];
  let baseline: RunOutcome | undefined;
  let full: RunOutcome | undefined;
  /** One timed run: a fresh engine, a full GC, `processBars`; only typed arrays of its outcome are kept. */
  const run = (risk: BacktestRiskConfig | undefined): { seconds: number; outcome: RunOutcome } => {
    const engine = createBenchEngine(instrument, undefined, { startingCash: KERNEL_STARTING_CASH, risk });
    options.collectGarbage();
    const seconds = timeProcessBars(engine, series);
    return { seconds, outcome: outcomeOf(engine.finish()) };
  };
  for (let r = -warmup; r < runs; r++) {
    // Both kinds in every round, the first of the pair alternating; the other run's engine and
    // results (29,116 fill objects) are garbage by then, so neither run carries a larger heap.
    for (const guarded of r % 2 === 0 ? [false, true] : [true, false]) {
      const { seconds, outcome } = run(guarded ? fullKernelRisk() : undefined);
      if (r >= 0) (guarded ? fullRates : baselineRates).push(bars / seconds);
      if (guarded) full = outcome;
      else baseline = outcome;
    }
  }
  const difference = firstFillDifference(baseline!.fills, full!.fills);
  const denials = full!.denials;
  const baselineRate = median(baselineRates);
  const fullRate = median(fullRates);
  const slowdown = 1 - fullRate / baselineRate;
  options.progress(`risk: kernel without (M bars/s): ${baselineRates.map((x) => (x / 1e6).toFixed(2)).join(' ')}`);
  options.progress(`risk: kernel with    (M bars/s): ${fullRates.map((x) => (x / 1e6).toFixed(2)).join(' ')}`);
  return {
    ok: difference === undefined && full!.riskEvents === 0,
    slowdown,
    json: {
      bars,
      runs,
      warmup_runs: warmup,
      baseline_bars_per_sec: Math.round(baselineRate),
      full_bars_per_sec: Math.round(fullRate),
      full_vs_baseline_ratio: Number((fullRate / baselineRate).toFixed(4)),
      slowdown: Number(slowdown.toFixed(4)),
      pass_slowdown: slowdown <= TARGET_KERNEL_SLOWDOWN,
      fills: full!.fills.length / FILL_FIELDS,
      baseline_fills: baseline!.fills.length / FILL_FIELDS,
      fills_match: difference === undefined,
      first_fill_difference: difference ?? null,
      full_orders_denied: denials,
      full_risk_events: full!.riskEvents,
      baseline_runs_bars_per_sec: baselineRates.map(Math.round),
      full_runs_bars_per_sec: fullRates.map(Math.round),
    },
  };
}

/** What the comparison needs of a run: its fills packed as numbers, its risk event counts. */
interface RunOutcome {
  /** Per fill: timestamp, side (+1 buy, −1 sell), quantity, price, fee. */
  readonly fills: Float64Array;
  readonly riskEvents: number;
  readonly denials: number;
}
const FILL_FIELDS = 5;

function outcomeOf(result: BacktestResult): RunOutcome {
  const fills = new Float64Array(result.fills.length * FILL_FIELDS);
  result.fills.forEach((f, i) => {
    fills.set([f.timestamp, f.side === 'buy' ? 1 : -1, f.lastQuantity, f.lastPrice, f.fee], i * FILL_FIELDS);
  });
  const denials = result.riskEvents.filter((e) => e.type === 'OrderDenied').length;
  return { fills, riskEvents: result.riskEvents.length, denials };
}

/** The index and both sides of the first fill that differs (timestamp, side, quantity, price, fee), if any. */
function firstFillDifference(a: Float64Array, b: Float64Array) {
  const view = (fills: Float64Array, i: number) => {
    if (i * FILL_FIELDS >= fills.length) return null;
    const [timestamp, side, quantity, price, fee] = fills.subarray(i * FILL_FIELDS, (i + 1) * FILL_FIELDS);
    return { timestamp, side: side! > 0 ? 'buy' : 'sell', quantity, price, fee };
  };
  for (let i = 0; i < Math.max(a.length, b.length) / FILL_FIELDS; i++) {
    const x = view(a, i);
    const y = view(b, i);
    if (JSON.stringify(x) !== JSON.stringify(y)) return { index: i, without: x, with: y };
  }
  return undefined;
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

// ---- report ------------------------------------------------------------------------------------

function table(check: CheckFigures, kernel: ReturnType<typeof measureKernel>['json']): string {
  const slowdown = kernel.slowdown;
  const verdict = (ok: boolean) => (ok ? 'PASS' : 'MISS');
  const us = (x: number) => `${x.toFixed(3)} µs`;
  const m = (x: number) => `${(x / 1e6).toFixed(2)} M`;
  return [
    'Risk benchmark (issue targets)',
    '',
    `pre-trade check, full limits   p50 ${us(check.p50_us)}  p99 ${us(check.p99_us)}  max ${us(check.max_us)}  mean ${us(check.mean_us)}   target p99 ≤ ${TARGET_CHECK_P99_US} µs: ${verdict(check.p99_us <= TARGET_CHECK_P99_US)}`,
    `  anchor: minimal checks       p50 ${us(check.minimal.p50_us)}  p99 ${us(check.minimal.p99_us)}  max ${us(check.minimal.max_us)}  mean ${us(check.minimal.mean_us)}   full / minimal (p50) ${check.full_vs_minimal_p50_ratio}×`,
    `  ${check.calls.toLocaleString('en-US')} calls each, per-order figures of batches of ${check.batch}; passed: full ${(check.accepted_share * 100).toFixed(1)}%, minimal ${(check.minimal.accepted_share * 100).toFixed(1)}%; timer pair ${check.timer_overhead_ns} ns`,
    `kernel (EMA cross, ${m(kernel.bars)} bars)   without risk ${m(kernel.baseline_bars_per_sec)} bars/s, with the full risk engine ${m(kernel.full_bars_per_sec)} bars/s: ${(slowdown * 100).toFixed(1)}% slower   target ≤ ${TARGET_KERNEL_SLOWDOWN * 100}%: ${verdict(slowdown <= TARGET_KERNEL_SLOWDOWN)}`,
    `  fills ${kernel.fills} (without: ${kernel.baseline_fills}), identical: ${kernel.fills_match}; risk events with the full engine: ${kernel.full_risk_events} (denials ${kernel.full_orders_denied})`,
  ].join('\n');
}

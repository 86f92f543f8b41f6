/**
 * The indicator benchmark (see bench/README.md, "Indicator benchmark"): on the same bars, for each
 * of SMA, EMA, RSI, MACD, Bollinger Bands and ATR, times the hand loop (the limit), our batch
 * function with reused buffers, our streaming class, and the fastest API of each npm peer.
 *
 * Before any timing, each hand loop must agree with our batch output (same warm-up, then a
 * difference of at most CHECK_TOLERANCE, relative above 1 and absolute below) and the streaming
 * instance must end on the batch's last values; otherwise the run stops with
 * IndicatorCheckError, because a limit that computes something else is no anchor.
 */
import { createCases, type IndicatorCase } from './cases.ts';
import type { IndicatorInput, IndicatorKey } from './parameters.ts';
import { type PeerResult, timePeer } from './peer-timing.ts';
import { type PeerLibrary, peerCandidates, peerInput } from './peers.ts';
import { difference, median, seconds } from './timing.ts';

export type { PeerResult } from './peer-timing.ts';

/** Hand loop vs batch: largest accepted |a − b| / max(1, |b|) after the warm-up. */
export const CHECK_TOLERANCE = 1e-6;
/** Streaming vs batch at the last bar (both forms are meant to be bit-identical). */
const STREAMING_TOLERANCE = 1e-9;
/** JIT warm-up: calls on short prefixes, so that timed runs execute whole-function optimized code, not on-stack replacement. */
const PREFIX_CALLS = 200;
const PREFIX_BARS = 5_000;

/** What to run and how; see bench/README.md for the defaults the command line passes. */
export interface IndicatorBenchOptions {
  /** The bars (closes; highs and lows for ATR), all the same length. */
  readonly input: IndicatorInput;
  /** Timed runs of each of our forms and the hand loop (median reported). */
  readonly runs: number;
  /** Untimed full-length runs of each form before the timed ones. */
  readonly warmup: number;
  /** Timed runs of each peer. */
  readonly peerRuns: number;
  readonly peers: boolean;
  /** Restrict to these indicators (all six by default). */
  readonly only?: readonly IndicatorKey[];
  /** Bars of the peer probe that picks each library's faster API (default 100,000). */
  readonly peerProbeBars?: number;
  /** A peer whose full-length run would take longer than this is timed on `peerProbeBars` bars and scaled (default 5 s). */
  readonly peerMaxSeconds?: number;
  /** A full garbage collection, called before every timed run when given. */
  readonly collectGarbage?: () => void;
  readonly progress?: (message: string) => void;
}

/** One indicator's figures. */
export interface IndicatorResult {
  readonly key: IndicatorKey;
  readonly label: string;
  /** Medians, bars (updates) per second. */
  readonly limit: number;
  readonly batch: number;
  readonly streaming: number;
  readonly limitRuns: readonly number[];
  readonly batchRuns: readonly number[];
  readonly streamingRuns: readonly number[];
  /** Largest hand-loop vs batch difference after the warm-up (checked ≤ CHECK_TOLERANCE). */
  readonly checkDifference: number;
  readonly peers: readonly PeerResult[];
  /** The fastest peer that produced a figure; null when none did or peers were skipped. */
  readonly bestPeer: PeerResult | null;
}

/** The whole run: settings and each indicator's figures, in INDICATOR_KEYS order. */
export interface IndicatorBenchResult {
  readonly bars: number;
  readonly runs: number;
  readonly warmup: number;
  readonly peerRuns: number;
  readonly peers: boolean;
  readonly peerMaxSeconds: number;
  readonly peerProbeBars: number;
  readonly indicators: readonly IndicatorResult[];
  /** Wall time of the whole indicator benchmark. */
  readonly seconds: number;
}

/** A hand loop that does not compute what our batch function computes, or a streaming form that disagrees. */
export class IndicatorCheckError extends Error {
  override readonly name = 'IndicatorCheckError';
}

/** Throws IndicatorCheckError unless the hand loop, the batch and the streaming form agree; returns the largest difference. */
function check(c: IndicatorCase, input: IndicatorInput): number {
  c.limit(input);
  c.batch(input);
  c.stream(input);
  const n = input.close.length;
  let worst = 0;
  for (let k = 0; k < c.outputNames.length; k++) {
    const name = `${c.label} ${c.outputNames[k]}`;
    const limit = c.limitOutputs[k];
    const batch = c.batchOutputs[k];
    for (let i = 0; i < Math.min(c.lookback, n); i++)
      if (!Number.isNaN(limit[i]) || !Number.isNaN(batch[i]))
        throw new IndicatorCheckError(
          `${name}: index ${i} is inside the warm-up (lookback ${c.lookback}) but hand loop = ${limit[i]}, batch = ${batch[i]}; both must be NaN`,
        );
    for (let i = c.lookback; i < n; i++) {
      const d = difference(limit[i], batch[i]);
      if (!(d <= CHECK_TOLERANCE))
        throw new IndicatorCheckError(
          `${name}: hand loop and batch differ at index ${i}: ${limit[i]} vs ${batch[i]} (difference ${d}, tolerance ${CHECK_TOLERANCE}); the limit must compute our outputs`,
        );
      if (d > worst) worst = d;
    }
    if (n > c.lookback) {
      const d = difference(c.streamed[k], batch[n - 1]);
      if (!(d <= STREAMING_TOLERANCE))
        throw new IndicatorCheckError(
          `${name}: streaming ends on ${c.streamed[k]}, batch on ${batch[n - 1]} (difference ${d}, tolerance ${STREAMING_TOLERANCE})`,
        );
    }
  }
  return worst;
}

const prefix = (input: IndicatorInput, length: number): IndicatorInput => ({
  high: input.high.subarray(0, length),
  low: input.low.subarray(0, length),
  close: input.close.subarray(0, length),
});

/** Times our three forms of one indicator: JIT warm-up, untimed runs, then timed runs in rotating order. */
function timeOurs(c: IndicatorCase, options: IndicatorBenchOptions) {
  const { input, runs, warmup, collectGarbage } = options;
  const n = input.close.length;
  const short = prefix(input, Math.min(n, PREFIX_BARS));
  for (let k = 0; k < PREFIX_CALLS; k++) {
    c.limit(short);
    c.batch(short);
    c.stream(short);
  }
  const forms = [
    { run: () => c.limit(input), rates: [] as number[] },
    { run: () => c.batch(input), rates: [] as number[] },
    { run: () => c.stream(input), rates: [] as number[] },
  ];
  let sink = 0;
  for (let r = -warmup; r < runs; r++) {
    for (let k = 0; k < forms.length; k++) {
      // Rotate the order so that no form always runs first after the previous indicator's work.
      const form = forms[(k + r + warmup) % forms.length];
      collectGarbage?.();
      const start = process.hrtime.bigint();
      const result = form.run();
      const elapsed = seconds(start);
      if (typeof result === 'number') sink += result;
      if (r >= 0) form.rates.push(n / elapsed);
    }
  }
  return { limitRuns: forms[0].rates, batchRuns: forms[1].rates, streamingRuns: forms[2].rates, sink };
}

/** Runs the indicator benchmark; throws IndicatorCheckError when a hand loop disagrees with our batch output. */
export function runIndicatorBench(options: IndicatorBenchOptions): IndicatorBenchResult {
  const started = process.hrtime.bigint();
  const progress = options.progress ?? (() => {});
  const { input } = options;
  const n = input.close.length;
  if (input.high.length !== n || input.low.length !== n)
    throw new RangeError('indicator bench: columns differ in length');
  const peerProbeBars = Math.min(n, options.peerProbeBars ?? 100_000);
  const peerMaxSeconds = options.peerMaxSeconds ?? 5;
  const cases = createCases(n).filter((c) => options.only === undefined || options.only.includes(c.key));

  const checks = new Map<IndicatorKey, number>();
  for (const c of cases) checks.set(c.key, check(c, input));
  progress(`indicators: hand loops agree with our batch outputs (≤ ${CHECK_TOLERANCE}); timing ours`);

  const timings = new Map<IndicatorKey, ReturnType<typeof timeOurs>>();
  for (const c of cases) {
    const t = timeOurs(c, options);
    timings.set(c.key, t);
    const m = (xs: number[]) => (median(xs) / 1e6).toFixed(1);
    progress(
      `  ${c.label.padEnd(16)} limit ${m(t.limitRuns)}  batch ${m(t.batchRuns)}  streaming ${m(t.streamingRuns)} M bars/s`,
    );
  }
  // The last timed runs were full length: the batch buffers hold the outputs the peers are compared with.
  const peerResults = new Map<IndicatorKey, PeerResult[]>();
  if (options.peers) {
    progress(
      `indicators: timing the npm peers (${options.peerRuns} runs; probe ${peerProbeBars.toLocaleString('en-US')} bars)`,
    );
    const full = peerInput(input, n);
    const probe = peerInput(input, peerProbeBars);
    for (const c of cases) {
      const byLibrary = peerCandidates(c.key);
      const results = (Object.keys(byLibrary) as PeerLibrary[]).map((library) =>
        timePeer(library, byLibrary[library], full, probe, c.batchOutputs[c.mainOutput], {
          runs: options.peerRuns,
          maxSeconds: peerMaxSeconds,
          collectGarbage: options.collectGarbage,
        }),
      );
      peerResults.set(c.key, results);
      const shown = results.map((p) =>
        p.barsPerSec === null
          ? `${p.library} failed`
          : `${p.library} ${(p.barsPerSec / 1e6).toFixed(2)}${p.scaled ? '*' : ''}`,
      );
      progress(`  ${c.label.padEnd(16)} ${shown.join(', ')}`);
    }
  }

  const indicators = cases.map((c): IndicatorResult => {
    const t = timings.get(c.key)!;
    const peers = peerResults.get(c.key) ?? [];
    const rated = peers.filter((p) => p.barsPerSec !== null);
    const bestPeer = rated.length === 0 ? null : rated.reduce((a, b) => (b.barsPerSec! > a.barsPerSec! ? b : a));
    return {
      key: c.key,
      label: c.label,
      limit: median(t.limitRuns),
      batch: median(t.batchRuns),
      streaming: median(t.streamingRuns),
      limitRuns: t.limitRuns,
      batchRuns: t.batchRuns,
      streamingRuns: t.streamingRuns,
      checkDifference: checks.get(c.key)!,
      peers,
      bestPeer,
    };
  });
  return {
    bars: n,
    runs: options.runs,
    warmup: options.warmup,
    peerRuns: options.peerRuns,
    peers: options.peers,
    peerMaxSeconds,
    peerProbeBars,
    indicators,
    seconds: seconds(started),
  };
}

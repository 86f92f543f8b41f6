/**
 * Timing one peer library on one indicator: each candidate API is probed on a prefix (a cold run,
 * then a timed one), the faster is timed on all bars, or on the prefix when a full run would take
 * longer than `maxSeconds`.
 */
import type { PeerCandidate, PeerInput, PeerLibrary } from './peers.ts';
import { difference, median, seconds } from './timing.ts';

/** One peer library's figure for one indicator. */
export interface PeerResult {
  readonly library: PeerLibrary;
  readonly api: string | null;
  readonly form: 'batch' | 'streaming' | null;
  /** Median bars per second of the timed runs; null when the library failed. */
  readonly barsPerSec: number | null;
  /** Bars per timed run: fewer than the benchmark's when the peer was too slow (the rate is then scaled). */
  readonly timedBars: number;
  readonly scaled: boolean;
  /** |peer − ours| / max(1, |ours|) of the main output at the last timed bar: the size of a convention difference. */
  readonly lastValueDifference: number | null;
  readonly note: string | null;
  readonly error: string | null;
  /** Every candidate API with its probe rate, the basis of the choice. */
  readonly candidates: readonly { api: string; form: string; probeBarsPerSec: number | null; error: string | null }[];
}
/** How peers are timed. */
export interface PeerTimingOptions {
  /** Timed runs of the chosen API (median reported). */
  readonly runs: number;
  /** A full-length run predicted longer than this is replaced by runs on the probe prefix. */
  readonly maxSeconds: number;
  /** A full garbage collection before each timed run, when given. */
  readonly collectGarbage?: () => void;
}

/** Probes each candidate of one library, picks the faster, times it; never throws (a failing peer is recorded). */
export function timePeer(
  library: PeerLibrary,
  candidates: readonly PeerCandidate[],
  full: PeerInput,
  probe: PeerInput,
  ours: Float64Array,
  options: PeerTimingOptions,
): PeerResult {
  const n = full.close.length;
  const probeBars = probe.close.length;
  const probed = candidates.map((candidate) => {
    try {
      candidate.run(probe); // cold run: compiles the library's code
      const start = process.hrtime.bigint();
      candidate.run(probe);
      return { candidate, probeSeconds: seconds(start), error: null };
    } catch (error) {
      return { candidate, probeSeconds: null, error: error instanceof Error ? error.message : String(error) };
    }
  });
  const summary = probed.map((p) => ({
    api: p.candidate.api,
    form: p.candidate.form,
    probeBarsPerSec: p.probeSeconds === null ? null : Math.round(probeBars / p.probeSeconds),
    error: p.error,
  }));
  const working = probed.filter((p) => p.probeSeconds !== null);
  if (working.length === 0) {
    const error = candidates.length === 0 ? 'no such indicator' : summary.map((s) => `${s.api}: ${s.error}`).join('; ');
    const base = { library, api: null, form: null, barsPerSec: null, timedBars: 0, scaled: false };
    return { ...base, lastValueDifference: null, note: null, error, candidates: summary };
  }
  const best = working.reduce((a, b) => (b.probeSeconds! < a.probeSeconds! ? b : a));
  const scaled = best.probeSeconds! * (n / probeBars) > options.maxSeconds;
  const timed = scaled ? probe : full;
  const rates: number[] = [];
  let last = Number.NaN;
  try {
    for (let r = 0; r < options.runs; r++) {
      options.collectGarbage?.();
      const start = process.hrtime.bigint();
      last = best.candidate.run(timed);
      rates.push(timed.close.length / seconds(start));
    }
  } catch (error) {
    const base = { library, api: best.candidate.api, form: best.candidate.form, barsPerSec: null };
    const message = error instanceof Error ? error.message : String(error);
    return {
      ...base,
      timedBars: timed.close.length,
      scaled,
      lastValueDifference: null,
      note: null,
      error: message,
      candidates: summary,
    };
  }
  const timedBars = timed.close.length;
  return {
    library,
    api: best.candidate.api,
    form: best.candidate.form,
    barsPerSec: median(rates),
    timedBars,
    scaled,
    lastValueDifference: difference(last, ours[timedBars - 1]),
    note: best.candidate.note ?? null,
    error: null,
    candidates: summary,
  };
}

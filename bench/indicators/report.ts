/**
 * The indicator benchmark's output: a human table (figures, ratios, PASS/MISS per target, the
 * peers by library) and the JSON objects `indicators` (the four figures per indicator, in bars per
 * second) and `indicators_detail` (ratios, verdicts, every run, every peer).
 */
import { CHECK_TOLERANCE, type IndicatorBenchResult, type IndicatorResult } from './indicator-bench.ts';
import {
  STREAMING_TARGET_KEYS,
  TARGET_BATCH_VS_LIMIT,
  TARGET_OURS_VS_BEST_PEER,
  TARGET_STREAMING_UPDATES_PER_SEC,
} from './parameters.ts';
import { PEER_LIBRARIES } from './peers.ts';

/** The issue's three targets for one indicator; null where a target does not apply or cannot be judged. */
export interface IndicatorVerdicts {
  readonly batchVsLimit: boolean;
  readonly streaming: boolean | null;
  readonly versusBestPeer: boolean | null;
}

/** Ours against the best peer: the slower of our two forms, so both must clear the target. */
export function oursVersusBestPeer(result: IndicatorResult): number | null {
  const peer = result.bestPeer?.barsPerSec;
  return peer === undefined || peer === null ? null : Math.min(result.batch, result.streaming) / peer;
}

export function verdicts(result: IndicatorResult): IndicatorVerdicts {
  const versus = oursVersusBestPeer(result);
  return {
    batchVsLimit: result.batch / result.limit >= TARGET_BATCH_VS_LIMIT,
    streaming: STREAMING_TARGET_KEYS.has(result.key) ? result.streaming >= TARGET_STREAMING_UPDATES_PER_SEC : null,
    versusBestPeer: versus === null ? null : versus >= TARGET_OURS_VS_BEST_PEER,
  };
}

/** The JSON `indicators` object: per indicator { batch, streaming, limit, best_peer } in bars per second. */
export function indicatorsJson(
  result: IndicatorBenchResult,
): Record<string, { batch: number; streaming: number; limit: number; best_peer: number | null }> {
  const out: Record<string, { batch: number; streaming: number; limit: number; best_peer: number | null }> = {};
  for (const r of result.indicators) {
    const peer = r.bestPeer?.barsPerSec;
    out[r.key] = {
      batch: Math.round(r.batch),
      streaming: Math.round(r.streaming),
      limit: Math.round(r.limit),
      best_peer: peer === undefined || peer === null ? null : Math.round(peer),
    };
  }
  return out;
}

const round = (x: number, digits: number): number => Number(x.toFixed(digits));
const significant = (x: number | null): number | null => (x === null ? null : Number(x.toPrecision(3)));

/** The JSON `indicators_detail` object: how the figures were obtained, the ratios and verdicts. */
export function indicatorsDetailJson(result: IndicatorBenchResult): Record<string, unknown> {
  const perIndicator: Record<string, unknown> = {};
  for (const r of result.indicators) {
    const v = verdicts(r);
    const versus = oursVersusBestPeer(r);
    const peers: Record<string, unknown> = {};
    for (const p of r.peers)
      peers[p.library] = {
        bars_per_sec: p.barsPerSec === null ? null : Math.round(p.barsPerSec),
        api: p.api,
        form: p.form,
        timed_bars: p.timedBars,
        scaled: p.scaled,
        last_value_difference: significant(p.lastValueDifference),
        note: p.note,
        error: p.error,
        candidates: p.candidates,
      };
    perIndicator[r.key] = {
      label: r.label,
      batch_vs_limit: round(r.batch / r.limit, 3),
      batch_vs_best_peer: r.bestPeer?.barsPerSec ? round(r.batch / r.bestPeer.barsPerSec, 2) : null,
      streaming_vs_limit: round(r.streaming / r.limit, 3),
      ours_vs_best_peer: versus === null ? null : round(versus, 2),
      best_peer_library: r.bestPeer?.library ?? null,
      best_peer_api: r.bestPeer?.api ?? null,
      pass_batch_vs_limit: v.batchVsLimit,
      pass_streaming: v.streaming,
      pass_vs_best_peer: v.versusBestPeer,
      check_max_difference: significant(r.checkDifference),
      limit_best: Math.round(Math.max(...r.limitRuns)),
      batch_best: Math.round(Math.max(...r.batchRuns)),
      streaming_best: Math.round(Math.max(...r.streamingRuns)),
      limit_runs: r.limitRuns.map(Math.round),
      batch_runs: r.batchRuns.map(Math.round),
      streaming_runs: r.streamingRuns.map(Math.round),
      peers,
    };
  }
  return {
    bars: result.bars,
    runs: result.runs,
    warmup_runs: result.warmup,
    peer_runs: result.peers ? result.peerRuns : 0,
    peer_probe_bars: result.peerProbeBars,
    peer_max_seconds: result.peerMaxSeconds,
    check_tolerance: CHECK_TOLERANCE,
    target_batch_vs_limit: TARGET_BATCH_VS_LIMIT,
    target_streaming_updates_per_sec: TARGET_STREAMING_UPDATES_PER_SEC,
    target_streaming_indicators: [...STREAMING_TARGET_KEYS],
    target_ours_vs_best_peer: TARGET_OURS_VS_BEST_PEER,
    seconds: round(result.seconds, 1),
    by_indicator: perIndicator,
  };
}

const m = (x: number): string => (x / 1e6).toFixed(x >= 1e8 ? 0 : 1);
const mark = (ok: boolean | null): string => (ok === null ? '—' : ok ? 'PASS' : 'MISS');
const cell = (text: string, width: number, left = false): string => (left ? text.padEnd(width) : text.padStart(width));

/** The human table printed by `npm run bench`; `environment` (Node, load) is shown under the title when given. */
export function formatIndicatorTable(result: IndicatorBenchResult, environment?: string): string {
  const lines: string[] = [];
  lines.push(
    `Indicator benchmark — ${result.bars.toLocaleString('en-US')} synthetic 1-minute bars; median of ${result.runs} runs after ${result.warmup} warm-up; peers ${result.peers ? `median of ${result.peerRuns}` : 'skipped'}`,
    ...(environment === undefined ? [] : [environment]),
    `M bars/s (streaming: M updates/s). Targets: batch ≥ ${TARGET_BATCH_VS_LIMIT}× limit (b/lim); streaming ≥ ${TARGET_STREAMING_UPDATES_PER_SEC / 1e6} M/s for ${[...STREAMING_TARGET_KEYS].join(', ')}; min(batch, streaming) ≥ ${TARGET_OURS_VS_BEST_PEER}× the fastest peer (min/peer).`,
    '',
  );
  const header = [
    cell('indicator', 17, true),
    cell('limit', 7),
    cell('batch', 7),
    cell('b/lim', 7),
    cell('stream', 8),
    cell('s/lim', 7),
    cell('best peer', 11),
    cell('batch/peer', 12),
    cell('min/peer', 10),
    '   ',
    cell('batch≥0.7×', 12, true),
    cell('stream≥20M', 12, true),
    cell('min≥3×peer', 12, true),
    'best peer API',
  ];
  lines.push(header.join(''));
  let met = 0;
  let judged = 0;
  for (const r of result.indicators) {
    const v = verdicts(r);
    for (const ok of [v.batchVsLimit, v.streaming, v.versusBestPeer])
      if (ok !== null) {
        judged++;
        if (ok) met++;
      }
    const versus = oursVersusBestPeer(r);
    const peer = r.bestPeer;
    const peerApi =
      peer === null
        ? result.peers
          ? 'none produced a figure'
          : ''
        : `${peer.library} ${peer.api} (${peer.form})${peer.scaled ? ' *' : ''}`;
    const peerRate = peer?.barsPerSec ?? null;
    lines.push(
      [
        cell(r.label, 17, true),
        cell(m(r.limit), 7),
        cell(m(r.batch), 7),
        cell((r.batch / r.limit).toFixed(2), 7),
        cell(m(r.streaming), 8),
        cell((r.streaming / r.limit).toFixed(2), 7),
        cell(peerRate === null ? 'n/a' : (peerRate / 1e6).toFixed(2), 11),
        cell(peerRate === null ? 'n/a' : `${(r.batch / peerRate).toFixed(1)}×`, 12),
        cell(versus === null ? 'n/a' : `${versus.toFixed(1)}×`, 10),
        '   ',
        cell(mark(v.batchVsLimit), 12, true),
        cell(mark(v.streaming), 12, true),
        cell(mark(v.versusBestPeer), 12, true),
        peerApi,
      ].join(''),
    );
  }
  const worst = Math.max(...result.indicators.map((r) => r.checkDifference));
  lines.push(
    '',
    `targets met: ${met} of ${judged}`,
    `check: each hand loop equals our batch output after the warm-up (largest difference ${worst.toExponential(1)}, tolerance ${CHECK_TOLERANCE}); streaming ends on the batch's last values`,
  );
  if (result.peers) lines.push('', ...formatPeers(result));
  lines.push('', `indicator benchmark took ${result.seconds.toFixed(1)} s`);
  return lines.join('\n');
}

/** Peers by library: M bars/s of the API each library was timed with, then the notes. */
function formatPeers(result: IndicatorBenchResult): string[] {
  const width = 17;
  const lines = [
    `peers, M bars/s (b batch function, s streaming class; * timed on ${result.peerProbeBars.toLocaleString('en-US')} bars and scaled, slower than ${result.peerMaxSeconds} s per ${result.bars.toLocaleString('en-US')}; Δ main output's last value vs ours)`,
    [cell('library', 21, true), ...result.indicators.map((r) => cell(r.label, width))].join(''),
  ];
  for (const library of PEER_LIBRARIES) {
    const cells = result.indicators.map((r) => {
      const p = r.peers.find((x) => x.library === library);
      if (p === undefined || p.barsPerSec === null) return cell('failed', width);
      return cell(`${(p.barsPerSec / 1e6).toFixed(2)} ${p.form === 'batch' ? 'b' : 's'}${p.scaled ? '*' : ' '}`, width);
    });
    const deltas = result.indicators.map((r) => {
      const d = r.peers.find((x) => x.library === library)?.lastValueDifference;
      return cell(d === undefined || d === null ? '' : `Δ ${d === 0 ? '0' : d.toExponential(0)}  `, width);
    });
    lines.push(cell(library, 21, true) + cells.join(''), cell('', 21) + deltas.join(''));
  }
  const notes: string[] = [];
  for (const r of result.indicators)
    for (const p of r.peers) {
      const parts = [
        p.api === null ? null : `${p.api}`,
        p.candidates.length > 1
          ? `chosen over ${p.candidates
              .filter((c) => c.api !== p.api)
              .map(
                (c) =>
                  `${c.api} (${c.probeBarsPerSec === null ? 'failed' : `${(c.probeBarsPerSec / 1e6).toFixed(2)} M/s probe`})`,
              )
              .join(', ')}`
          : null,
        p.note,
        p.error === null ? null : `FAILED: ${p.error}`,
      ].filter((x) => x !== null);
      if (p.note !== null || p.error !== null || p.candidates.length > 1)
        notes.push(`  ${r.label} ${p.library}: ${parts.join('; ')}`);
    }
  if (notes.length > 0) lines.push('notes:', ...notes);
  return lines;
}

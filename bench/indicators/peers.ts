/**
 * The npm peers of the indicator benchmark, called through their documented APIs on the same
 * bars: technicalindicators 3, trading-signals 8, indicatorts 2 and @ixjb94/indicators 1 (all
 * devDependencies).
 *
 * Each peer gets its inputs as plain `number[]` (the type all four document), built once outside
 * the timed region. Where a library offers both a batch function and a streaming class, both are
 * candidates and the benchmark times the faster one (a short probe decides). trading-signals 8
 * has only streaming classes (its `updates()` is `add()` mapped over the array), indicatorts
 * only batch functions, @ixjb94/indicators' fastest API is the synchronous `IndicatorsSync`
 * (its `Indicators` class and extracted functions wrap the same loops in promises).
 *
 * Every candidate returns the last value of the indicator's main output (MACD line, upper band,
 * …) so that the report can show how far each peer's convention is from ours.
 */
import type { IndicatorKey } from './parameters.ts';
import type { PeerCandidate, PeerInput, PeerLibrary } from './peer-common.ts';
import { indicatortsCandidates } from './peer-indicatorts.ts';
import { ixjb94Candidates } from './peer-ixjb94.ts';
import { technicalIndicatorsCandidates } from './peer-technicalindicators.ts';
import { tradingSignalsCandidates } from './peer-trading-signals.ts';

export { PEER_LIBRARIES, type PeerCandidate, type PeerInput, type PeerLibrary } from './peer-common.ts';

/** Every peer candidate for one indicator, grouped by library in PEER_LIBRARIES order. */
export function peerCandidates(key: IndicatorKey): Readonly<Record<PeerLibrary, readonly PeerCandidate[]>> {
  return {
    technicalindicators: technicalIndicatorsCandidates(key),
    'trading-signals': tradingSignalsCandidates(key),
    indicatorts: indicatortsCandidates(key),
    '@ixjb94/indicators': ixjb94Candidates(key),
  };
}

/** Plain-array copies of the first `length` bars (built outside any timed region). */
export function peerInput(
  columns: { high: Float64Array; low: Float64Array; close: Float64Array },
  length: number,
): PeerInput {
  return {
    high: Array.from(columns.high.subarray(0, length)),
    low: Array.from(columns.low.subarray(0, length)),
    close: Array.from(columns.close.subarray(0, length)),
  };
}

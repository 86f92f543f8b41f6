import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { BTC_PERP as BTC, BTC_PERP_SAMPLE as SAMPLE } from '../../../../test/support/btc-perp.ts';
import { loadBars } from '../../../adapters/data/index.ts';
import { SeededRandom } from '../../kernel/random.ts';
import type { BarSeries } from '../../model/data.ts';
import { computeFeatures, type FeatureMatrix } from './compute-features.ts';
import { everyFeatureKind } from './every-feature-kind.ts';
import { forwardReturnLabel } from './forward-return-label.ts';
import { tripleBarrierLabel } from './triple-barrier-label.ts';

/**
 * The no-look-ahead proof. Features are causal: changing any bar after t leaves every feature of
 * bars 0 … t bit-identical, for every feature kind and every registry indicator. Labels are the
 * only forward-looking columns: a label at t reads bars t … t + horizon, so it changes when a bar
 * within its horizon does and only then.
 */

const WINDOW = 400;
let all: BarSeries;
let external: Float64Array;
beforeAll(async () => {
  all = (await loadBars({ path: SAMPLE, instrumentId: BTC.id, timeframe: '1m' })).series;
  const random = new SeededRandom(7);
  external = Float64Array.from({ length: WINDOW }, () => random.next());
});

/** A copy of `WINDOW` real bars from `start`, so it can be changed. */
function copyWindow(start: number): BarSeries {
  const copy = (column: Float64Array) => column.slice(start, start + WINDOW);
  return {
    instrumentId: all.instrumentId,
    timeframe: all.timeframe,
    length: WINDOW,
    timestamp: copy(all.timestamp),
    open: copy(all.open),
    high: copy(all.high),
    low: copy(all.low),
    close: copy(all.close),
    volume: copy(all.volume),
  };
}

/**
 * Changes every bar after `t`: prices scaled by factors in [0.5, 1) ∪ [1.01, 2) (never 1), high and
 * low kept outside open and close, volumes rescaled, open times shifted later by whole minutes.
 */
function perturbAfter(series: BarSeries, t: number, seed: number): void {
  const random = new SeededRandom(seed);
  const factor = () => {
    const r = random.next();
    return r < 0.5 ? 0.5 + r : 1.01 + r;
  };
  const shift = Math.floor(random.next() * 10) * 60_000;
  for (let i = t + 1; i < series.length; i++) {
    const open = series.open[i]! * factor();
    const close = series.close[i]! * factor();
    series.open[i] = open;
    series.close[i] = close;
    series.high[i] = Math.max(open, close, series.high[i]! * factor());
    series.low[i] = Math.min(open, close, series.low[i]! * factor());
    series.volume[i] = series.volume[i]! * factor() * 3;
    series.timestamp[i] = series.timestamp[i]! + shift;
  }
}

/** `column → first row ≤ t` where the two matrices differ (Object.is: NaN equals NaN). */
function differencesUpTo(a: FeatureMatrix, b: FeatureMatrix, t: number): Record<string, number> {
  const found: Record<string, number> = {};
  for (let c = 0; c < a.columns.length; c++)
    for (let r = 0; r <= t; r++)
      if (!Object.is(a.values[c * a.rows + r], b.values[c * b.rows + r])) {
        found[a.columns[c]!] = r;
        break;
      }
  return found;
}

const cases = fc.record({
  start: fc.integer({ min: 0, max: 45_031 - WINDOW }),
  t: fc.integer({ min: 0, max: WINDOW - 2 }),
  seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
});

describe('no look-ahead (real BTC-PERP 1m bars, seeded fast-check)', () => {
  it('changing any bar after t leaves every feature at bars ≤ t bit-identical, for every kind', () => {
    const specs = everyFeatureKind(external);
    fc.assert(
      fc.property(cases, ({ start, t, seed }) => {
        const original = copyWindow(start);
        const changed = copyWindow(start);
        perturbAfter(changed, t, seed);
        const before = computeFeatures(original, specs);
        const after = computeFeatures(changed, specs);
        expect(differencesUpTo(before, after, t), `window at ${start}, changed after ${t}`).toEqual({});
        // The change was real: bar t + 1's one-bar return moved.
        const returns = before.columns.indexOf('return_1');
        expect(after.values[returns * WINDOW + t + 1], 'return_1 after t').not.toBe(
          before.values[returns * WINDOW + t + 1],
        );
        // And the bars after t need not exist at all: the features of the first t + 1 bars alone agree.
        const prefix = computeFeatures({ ...original, length: t + 1 }, specs);
        expect(differencesUpTo(prefix, before, t), 'features of a truncated series').toEqual({});
      }),
      { seed: 66, numRuns: 40 },
    );
  });

  it('labels at t change only within their horizon: untouched when the change starts after t + horizon', () => {
    const horizon = 5;
    const labelsOf = (series: BarSeries) => ({
      forward: forwardReturnLabel(series, { horizon }),
      above: forwardReturnLabel(series, { horizon, threshold: 0.001 }),
      barrier: tripleBarrierLabel(series, {
        horizon,
        upper: 2,
        lower: 2,
        width: { kind: 'volatility', window: 20 },
      }).label,
    });
    fc.assert(
      fc.property(cases, ({ start, t, seed }) => {
        const original = copyWindow(start);
        const changed = copyWindow(start);
        perturbAfter(changed, t, seed);
        const before = labelsOf(original);
        const after = labelsOf(changed);
        for (const name of ['forward', 'above', 'barrier'] as const) {
          const unchangedUpTo = t - horizon; // labels of rows r with r + horizon ≤ t read no changed bar
          for (let r = 0; r <= unchangedUpTo; r++)
            if (!Object.is(before[name][r], after[name][r]))
              expect.fail(`${name} label at ${r} changed although only bars after ${t} did (horizon ${horizon})`);
        }
        // Forward-looking by definition: the label whose horizon ends at the first changed bar moves.
        const reaching = t + 1 - horizon;
        if (reaching >= 0)
          expect(after.forward[reaching], `forward return at ${reaching} reads bar ${t + 1}`).not.toBe(
            before.forward[reaching],
          );
      }),
      { seed: 67, numRuns: 300 },
    );
  });
});

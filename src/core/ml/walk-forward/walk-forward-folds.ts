/** A half-open range of row indices, `start` included, `end` excluded. */
export interface RowRange {
  readonly start: number;
  readonly end: number;
}

/** One walk-forward fold: train on `train`, then predict `test`, which lies wholly after it. */
export interface WalkForwardFold {
  /** 0 for the first fold. */
  readonly index: number;
  readonly train: RowRange;
  readonly test: RowRange;
}

export const WalkForwardMode = { Rolling: 'rolling', Expanding: 'expanding' } as const;
export type WalkForwardMode = (typeof WalkForwardMode)[keyof typeof WalkForwardMode];

export interface WalkForwardOptions {
  /** Rows in all (bars of the feature matrix). */
  readonly rows: number;
  /** Training rows of a rolling fold, and of the first fold in either mode; ≥ 1. */
  readonly trainSize: number;
  /** Test rows per fold; ≥ 1. */
  readonly testSize: number;
  /** Rows from one test start to the next (retrain every `step` bars); default `testSize`. */
  readonly step?: number;
  /** `rolling`: the last `trainSize` rows before the gap; `expanding`: every row from 0 to the gap. */
  readonly mode: WalkForwardMode;
  /**
   * The labels' horizon in rows: a training row r is kept only when its label window r … r + purge
   * ends before the test fold, so the last `purge` rows before the test fold are left out. Default 0.
   */
  readonly purge?: number;
  /**
   * Further rows left out between training and test (beyond the purge), for features whose serial
   * correlation would let the last training rows stand in for the first test rows. Training always
   * precedes testing here, so this gap is where the embargo goes. Default 0.
   */
  readonly embargo?: number;
  /** Keep a last fold whose test window is cut short by the end of the rows; default false. */
  readonly allowPartial?: boolean;
}

function requireCount(name: string, value: number, min: number): number {
  if (!Number.isInteger(value) || value < min)
    throw new RangeError(`walk-forward ${name} must be an integer >= ${min}, got ${value}`);
  return value;
}

/**
 * Walk-forward folds over `rows` ordered rows: test windows of `testSize` rows every `step` rows,
 * each trained on the rows before it less a gap of `purge + embargo` rows. The first test window
 * starts at `trainSize + purge + embargo`. Returns the index ranges in time order (empty when the
 * rows do not fill one fold).
 *
 * Invariants: every training row r satisfies r + purge + embargo < test.start, so no test row is
 * trained on and no training label (reading rows r … r + purge) reads a test row.
 */
export function walkForwardFolds(options: WalkForwardOptions): WalkForwardFold[] {
  const rows = requireCount('rows', options.rows, 0);
  const trainSize = requireCount('trainSize', options.trainSize, 1);
  const testSize = requireCount('testSize', options.testSize, 1);
  const step = requireCount('step', options.step ?? testSize, 1);
  const gap = requireCount('purge', options.purge ?? 0, 0) + requireCount('embargo', options.embargo ?? 0, 0);
  if (options.mode !== WalkForwardMode.Rolling && options.mode !== WalkForwardMode.Expanding)
    throw new RangeError(`walk-forward mode must be 'rolling' or 'expanding', got '${options.mode}'`);
  const expanding = options.mode === WalkForwardMode.Expanding;
  const folds: WalkForwardFold[] = [];
  for (let testStart = trainSize + gap; testStart < rows; testStart += step) {
    const testEnd = testStart + testSize;
    if (testEnd > rows && !options.allowPartial) break;
    const trainEnd = testStart - gap;
    folds.push({
      index: folds.length,
      train: { start: expanding ? 0 : trainEnd - trainSize, end: trainEnd },
      test: { start: testStart, end: Math.min(testEnd, rows) },
    });
  }
  return folds;
}

/**
 * The usable rows (ascending, e.g. from `trainingRows`) that fall in a fold's training and test
 * ranges, as index arrays for a model's fit and predict.
 */
export function foldRows(fold: WalkForwardFold, usable: ArrayLike<number>): { train: Uint32Array; test: Uint32Array } {
  const pick = (range: RowRange) => {
    let count = 0;
    for (let k = 0; k < usable.length; k++) if (usable[k]! >= range.start && usable[k]! < range.end) count++;
    const picked = new Uint32Array(count);
    let next = 0;
    for (let k = 0; k < usable.length; k++)
      if (usable[k]! >= range.start && usable[k]! < range.end) picked[next++] = usable[k]!;
    return picked;
  };
  return { train: pick(fold.train), test: pick(fold.test) };
}

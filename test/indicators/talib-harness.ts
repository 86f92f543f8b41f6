import { createRequire } from 'node:module';
import { expect } from 'vitest';

/**
 * TA-Lib itself (the `talib` npm binding of the C library, built from source at install), called
 * over whole series. Outputs come back full length, NaN before TA-Lib's begIndex, so they line up
 * index for index with ours.
 */
interface TalibResult {
  begIndex: number;
  nbElement: number;
  result: Record<string, number[]>;
}
interface TalibModule {
  execute(parameters: Record<string, unknown>): TalibResult;
  explain(name: string): { optInputs: { name: string; defaultValue: number }[] };
}
const talibModule = createRequire(import.meta.url)('talib') as TalibModule;

/** Inputs by TA-Lib's names: `inReal`, `inReal0`/`inReal1`, or `open`/`high`/`low`/`close`/`volume`. */
export type TalibInputs = Partial<
  Record<'inReal' | 'inReal0' | 'inReal1' | 'open' | 'high' | 'low' | 'close' | 'volume', Float64Array>
>;

export interface TalibOutput {
  /** TA-Lib's lookback: the index of its first output. */
  readonly begIndex: number;
  /** Each output (`outReal`, `outMACDSignal`, …) at full input length, NaN before `begIndex`. */
  readonly outputs: Readonly<Record<string, Float64Array>>;
}

/** Runs TA-Lib function `name` (e.g. `RSI`) with `options` (e.g. `{ optInTimePeriod: 14 }`). */
export function talib(name: string, inputs: TalibInputs, options: Record<string, number> = {}): TalibOutput {
  const arrays = Object.values(inputs);
  const length = arrays[0]!.length;
  // The binding aborts the process (a V8 fatal error, not an exception) when an option is missing,
  // so every option TA-Lib declares starts at its default.
  const defaults = Object.fromEntries(talibModule.explain(name).optInputs.map((o) => [o.name, o.defaultValue]));
  const parameters: Record<string, unknown> = { name, startIdx: 0, endIdx: length - 1, ...defaults, ...options };
  for (const [key, values] of Object.entries(inputs)) parameters[key] = Array.from(values);
  const raw = talibModule.execute(parameters);
  const outputs: Record<string, Float64Array> = {};
  for (const [key, values] of Object.entries(raw.result)) {
    const full = new Float64Array(length).fill(Number.NaN);
    full.set(values.slice(0, raw.nbElement), raw.begIndex);
    outputs[key] = full;
  }
  return { begIndex: raw.begIndex, outputs };
}

/**
 * Asserts ours equals TA-Lib's: the same warm-up (NaN exactly where TA-Lib has no output) and,
 * after it, |ours − theirs| ≤ tolerance × max(1, |theirs|) (absolute below 1, relative above).
 */
export function expectMatchesTalib(ours: Float64Array, theirs: Float64Array, label: string, tolerance = 1e-9): void {
  expect(ours.length, `${label}: length`).toBe(theirs.length);
  const oursFirst = ours.findIndex((x) => !Number.isNaN(x));
  const theirsFirst = theirs.findIndex((x) => !Number.isNaN(x));
  expect(oursFirst, `${label}: first defined index (warm-up) differs from TA-Lib's`).toBe(theirsFirst);
  let worst = 0;
  let worstIndex = -1;
  for (let i = Math.max(theirsFirst, 0); i < theirs.length; i++) {
    const a = ours[i]!;
    const b = theirs[i]!;
    if (Number.isNaN(a) !== Number.isNaN(b)) {
      expect.fail(`${label}: at index ${i} ours is ${a}, TA-Lib's is ${b}`);
    }
    const error = Math.abs(a - b) / Math.max(1, Math.abs(b));
    if (error > worst) {
      worst = error;
      worstIndex = i;
    }
  }
  expect(
    worst,
    `${label}: largest difference ${worst} at index ${worstIndex} (ours ${ours[worstIndex]}, TA-Lib ${theirs[worstIndex]})`,
  ).toBeLessThanOrEqual(tolerance);
}

import type { Timeframe } from '../../core/model/time.ts';

const DAY = 86_400_000;
const UNITS: ReadonlyArray<readonly [string, number]> = [
  ['w', 7 * DAY],
  ['d', DAY],
  ['h', 3_600_000],
  ['m', 60_000],
  ['s', 1000],
];

/**
 * The timeframe of bars from their open times: the most common step between consecutive
 * timestamps (the smaller step on a tie), written in the largest whole unit (`7 d` → `1w`). Calendar
 * months are recognised by a median step of 27–35 days (`1M`). Returns `undefined` when there are
 * fewer than two bars or the step is not a whole number of seconds.
 */
export function detectTimeframe(timestamps: Float64Array, length: number): Timeframe | undefined {
  if (length < 2) return undefined;
  const counts = new Map<number, number>();
  const steps = new Float64Array(length - 1);
  for (let i = 1; i < length; i++) {
    const step = timestamps[i] - timestamps[i - 1];
    steps[i - 1] = step;
    counts.set(step, (counts.get(step) ?? 0) + 1);
  }
  steps.sort();
  const median = steps[steps.length >>> 1];
  if (median >= 27 * DAY && median <= 35 * DAY) return '1M';
  let best = 0;
  let bestCount = 0;
  for (const [step, count] of counts) {
    if (count > bestCount || (count === bestCount && step < best)) {
      best = step;
      bestCount = count;
    }
  }
  for (const [unit, millis] of UNITS) {
    if (best % millis === 0) return `${best / millis}${unit}`;
  }
  return undefined;
}

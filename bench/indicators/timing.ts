/** Timing helpers shared by the indicator benchmark's files. */

/** Median of a non-empty list. */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Seconds since `start` (a process.hrtime.bigint() reading). */
export const seconds = (start: bigint): number => Number(process.hrtime.bigint() - start) / 1e9;

/** |a − b| / max(1, |b|): relative above 1, absolute below (as the TA-Lib tests compare). */
export const difference = (a: number, b: number): number => Math.abs(a - b) / Math.max(1, Math.abs(b));

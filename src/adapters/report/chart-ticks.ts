import { formatDate, formatNumber } from './format-value.ts';

/** One axis tick: its position in data units and its label. */
export interface Tick {
  value: number;
  label: string;
}

const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;
/** Fixed-width time steps (ms), aligned to multiples of the step since the Unix epoch (UTC), weeks to Mondays. */
const FIXED_STEPS = [
  MINUTE,
  2 * MINUTE,
  5 * MINUTE,
  10 * MINUTE,
  15 * MINUTE,
  30 * MINUTE,
  HOUR,
  2 * HOUR,
  3 * HOUR,
  6 * HOUR,
  12 * HOUR,
  DAY,
  2 * DAY,
  7 * DAY,
  14 * DAY,
];
/** Calendar steps in months (UTC), used once a fixed step would give too many ticks. */
const MONTH_STEPS = [1, 2, 3, 6, 12, 24, 60, 120, 240, 600, 1200];
const AVERAGE_MONTH = 30.44 * DAY;

/** The step of 1, 2 or 5 × 10^k nearest to `rough` (on a log scale). */
function niceStep(rough: number): number {
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const fraction = rough / magnitude;
  return (fraction < 1.5 ? 1 : fraction < 3 ? 2 : fraction < 7 ? 5 : 10) * magnitude;
}

/** Number of decimals needed to tell ticks `step` apart. */
export function decimalsForStep(step: number): number {
  return Math.max(0, Math.min(10, -Math.floor(Math.log10(step) + 1e-9)));
}

/**
 * About `target` round value ticks within `[min, max]` (steps 1, 2, 5 × 10^k). `format` turns a
 * value and the number of decimals the step needs into a label.
 */
export function valueTicks(
  min: number,
  max: number,
  target: number,
  format: (value: number, decimals: number) => string = formatNumber,
): Tick[] {
  if (!(max > min) || !Number.isFinite(max - min)) return [{ value: min, label: format(min, 2) }];
  const step = niceStep((max - min) / target);
  const decimals = decimalsForStep(step);
  const ticks: Tick[] = [];
  for (let index = Math.ceil(min / step); index * step <= max + step * 1e-9; index++) {
    const value = index * step;
    ticks.push({ value, label: format(Math.abs(value) < step * 1e-9 ? 0 : value, decimals) });
  }
  return ticks;
}

/**
 * At most about `target` UTC date ticks within `[start, end]` (Unix ms): round minutes, hours or
 * days for short spans, calendar months or years for long ones. Labels show only what the step
 * resolves: `MM-DD HH:MM`, `YYYY-MM-DD`, `YYYY-MM` or `YYYY`.
 */
export function timeTicks(start: number, end: number, target: number): Tick[] {
  if (!(end > start)) return [{ value: start, label: formatDate(start) }];
  const span = end - start;
  const fixed = FIXED_STEPS.find((step) => span / step <= target);
  if (fixed !== undefined) {
    const ticks: Tick[] = [];
    // Weekly steps start on Mondays: the epoch was a Thursday, 1970-01-05 the first Monday.
    const offset = fixed >= 7 * DAY ? 4 * DAY : 0;
    for (let value = Math.ceil((start - offset) / fixed) * fixed + offset; value <= end; value += fixed) {
      const text = formatDate(value);
      ticks.push({ value, label: fixed < DAY ? text.slice(5) : text.slice(0, 10) });
    }
    return ticks;
  }
  const months = MONTH_STEPS.find((step) => span / (step * AVERAGE_MONTH) <= target) ?? 1200;
  const first = new Date(start);
  let monthIndex = first.getUTCFullYear() * 12 + first.getUTCMonth();
  monthIndex = Math.ceil(monthIndex / months) * months;
  const ticks: Tick[] = [];
  for (; ; monthIndex += months) {
    const value = Date.UTC(Math.floor(monthIndex / 12), monthIndex % 12, 1);
    if (value < start) continue;
    if (value > end) break;
    const text = formatDate(value, true);
    ticks.push({ value, label: months % 12 === 0 ? text.slice(0, 4) : text.slice(0, 7) });
  }
  return ticks;
}

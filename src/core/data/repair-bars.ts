import { allocateBarSeries, type BarSeries } from '../model/data.ts';
import type { BarQualityReport } from './bar-quality-report.ts';
import { barSchedule } from './bar-schedule.ts';
import { type TradingCalendar, tradingCalendar } from './calendars/index.ts';

/**
 * What `repairBars` does: `leave` changes nothing; `drop` removes duplicate, out-of-order and
 * inconsistent rows; `fill` drops as `drop` does, then inserts a flat synthetic bar at every
 * expected time still missing in the report's range. Zero-volume bars, outliers and off-schedule
 * rows are reported but never changed (they may be real).
 */
export const RepairPolicy = { Leave: 'leave', Drop: 'drop', Fill: 'fill' } as const;
export type RepairPolicy = (typeof RepairPolicy)[keyof typeof RepairPolicy];
export const REPAIR_POLICIES: readonly RepairPolicy[] = Object.values(RepairPolicy);

/** One thing the repair did, where, and why: enough to log it. */
export type RepairAction =
  | { readonly action: 'drop'; readonly row: number; readonly timestamp: number; readonly reason: string }
  | {
      readonly action: 'fill';
      /** Missing open times in [from, to) were filled with `bars` flat bars at `price`. */
      readonly from: number;
      readonly to: number;
      readonly bars: number;
      readonly price: number;
      readonly reason: string;
    }
  | {
      readonly action: 'skip';
      readonly from: number;
      readonly to: number;
      readonly bars: number;
      readonly reason: string;
    };

/** The repaired series, which of its bars are synthetic, and the record of actions. */
export interface RepairedBars {
  readonly series: BarSeries;
  /** 1 at the index of each synthetic (filled) bar of `series`, else 0. */
  readonly synthetic: Uint8Array;
  readonly dropped: number;
  readonly filled: number;
  readonly actions: readonly RepairAction[];
}

/** Options: the calendar the report used, when it is not one of the named calendars. */
export interface RepairOptions {
  calendar?: TradingCalendar;
}

function dropReasons(report: BarQualityReport): Map<number, string> {
  const reasons = new Map<number, string>();
  for (const d of report.duplicates) reasons.set(d.row, `duplicate open time of row ${d.firstRow}`);
  for (const o of report.outOfOrder)
    reasons.set(o.row, `out of order: open time before that of an earlier row (${new Date(o.after).toISOString()})`);
  for (const i of report.inconsistent)
    if (!reasons.has(i.row)) reasons.set(i.row, `inconsistent: ${i.problems.join(', ')}`);
  return reasons;
}

/**
 * Applies a repair policy to the series a report was made from (same rows; pure). The result of
 * `drop` and `fill` has strictly increasing open times: every kept row is later than all rows
 * before it. Filled bars have open = high = low = close = the previous bar's close and volume 0;
 * missing bars before the first kept bar cannot be priced and are recorded as `skip`.
 */
export function repairBars(
  series: BarSeries,
  report: BarQualityReport,
  policy: RepairPolicy,
  options: RepairOptions = {},
): RepairedBars {
  if (report.rows !== series.length)
    throw new Error(`repairBars: the report covers ${report.rows} rows, the series has ${series.length}`);
  if (!REPAIR_POLICIES.includes(policy))
    throw new Error(`repairBars: unknown policy '${policy}'; expected ${REPAIR_POLICIES.join(', ')}`);
  if (policy === RepairPolicy.Leave)
    return { series, synthetic: new Uint8Array(series.length), dropped: 0, filled: 0, actions: [] };

  const reasons = dropReasons(report);
  const actions: RepairAction[] = [];
  const kept: number[] = [];
  for (let row = 0; row < series.length; row++) {
    const reason = reasons.get(row);
    if (reason === undefined) kept.push(row);
    else actions.push({ action: 'drop', row, timestamp: series.timestamp[row], reason });
  }

  const fills: { before: number; times: number[]; price: number }[] = [];
  if (policy === RepairPolicy.Fill && !Number.isNaN(report.from)) {
    const calendar = options.calendar ?? tradingCalendar(report.calendar);
    const schedule = barSchedule({ calendar, timeframe: series.timeframe, anchor: report.anchor });
    const record = (after: number, before: number, keptIndex: number) => {
      if (schedule.countBetween(after, before) === 0) return;
      const times: number[] = [];
      schedule.forEachBetween(after, before, (time) => times.push(time));
      if (times.length === 0) return;
      const end = Math.min(before, report.to);
      if (keptIndex === 0) {
        actions.push({
          action: 'skip',
          from: times[0],
          to: end,
          bars: times.length,
          reason: 'missing before the first bar: no previous close to fill with',
        });
        return;
      }
      const price = series.close[kept[keptIndex - 1]];
      fills.push({ before: keptIndex, times, price });
      actions.push({
        action: 'fill',
        from: times[0],
        to: end,
        bars: times.length,
        price,
        reason: 'missing bars: flat at the previous close, volume 0, synthetic',
      });
    };
    let index = 0;
    while (index < kept.length && series.timestamp[kept[index]] < report.from) index++;
    let previous = report.from;
    for (; index < kept.length && series.timestamp[kept[index]] < report.to; index++) {
      const t = series.timestamp[kept[index]];
      record(previous, t, index);
      previous = t + 1;
    }
    record(previous, report.to, index);
  }

  const filled = fills.reduce((sum, fill) => sum + fill.times.length, 0);
  const out = allocateBarSeries(series.instrumentId, series.timeframe, kept.length + filled);
  const synthetic = new Uint8Array(kept.length + filled);
  const columns = [out.timestamp, out.open, out.high, out.low, out.close, out.volume];
  let n = 0;
  let nextFill = 0;
  const emitFills = (keptIndex: number) => {
    while (nextFill < fills.length && fills[nextFill].before === keptIndex) {
      const { times, price } = fills[nextFill++];
      for (const time of times) {
        out.timestamp[n] = time;
        out.open[n] = out.high[n] = out.low[n] = out.close[n] = price;
        out.volume[n] = 0;
        synthetic[n++] = 1;
      }
    }
  };
  const source = [series.timestamp, series.open, series.high, series.low, series.close, series.volume];
  for (let k = 0; k < kept.length; k++) {
    emitFills(k);
    const row = kept[k];
    for (let c = 0; c < columns.length; c++) columns[c][n] = source[c][row];
    n++;
  }
  emitFills(kept.length);
  return { series: { ...out, length: n }, synthetic, dropped: series.length - kept.length, filled, actions };
}

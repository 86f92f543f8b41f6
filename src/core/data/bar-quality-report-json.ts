import { formatTimestamp } from '../model/time.ts';
import type { BarQualityReport } from './bar-quality-report.ts';
import type { RepairAction } from './repair-bars.ts';

const iso = (time: number): string | null => (Number.isFinite(time) ? formatTimestamp(time) : null);

/**
 * The report as plain JSON for `tradewind data gaps --json`: instants as ISO 8601 UTC strings (null
 * when undefined), rows as 0-based indexes into the series checked, every list complete.
 */
export function barQualityReportJson(report: BarQualityReport) {
  const gap = (g: { from: number; to: number; bars: number }) => ({ from: iso(g.from), to: iso(g.to), bars: g.bars });
  const row = (r: { row: number; timestamp: number }) => ({ row: r.row, timestamp: iso(r.timestamp) });
  return {
    instrumentId: report.instrumentId,
    timeframe: report.timeframe,
    calendar: report.calendar,
    from: iso(report.from),
    to: iso(report.to),
    rows: report.rows,
    expectedBars: report.expectedBars,
    presentBars: report.presentBars,
    missing: {
      bars: report.missing.bars,
      gaps: report.missing.gaps,
      longest: report.missing.longest === undefined ? null : gap(report.missing.longest),
      list: report.missing.list.map(gap),
    },
    duplicates: report.duplicates.map((d) => ({ ...row(d), firstRow: d.firstRow })),
    outOfOrder: report.outOfOrder.map((o) => ({ ...row(o), after: iso(o.after) })),
    offSchedule: report.offSchedule.map(row),
    zeroVolume: { count: report.zeroVolume.length, list: report.zeroVolume.map(row) },
    inconsistent: report.inconsistent.map((i) => ({ ...row(i), problems: i.problems })),
    outliers: {
      threshold: report.outliers.threshold,
      median: report.outliers.median,
      scale: report.outliers.scale,
      list: report.outliers.list.map((o) => ({ ...row(o), logReturn: o.logReturn, zScore: o.zScore })),
    },
  };
}

/** Repair actions as JSON: instants as ISO 8601 strings. */
export function repairActionsJson(actions: readonly RepairAction[]) {
  return actions.map((action) =>
    action.action === 'drop'
      ? { ...action, timestamp: iso(action.timestamp) }
      : { ...action, from: iso(action.from), to: iso(action.to) },
  );
}

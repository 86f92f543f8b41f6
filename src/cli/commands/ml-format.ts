import type { CalibrationBin } from '../../core/ml/metrics/index.ts';
import { type BinaryMetrics, formatMetrics } from '../../runtime/ml/ml-metrics.ts';
import type { ModelMeta } from '../../runtime/ml/model-registry.ts';

/** Per-fold lines: windows (ISO times of first and last bar), training rows and out-of-sample metrics. */
export function formatFolds(meta: ModelMeta): string {
  const lines = meta.folds.map(
    (fold) =>
      `fold ${String(fold.index).padStart(2)}  train ${fold.train.from} → ${fold.train.to}  test ${fold.test.from} → ${fold.test.to}  rows ${fold.metrics.rows}  ${formatMetrics(fold.metrics)}`,
  );
  return `${lines.join('\n')}\n`;
}

/** `label: rows N  auc …` */
export function formatPooled(label: string, metrics: BinaryMetrics): string {
  return `${label}: rows ${metrics.rows}  ${formatMetrics(metrics)}\n`;
}

/** The calibration table's populated bins: predicted range, rows, mean prediction, observed rate. */
export function formatCalibration(table: readonly CalibrationBin[]): string {
  const lines = ['calibration (out of sample):', '  predicted     rows   mean p  observed'];
  for (const bin of table)
    if (bin.count > 0)
      lines.push(
        `  ${bin.lower.toFixed(1)}–${bin.upper.toFixed(1)}  ${String(bin.count).padStart(8)}  ${bin.meanPredicted.toFixed(4)}  ${bin.observedRate.toFixed(4)}`,
      );
  return `${lines.join('\n')}\n`;
}

/** One line per registered version, for `ml list`. */
export function formatModelList(metas: readonly ModelMeta[]): string {
  if (metas.length === 0) return 'no models registered\n';
  const header = ['name', 'version', 'created', 'features', 'pooled auc', 'data'];
  const rows = metas.map((meta) => [
    meta.name,
    String(meta.version),
    meta.created_at,
    String(meta.feature_columns.length),
    meta.pooled.auc === null ? 'n/a' : meta.pooled.auc.toFixed(4),
    `${meta.data.symbol} ${meta.data.timeframe} ${meta.data.from} → ${meta.data.to}`,
  ]);
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((row) => row[c]!.length)));
  return `${[header, ...rows]
    .map((row) =>
      row
        .map((cell, c) => cell.padEnd(widths[c]!))
        .join('  ')
        .trimEnd(),
    )
    .join('\n')}\n`;
}

/** The `ml list --json` record of one version. */
export function listRecord(meta: ModelMeta): Record<string, unknown> {
  return {
    name: meta.name,
    version: meta.version,
    created_at: meta.created_at,
    features: meta.feature_columns.length,
    pooled_auc: meta.pooled.auc,
    data_from: meta.data.from,
    data_to: meta.data.to,
    symbol: meta.data.symbol,
    timeframe: meta.data.timeframe,
  };
}

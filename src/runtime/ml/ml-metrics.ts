import { accuracy, areaUnderRoc, logLoss } from '../../core/ml/metrics/index.ts';

/** Out-of-sample scores of probabilities against 0/1 labels. */
export interface BinaryMetrics {
  readonly rows: number;
  /** Area under the ROC curve; null when the rows hold only one class (undefined there). */
  readonly auc: number | null;
  readonly logLoss: number;
  /** Share of rows classified right at the 0.5 threshold. */
  readonly accuracy: number;
  /** Share of rows labelled 1. */
  readonly baseRate: number;
}

/** AUC, log loss, accuracy and base rate of `probabilities` for `labels` (≥ 1 row). */
export function binaryMetrics(probabilities: Float64Array, labels: Float64Array): BinaryMetrics {
  let positives = 0;
  for (let i = 0; i < labels.length; i++) positives += labels[i]!;
  const bothClasses = positives > 0 && positives < labels.length;
  return {
    rows: labels.length,
    auc: bothClasses ? areaUnderRoc(probabilities, labels) : null,
    logLoss: logLoss(probabilities, labels),
    accuracy: accuracy(probabilities, labels),
    baseRate: positives / labels.length,
  };
}

/** `auc 0.5123  log loss 0.6931  accuracy 0.5012  base rate 0.4987` for a table line. */
export function formatMetrics(metrics: BinaryMetrics): string {
  const auc = metrics.auc === null ? '   n/a' : metrics.auc.toFixed(4);
  return `auc ${auc}  log loss ${metrics.logLoss.toFixed(4)}  accuracy ${metrics.accuracy.toFixed(4)}  base rate ${metrics.baseRate.toFixed(4)}`;
}

import { type FeatureSpec, featureColumnNames } from '../../core/ml/features/index.ts';
import type { GradientBoostedModel } from '../../core/ml/gbdt/index.ts';

/**
 * A trained binary classifier with the features it reads, as the ML gate uses it. The runtime
 * loads it from the model registry (strategies do no I/O); tests build one by hand.
 */
export interface GateModel {
  /** How the config named it (`name@version` or a path): for logs. */
  readonly reference: string;
  /** Binary objective: `predict(row)` is P(label 1), e.g. P(the forward return clears its threshold). */
  readonly model: GradientBoostedModel;
  /** The model's inputs in column order, computed per bar by a `FeatureBuilder`. */
  readonly features: readonly FeatureSpec[];
  /** Timeframe of the bars it was trained on (`1m`); bars of another timeframe are refused. */
  readonly timeframe?: string;
  /**
   * Open times (Unix ms) of the first bar of its final training window and of the last bar its
   * training labels read: a decision on a bar in [from, to] is in-sample (logged, counted).
   */
  readonly trainedOn?: { readonly from: number; readonly to: number };
}

/**
 * Why `gate` cannot gate (a regression model, features the bars cannot give, a column count that
 * does not match the model), or undefined when it can.
 */
export function gateModelProblem(gate: GateModel): string | undefined {
  if (gate.model.objective !== 'binary')
    return `model ${gate.reference} is a ${gate.model.objective} model; the gate needs a binary classifier (a probability)`;
  const external = gate.features.find((spec) => spec.kind === 'external');
  if (external !== undefined)
    return `model ${gate.reference} reads the external column '${external.kind === 'external' ? external.name : ''}', which bars cannot give`;
  let columns: readonly string[];
  try {
    columns = featureColumnNames(gate.features);
  } catch (error) {
    return `model ${gate.reference}: ${(error as Error).message}`;
  }
  if (columns.length !== gate.model.featureCount)
    return `model ${gate.reference} reads ${gate.model.featureCount} features, its feature list gives ${columns.length} (${columns.join(', ')})`;
  const names = gate.model.featureNames;
  if (names !== undefined && names.join(',') !== columns.join(','))
    return `model ${gate.reference} was trained on columns ${names.join(', ')}, its feature list gives ${columns.join(', ')}`;
  return undefined;
}

import { Correlation } from '../../indicators/correlation.ts';
import {
  finishSizing,
  type PositionSizer,
  resolveCaps,
  SizingReason,
  type SizingStep,
  zeroSizing,
} from './position-sizer.ts';

export interface CorrelationCapOptions {
  /** Correlation above which new exposure is scaled down, in [0, 1). */
  readonly threshold: number;
}

function requireThreshold(component: string, threshold: number): number {
  if (!(threshold >= 0 && threshold < 1))
    throw new RangeError(`${component}: threshold must be in [0, 1), got ${String(threshold)}`);
  return threshold;
}

/**
 * The factor to scale a new exposure by, from its correlation ρ with what is held and the
 * threshold τ: s = 1 when ρ ≤ τ, else s = max(0, (1 − ρ) / (1 − τ)): linear from 1 at ρ = τ down to
 * 0 at ρ = 1, so a near-duplicate of the book adds nearly nothing. A negative correlation (a hedge)
 * is never scaled. NaN (no holdings, too few returns) means no information: s = 1.
 */
export function correlationCapScale(correlation: number, options: CorrelationCapOptions): number {
  const threshold = requireThreshold('correlationCapScale', options.threshold);
  if (Number.isNaN(correlation) || correlation <= threshold) return 1;
  return Math.max(0, (1 - correlation) / (1 - threshold));
}

/** One held position for the correlation cap: its recent returns and its signed value. */
export interface Holding {
  /** Returns of the instrument, aligned with the candidate's (same bars, same length). */
  readonly returns: ArrayLike<number>;
  /** Signed position value (quantity × price), quote currency. */
  readonly value: number;
}

/**
 * Pearson correlation of `candidate` returns with the held book's returns Σ value_i · r_i,t (shorts
 * enter with their sign, so a short's returns count against the book), over the whole window, with
 * the indicators' `Correlation` (0 when either series is constant). NaN when nothing is held or the
 * window has fewer than 2 returns. Lengths must match (RangeError naming the holding).
 */
export function correlationWithHoldings(candidate: ArrayLike<number>, holdings: readonly Holding[]): number {
  const n = candidate.length;
  const held = holdings.filter((h) => h.value !== 0);
  if (held.length === 0 || n < 2) return Number.NaN;
  held.forEach((h, i) => {
    if (h.returns.length !== n)
      throw new RangeError(`correlationWithHoldings: holding ${i} has ${h.returns.length} returns, the candidate ${n}`);
  });
  const indicator = new Correlation({ period: n });
  for (let t = 0; t < n; t++) {
    let book = 0;
    for (const h of held) book += h.value * h.returns[t]!;
    indicator.update(candidate[t]!, book);
  }
  return indicator.value;
}

/**
 * Wraps a sizer with the correlation cap: its quantity × `correlationCapScale(context.correlationWithHoldings)`,
 * snapped down again, 0 with the minimum's reason when the scaled quantity is below a minimum.
 * Without a correlation in the context the inner decision passes unchanged.
 */
export function correlationCappedSizer(inner: PositionSizer, options: CorrelationCapOptions): PositionSizer {
  const name = `${inner.name}+correlation_cap`;
  requireThreshold(name, options.threshold);
  const passThrough = resolveCaps(name, { maxPositionFraction: 1 });
  return {
    name,
    size(context) {
      const decision = inner.size(context);
      const correlation = context.correlationWithHoldings;
      if (decision.quantity === 0 || correlation === undefined) return decision;
      const scale = correlationCapScale(correlation, options);
      const steps: SizingStep[] = [
        ...decision.steps,
        { label: 'correlation with holdings', value: correlation },
        { label: 'correlation threshold', value: options.threshold },
        { label: 'correlation scale', value: scale },
      ];
      if (scale === 1) return { ...decision, sizer: name, steps };
      if (scale === 0) return zeroSizing(name, SizingReason.CorrelationCap, steps);
      const result = finishSizing({
        sizer: name,
        context,
        caps: passThrough,
        rawQuantity: decision.quantity * scale,
        steps,
      });
      return { ...result, capped: true };
    },
  };
}

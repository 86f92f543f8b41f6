import type { Headline } from './headline.ts';

/** A headline's sentiment as a classifier judged it. */
export interface HeadlineSentiment {
  readonly headlineId: string;
  /** From -1 (very negative for the symbols it concerns) to +1 (very positive). */
  readonly score: number;
  /** From 0 (no evidence: the score means nothing) to 1. Weights the score in aggregation. */
  readonly confidence: number;
  /** Who judged it, `<kind>:<name>`: `lexicon:afinn-165-financialmarketnews`, `model:<model name>`, `external:<client>`. */
  readonly method: string;
}

/**
 * The classifier port: the lexicon classifier here, a tier-1 language model (an adapter) later,
 * both answering one {@link HeadlineSentiment} per headline, in order. A model's answers are
 * untrusted: pass them through {@link checkHeadlineSentiment} before use.
 */
export interface SentimentClassifier {
  classify(headlines: readonly Headline[]): readonly HeadlineSentiment[] | Promise<readonly HeadlineSentiment[]>;
}

/**
 * Why a classification is unusable (a score outside [-1, 1], a confidence outside [0, 1], a
 * non-finite number, an empty method or id), or undefined when it is sound.
 */
export function checkHeadlineSentiment(result: HeadlineSentiment): string | undefined {
  if (typeof result.headlineId !== 'string' || result.headlineId === '') return 'headlineId must be a non-empty string';
  if (typeof result.score !== 'number' || !(result.score >= -1 && result.score <= 1))
    return `score must be a number in [-1, 1], got ${String(result.score)}`;
  if (typeof result.confidence !== 'number' || !(result.confidence >= 0 && result.confidence <= 1))
    return `confidence must be a number in [0, 1], got ${String(result.confidence)}`;
  if (typeof result.method !== 'string' || result.method === '') return 'method must be a non-empty string';
  return undefined;
}

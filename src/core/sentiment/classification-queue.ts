import type { Headline } from './headline.ts';
import { checkHeadlineSentiment, type HeadlineSentiment } from './sentiment-classifier.ts';

/** Outcome of {@link ClassificationQueue.enqueue}. */
export const EnqueueOutcome = {
  queued: 'queued',
  /** Already waiting, or already classified. */
  known: 'known',
  /** The queue holds `capacity` headlines; the newest is refused rather than an older one lost silently. */
  full: 'full',
} as const;
export type EnqueueOutcome = (typeof EnqueueOutcome)[keyof typeof EnqueueOutcome];

/** Why a submitted classification was not accepted. */
export const RefusalReason = {
  /** No headline with that id is waiting, nor was one ever classified here. */
  unknown: 'unknown',
  /** The headline was classified already (earlier, or earlier in the same batch). */
  alreadyClassified: 'already-classified',
  /** Out of range, not finite, or missing fields (see `detail`). */
  invalid: 'invalid',
} as const;
export type RefusalReason = (typeof RefusalReason)[keyof typeof RefusalReason];

/** What {@link ClassificationQueue.accept} did with a batch of results. */
export interface AcceptedClassifications {
  /** Results taken, with their headline, in submission order: hand these to the aggregator. */
  readonly accepted: readonly { readonly headline: Headline; readonly sentiment: HeadlineSentiment }[];
  /** Results refused, each with the reason. Nothing is refused silently. */
  readonly refused: readonly { readonly headlineId: string; readonly reason: RefusalReason; readonly detail: string }[];
}

/** Options of {@link ClassificationQueue}. */
export interface ClassificationQueueOptions {
  /** Most headlines waiting at once. Default 10,000. */
  readonly capacity?: number;
  /** How many classified ids are remembered to refuse repeats (oldest forgotten first). Default 50,000. */
  readonly maxRemembered?: number;
}

/**
 * Headlines awaiting classification, and the entry point for results classified elsewhere (a
 * model behind the API, a person, another node). Each headline is classified at most once: a
 * result for an unknown id, or a second result for a classified one, is refused and said so.
 */
export class ClassificationQueue {
  private readonly capacity: number;
  private readonly maxRemembered: number;
  /** Waiting headlines by id, in arrival order. */
  private readonly waiting = new Map<string, Headline>();
  /** Classified ids, in order, bounded. */
  private readonly classified = new Set<string>();

  constructor(options: ClassificationQueueOptions = {}) {
    this.capacity = options.capacity ?? 10_000;
    this.maxRemembered = options.maxRemembered ?? 50_000;
    if (!(this.capacity >= 1)) throw new Error(`capacity must be >= 1, got ${this.capacity}`);
    if (!(this.maxRemembered >= 1)) throw new Error(`maxRemembered must be >= 1, got ${this.maxRemembered}`);
  }

  /** Adds a headline to classify. */
  enqueue(headline: Headline): EnqueueOutcome {
    if (this.waiting.has(headline.id) || this.classified.has(headline.id)) return EnqueueOutcome.known;
    if (this.waiting.size >= this.capacity) return EnqueueOutcome.full;
    this.waiting.set(headline.id, headline);
    return EnqueueOutcome.queued;
  }

  /** Waiting headlines, oldest first, at most `limit`. They stay waiting until a result is accepted. */
  pending(limit = Number.POSITIVE_INFINITY): Headline[] {
    const out: Headline[] = [];
    for (const headline of this.waiting.values()) {
      if (out.length >= limit) break;
      out.push(headline);
    }
    return out;
  }

  /** Number of headlines waiting. */
  get size(): number {
    return this.waiting.size;
  }

  /** Takes results classified elsewhere: each valid result for a waiting headline, once. */
  accept(results: readonly HeadlineSentiment[]): AcceptedClassifications {
    const accepted: { headline: Headline; sentiment: HeadlineSentiment }[] = [];
    const refused: { headlineId: string; reason: RefusalReason; detail: string }[] = [];
    for (const result of results) {
      const id = String(result?.headlineId);
      const problem = result === null || typeof result !== 'object' ? 'not an object' : checkHeadlineSentiment(result);
      if (problem !== undefined) {
        refused.push({ headlineId: id, reason: RefusalReason.invalid, detail: problem });
        continue;
      }
      const headline = this.waiting.get(id);
      if (headline === undefined) {
        refused.push(
          this.classified.has(id)
            ? {
                headlineId: id,
                reason: RefusalReason.alreadyClassified,
                detail: `headline ${id} is already classified`,
              }
            : { headlineId: id, reason: RefusalReason.unknown, detail: `no headline ${id} awaits classification` },
        );
        continue;
      }
      this.waiting.delete(id);
      this.classified.add(id);
      if (this.classified.size > this.maxRemembered) this.classified.delete(this.classified.values().next().value!);
      // A copy: the caller's object cannot change what was accepted.
      accepted.push({
        headline,
        sentiment: { headlineId: id, score: result.score, confidence: result.confidence, method: result.method },
      });
    }
    return { accepted, refused };
  }
}

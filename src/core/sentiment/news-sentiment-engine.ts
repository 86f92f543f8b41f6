import type { UnixMillis } from '../model/time.ts';
import {
  type AcceptedClassifications,
  ClassificationQueue,
  type ClassificationQueueOptions,
  EnqueueOutcome,
} from './classification-queue.ts';
import type { Headline } from './headline.ts';
import {
  type DeduplicationVerdict,
  HeadlineDeduplicator,
  type HeadlineDeduplicatorOptions,
} from './headline-deduplicator.ts';
import { SentimentAggregator, type SentimentAggregatorOptions } from './sentiment-aggregator.ts';
import type { HeadlineSentiment } from './sentiment-classifier.ts';
import type { SentimentUpdated } from './sentiment-updated.ts';
import { type SymbolAliases, SymbolRelevance } from './symbol-relevance.ts';

/** Options of {@link NewsSentimentEngine}: the watch list and each stage's options. */
export interface NewsSentimentEngineOptions {
  /** Watched symbols and their aliases. */
  readonly symbols: SymbolAliases;
  readonly deduplication?: HeadlineDeduplicatorOptions;
  readonly queue?: ClassificationQueueOptions;
  readonly aggregation?: SentimentAggregatorOptions;
}

/** What became of a batch of headlines offered to {@link NewsSentimentEngine.admit}. */
export interface AdmissionReport {
  /** New, relevant headlines now awaiting classification (with `symbols` set). */
  readonly queued: readonly Headline[];
  /** Headlines seen before, with the verdict naming the first copy. */
  readonly duplicates: readonly { readonly headline: Headline; readonly verdict: DeduplicationVerdict }[];
  /** Headlines about no watched symbol. */
  readonly irrelevant: readonly Headline[];
  /** Headlines refused because the queue is full. */
  readonly overflow: readonly Headline[];
}

/** What {@link NewsSentimentEngine.accept} did: the queue's verdicts and the sentiment they moved. */
export interface AcceptanceReport extends AcceptedClassifications {
  /** One update per symbol whose sentiment took a new headline, in watch-list order. */
  readonly updates: readonly SentimentUpdated[];
}

/**
 * The news sentiment pipeline, pure: headlines in (from feeds or a webhook) → de-duplicated →
 * relevant ones queued for classification → results (from any classifier, here or elsewhere)
 * accepted once → per-symbol {@link SentimentUpdated}. Time is passed in; the caller publishes
 * the updates (as `sentimentExternalEvent`) and runs the classifier, which may be async.
 *
 * ```ts
 * const report = engine.admit(feed.headlines);
 * const results = await classifier.classify(engine.pending());
 * for (const update of engine.accept(results, clock.timestamp()).updates)
 *   kernel.publishExternalEvent(sentimentExternalEvent(update, 'news-sentiment'));
 * ```
 */
export class NewsSentimentEngine {
  private readonly relevance: SymbolRelevance;
  private readonly deduplicator: HeadlineDeduplicator;
  private readonly queue: ClassificationQueue;
  private readonly aggregator: SentimentAggregator;
  private readonly watched: readonly string[];

  constructor(options: NewsSentimentEngineOptions) {
    this.relevance = new SymbolRelevance(options.symbols);
    this.watched = Object.keys(options.symbols);
    this.deduplicator = new HeadlineDeduplicator(options.deduplication);
    this.queue = new ClassificationQueue(options.queue);
    this.aggregator = new SentimentAggregator(options.aggregation);
  }

  /** Offers headlines: new and relevant ones join the classification queue; the rest are reported. */
  admit(headlines: readonly Headline[]): AdmissionReport {
    const queued: Headline[] = [];
    const duplicates: { headline: Headline; verdict: DeduplicationVerdict }[] = [];
    const irrelevant: Headline[] = [];
    const overflow: Headline[] = [];
    for (const headline of headlines) {
      const verdict = this.deduplicator.check(headline);
      if (verdict.duplicate) {
        duplicates.push({ headline, verdict });
        continue;
      }
      const symbols = this.relevance.concerns(headline);
      if (symbols.length === 0) {
        irrelevant.push(headline);
        continue;
      }
      const tagged: Headline = { ...headline, symbols };
      const outcome = this.queue.enqueue(tagged);
      if (outcome === EnqueueOutcome.queued) queued.push(tagged);
      else if (outcome === EnqueueOutcome.full) overflow.push(tagged);
      else duplicates.push({ headline, verdict: { duplicate: true, reason: 'same-id', duplicateOf: headline.id } });
    }
    return { queued, duplicates, irrelevant, overflow };
  }

  /** Headlines awaiting classification, oldest first (what the API lists). */
  pending(limit?: number): Headline[] {
    return this.queue.pending(limit);
  }

  /** Number of headlines awaiting classification. */
  get pendingCount(): number {
    return this.queue.size;
  }

  /**
   * Takes classifications (from the local classifier or submitted through the API): each valid
   * result for a waiting headline once, the rest refused with reasons; then recomputes the
   * sentiment of the symbols they concern at `now`.
   */
  accept(results: readonly HeadlineSentiment[], now: UnixMillis): AcceptanceReport {
    const verdicts = this.queue.accept(results);
    const touched = new Set<string>();
    for (const { headline, sentiment } of verdicts.accepted)
      for (const symbol of this.aggregator.add(headline, sentiment)) touched.add(symbol);
    const symbols = this.watched.filter((symbol) => touched.has(symbol));
    return { ...verdicts, updates: this.aggregator.evaluateAll(now, symbols) };
  }

  /** Every watched symbol's sentiment at `now` (decayed; 0 with count 0 when nothing is left), e.g. on a timer. */
  evaluate(now: UnixMillis): SentimentUpdated[] {
    return this.aggregator.evaluateAll(now, this.watched);
  }
}

/**
 * News sentiment, pure: headlines, de-duplication, relevance to watched symbols, the classifier
 * port and the lexicon classifier, the classification queue, per-symbol aggregation and the
 * sentiment / price divergence signal. Feeds are read by `src/adapters/news`.
 */
export {
  type AcceptedClassifications,
  ClassificationQueue,
  type ClassificationQueueOptions,
  EnqueueOutcome,
  RefusalReason,
} from './classification-queue.ts';
export { deriveHeadlineId, type Headline, normalizeTitle } from './headline.ts';
export {
  type DeduplicationVerdict,
  DuplicateReason,
  HeadlineDeduplicator,
  type HeadlineDeduplicatorOptions,
} from './headline-deduplicator.ts';
export {
  type LexiconScore,
  LexiconSentimentClassifier,
  type LexiconSentimentClassifierOptions,
} from './lexicon-sentiment-classifier.ts';
export {
  type AcceptanceReport,
  type AdmissionReport,
  NewsSentimentEngine,
  type NewsSentimentEngineOptions,
} from './news-sentiment-engine.ts';
export { median, medianAbsoluteDeviation } from './robust-statistics.ts';
export { SentimentAggregator, type SentimentAggregatorOptions } from './sentiment-aggregator.ts';
export {
  checkHeadlineSentiment,
  type HeadlineSentiment,
  type SentimentClassifier,
} from './sentiment-classifier.ts';
export {
  classifyDivergence,
  type DivergenceReading,
  DivergenceSignal,
  type DivergenceThresholds,
  SentimentDivergence,
  type SentimentDivergenceOptions,
} from './sentiment-divergence.ts';
export {
  SENTIMENT_EVENT_KIND,
  type SentimentUpdated,
  sentimentExternalEvent,
  sentimentTopic,
} from './sentiment-updated.ts';
export { type SymbolAliases, SymbolRelevance } from './symbol-relevance.ts';
export { tokenizeHeadline } from './tokenize-headline.ts';

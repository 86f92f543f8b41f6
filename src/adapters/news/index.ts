/**
 * News input: RSS 2.0 and Atom feeds and JSON webhook bodies read into core `Headline`s, and the
 * AFINN financial-market-news lexicon for the offline classifier. Scoring, de-duplication and
 * aggregation are in `src/core/sentiment`.
 */
export {
  createFinancialNewsClassifier,
  FINANCIAL_NEWS_LEXICON_NAME,
  financialNewsLexicon,
} from './financial-news-lexicon.ts';
export { htmlToText } from './html-to-text.ts';
export { type ParsedFeed, type ParseFeedOptions, parseFeed, type RefusedEntry } from './parse-feed.ts';
export { parseRfc822Date, parseRfc3339Date } from './parse-feed-date.ts';
export { parseXml, type XmlElement, XmlError } from './parse-xml.ts';
export { type NewsFeed, NewsFeedError, type ReadNewsFeedOptions, readNewsFeed } from './read-news-feed.ts';
export { parseWebhookPayload, WebhookPayloadError, webhookPayloadSchema } from './webhook-payload.ts';

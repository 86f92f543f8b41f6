import { type SentimentUpdated, sentimentExternalEvent } from '../../core/sentiment/index.ts';
import { writeFileAtomically } from '../files/write-file-atomically.ts';

/** `source` of the events the sentiment command records. */
export const SENTIMENT_EVENTS_SOURCE = 'news-sentiment';

/**
 * One record of a backtest `events:` file per update: `{kind: 'sentiment', timestamp (ISO 8601
 * UTC), source, payload: {symbol, score, count, outliers, weight, latestHeadlineAt?}}` — the
 * core's `sentimentExternalEvent` in the file shape `loadExternalEvents` reads.
 */
export function sentimentEventRecords(
  updates: readonly SentimentUpdated[],
  source = SENTIMENT_EVENTS_SOURCE,
): { kind: string; timestamp: string; source: string; payload: Record<string, unknown> }[] {
  return updates.map((update) => {
    const event = sentimentExternalEvent(update, source);
    return {
      kind: event.kind,
      timestamp: new Date(event.timestamp).toISOString(),
      source: event.source,
      payload: { ...event.payload },
    };
  });
}

/**
 * Writes the updates as a backtest events file, atomically (a temporary file renamed into
 * place): a JSON array when `path` ends with `.json` (as the loader expects), else JSON Lines.
 */
export async function writeSentimentEvents(
  path: string,
  updates: readonly SentimentUpdated[],
  source = SENTIMENT_EVENTS_SOURCE,
): Promise<number> {
  const records = sentimentEventRecords(updates, source);
  const text = path.endsWith('.json')
    ? `${JSON.stringify(records, null, 2)}\n`
    : records.map((record) => `${JSON.stringify(record)}\n`).join('');
  await writeFileAtomically(path, text);
  return records.length;
}

import type { ExternalEvent } from '../model/events.ts';
import type { UnixMillis } from '../model/time.ts';

/** The `ExternalEvent.kind` under which sentiment reaches strategies (`subscribeEvents('sentiment')`). */
export const SENTIMENT_EVENT_KIND = 'sentiment';

/** A symbol's aggregated news sentiment changed (or was recomputed at a later time). */
export interface SentimentUpdated {
  readonly type: 'SentimentUpdated';
  /** The watched symbol (`BTC`, `ORCL`). */
  readonly symbol: string;
  /** Decay- and confidence-weighted mean of the kept headline scores, in [-1, 1]; 0 without evidence. */
  readonly score: number;
  /** Headlines in the window that were kept (outliers excluded). */
  readonly count: number;
  /** Headlines in the window dropped as outliers. */
  readonly outliers: number;
  /** Sum of the kept headlines' weights (confidence × decay): how much evidence the score rests on. */
  readonly weight: number;
  /** Publication time of the newest kept headline, if any. */
  readonly latestHeadlineAt?: UnixMillis;
  /** When the score was computed (the clock's time). */
  readonly timestamp: UnixMillis;
}

/** Bus topic of a symbol's sentiment, for components that subscribe to it directly. */
export const sentimentTopic = (symbol: string): string => `data.sentiment.${symbol}`;

/**
 * The update as the {@link ExternalEvent} that reaches strategies today: kind `sentiment`, the
 * update's fields in `payload` (a backtest can replay such events from an events file).
 */
export function sentimentExternalEvent(update: SentimentUpdated, source: string): ExternalEvent {
  const { type: _type, timestamp, ...payload } = update;
  return { type: 'ExternalEvent', kind: SENTIMENT_EVENT_KIND, source, timestamp, payload };
}

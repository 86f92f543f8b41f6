import type { UnixMillis } from '../model/time.ts';

/**
 * One news headline as the platform keeps it: data to score, never instructions. Nothing in
 * `title` or `summary` is ever interpreted as a command or a setting.
 */
export interface Headline {
  /** Stable identity: the feed's guid / Atom id, else the link, else {@link deriveHeadlineId}. */
  readonly id: string;
  /** Who published it: the feed's title, a webhook's `source`, or the feed location. */
  readonly source: string;
  /** Plain text (markup already removed by the adapter). */
  readonly title: string;
  /** Plain-text summary or description, when the feed has one. */
  readonly summary?: string;
  /** Link to the article. */
  readonly url?: string;
  /** When the publisher says it was published (UTC). */
  readonly publishedAt: UnixMillis;
  /** Watched symbols it concerns (set by {@link SymbolRelevance.tag} or given by a webhook). */
  readonly symbols?: readonly string[];
}

/**
 * A title reduced to what identifies the story: Unicode-normalized, accents and punctuation
 * removed, lower case, single spaces. "Bitcoin ETF: Approved!" and "bitcoin etf approved" match.
 */
export function normalizeTitle(title: string): string {
  return title
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/**
 * A deterministic id for a headline that came without guid, id or link: a 53-bit hash (cyrb53)
 * of source, publication time and normalized title, as `h:<hex>`. The same story from the same
 * source at the same instant always gets the same id, so a re-read feed is de-duplicated.
 */
export function deriveHeadlineId(parts: { source: string; title: string; publishedAt: UnixMillis }): string {
  const text = `${parts.source}\u0000${parts.publishedAt}\u0000${normalizeTitle(parts.title)}`;
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ code, 2654435761);
    h2 = Math.imul(h2 ^ code, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  const hash = 4294967296 * (2097151 & h2) + (h1 >>> 0);
  return `h:${hash.toString(16).padStart(14, '0')}`;
}

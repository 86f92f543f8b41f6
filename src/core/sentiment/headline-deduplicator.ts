import type { UnixMillis } from '../model/time.ts';
import { type Headline, normalizeTitle } from './headline.ts';

/** Why a headline was recognised as one already seen. */
export const DuplicateReason = {
  /** Same guid / Atom id / derived id. */
  sameId: 'same-id',
  /** Same link. */
  sameUrl: 'same-url',
  /** Same normalized title, published within the title window of the earlier one. */
  sameTitle: 'same-title',
} as const;
export type DuplicateReason = (typeof DuplicateReason)[keyof typeof DuplicateReason];

/** The deduplicator's answer for one headline. */
export type DeduplicationVerdict =
  | { readonly duplicate: false }
  | { readonly duplicate: true; readonly reason: DuplicateReason; readonly duplicateOf: string };

/** Options of {@link HeadlineDeduplicator}. */
export interface HeadlineDeduplicatorOptions {
  /** Two headlines with the same normalized title are one story when published this close (ms). Default 24 h. */
  readonly titleWindowMs?: number;
  /** How many ids and urls are remembered (oldest forgotten first), so a long run's memory stays bounded. Default 50,000. */
  readonly maxRemembered?: number;
}

/**
 * Recognises a headline already seen: the same id, the same url, or the same normalized title
 * within a window (syndicated copies of one story from several feeds). Feeds are re-read, so
 * most headlines arrive many times; only the first copy goes on.
 */
export class HeadlineDeduplicator {
  private readonly titleWindowMs: number;
  private readonly maxRemembered: number;
  /** Key (`id:` or `url:` prefixed) → id of the first headline that had it, in insertion order. */
  private readonly keys = new Map<string, string>();
  /** Normalized title → the earliest copy kept. */
  private readonly titles = new Map<string, { id: string; publishedAt: UnixMillis }>();

  constructor(options: HeadlineDeduplicatorOptions = {}) {
    this.titleWindowMs = options.titleWindowMs ?? 86_400_000;
    this.maxRemembered = options.maxRemembered ?? 50_000;
    if (!(this.titleWindowMs >= 0)) throw new Error(`titleWindowMs must be >= 0, got ${this.titleWindowMs}`);
    if (!(this.maxRemembered >= 1)) throw new Error(`maxRemembered must be >= 1, got ${this.maxRemembered}`);
  }

  /** Checks a headline and, when it is new, remembers it. */
  check(headline: Headline): DeduplicationVerdict {
    const byId = this.keys.get(`id:${headline.id}`);
    if (byId !== undefined) return { duplicate: true, reason: DuplicateReason.sameId, duplicateOf: byId };
    if (headline.url !== undefined) {
      const byUrl = this.keys.get(`url:${headline.url}`);
      if (byUrl !== undefined) return { duplicate: true, reason: DuplicateReason.sameUrl, duplicateOf: byUrl };
    }
    const title = normalizeTitle(headline.title);
    const earlier = this.titles.get(title);
    if (earlier !== undefined && Math.abs(headline.publishedAt - earlier.publishedAt) <= this.titleWindowMs)
      return { duplicate: true, reason: DuplicateReason.sameTitle, duplicateOf: earlier.id };
    this.remember(`id:${headline.id}`, headline.id);
    if (headline.url !== undefined) this.remember(`url:${headline.url}`, headline.id);
    if (title !== '') {
      this.titles.delete(title);
      this.titles.set(title, { id: headline.id, publishedAt: headline.publishedAt });
      if (this.titles.size > this.maxRemembered) this.titles.delete(this.titles.keys().next().value!);
    }
    return { duplicate: false };
  }

  /** The headlines of `headlines` not seen before (in order), each remembered. */
  filter(headlines: readonly Headline[]): Headline[] {
    return headlines.filter((headline) => !this.check(headline).duplicate);
  }

  private remember(key: string, id: string): void {
    this.keys.set(key, id);
    if (this.keys.size > this.maxRemembered) this.keys.delete(this.keys.keys().next().value!);
  }
}

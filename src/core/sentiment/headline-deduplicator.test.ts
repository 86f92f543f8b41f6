import { describe, expect, it } from 'vitest';
import { deriveHeadlineId, type Headline, normalizeTitle } from './headline.ts';
import { HeadlineDeduplicator } from './headline-deduplicator.ts';

const HOUR = 3_600_000;
const T0 = Date.UTC(2026, 10, 21, 10);

const headline = (id: string, title: string, publishedAt = T0, url?: string): Headline => ({
  id,
  source: 'test',
  title,
  publishedAt,
  ...(url === undefined ? {} : { url }),
});

describe('HeadlineDeduplicator', () => {
  it('refuses a repeated id, a repeated url and a repeated title within the window, naming the first copy', () => {
    const dedupe = new HeadlineDeduplicator({ titleWindowMs: 24 * HOUR });
    expect(dedupe.check(headline('a', 'Example: Bitcoin rally', T0, 'https://x/1')), 'first copy').toEqual({
      duplicate: false,
    });
    expect(dedupe.check(headline('a', 'Another title')), 'same guid, other title').toEqual({
      duplicate: true,
      reason: 'same-id',
      duplicateOf: 'a',
    });
    expect(dedupe.check(headline('b', 'Third title', T0, 'https://x/1')), 'same link, other guid').toEqual({
      duplicate: true,
      reason: 'same-url',
      duplicateOf: 'a',
    });
    expect(dedupe.check(headline('c', 'EXAMPLE — bitcoin RALLY!', T0 + 5 * 60_000)), 'syndicated copy').toEqual({
      duplicate: true,
      reason: 'same-title',
      duplicateOf: 'a',
    });
  });

  it('accepts the same title again once it is older than the window (a new story with a stock title)', () => {
    const dedupe = new HeadlineDeduplicator({ titleWindowMs: HOUR });
    expect(dedupe.check(headline('a', 'Markets open')).duplicate).toBe(false);
    expect(
      dedupe.check(headline('b', 'Markets open', T0 + HOUR)).duplicate,
      'exactly one window later: same story',
    ).toBe(true);
    expect(dedupe.check(headline('c', 'Markets open', T0 + HOUR + 1)).duplicate, 'past the window: a new one').toBe(
      false,
    );
  });

  it('filter keeps first copies in order and forgets the oldest ids past maxRemembered', () => {
    const dedupe = new HeadlineDeduplicator({ maxRemembered: 2 });
    const kept = dedupe.filter([
      headline('a', 'one'),
      headline('b', 'two'),
      headline('a', 'one'),
      headline('c', 'three'),
    ]);
    expect(
      kept.map((h) => h.id),
      'the repeated a is dropped',
    ).toEqual(['a', 'b', 'c']);
    expect(dedupe.check(headline('a', 'four', T0)).duplicate, 'a was forgotten (only b and c remembered)').toBe(false);
  });
});

describe('normalizeTitle and deriveHeadlineId', () => {
  it('normalizes case, accents and punctuation', () => {
    expect(normalizeTitle('  Crédit: “Approved”!  ')).toBe('credit approved');
  });

  it('derives the same id for the same story and another for another time', () => {
    const a = deriveHeadlineId({ source: 's', title: 'Bitcoin, rally', publishedAt: T0 });
    expect(a, 'stable across punctuation').toBe(
      deriveHeadlineId({ source: 's', title: 'bitcoin rally', publishedAt: T0 }),
    );
    expect(a).toMatch(/^h:[0-9a-f]{14}$/);
    expect(deriveHeadlineId({ source: 's', title: 'Bitcoin, rally', publishedAt: T0 + 1 }), 'another instant').not.toBe(
      a,
    );
  });
});

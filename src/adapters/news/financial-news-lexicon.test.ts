import { describe, expect, it } from 'vitest';
import { createFinancialNewsClassifier, financialNewsLexicon } from './financial-news-lexicon.ts';

describe('the AFINN-165 financial-market-news lexicon', () => {
  it.each([
    ['bullish', 1],
    ['bankruptcy', -3],
    ['plunges', -4],
    ['losses', -3],
    ['rally', 1],
    ['record', 2],
    ['sell-off', -1],
    ['better-than-expected', 1],
    ['not good', -2],
  ])('%s has valence %d', (word, valence) => {
    expect(financialNewsLexicon.get(word), `lexicon entry '${word}'`).toBe(valence);
  });

  it('holds its 3,555 own entries and nothing from the prototype', () => {
    expect(financialNewsLexicon.size).toBe(3555);
    expect(financialNewsLexicon.has('constructor')).toBe(false);
    expect(financialNewsLexicon.has('toString')).toBe(false);
  });

  it('scores financial headlines by their known words, with negation', () => {
    const classifier = createFinancialNewsClassifier();
    expect(classifier.score('Shares rally to record').sum, 'rally 1 + record 2').toBe(3);
    expect(classifier.score('Company files for bankruptcy after losses').sum, 'bankruptcy -3 + losses -3').toBe(-6);
    expect(classifier.score('Example: $ORCL sample headline with no losses').sum, "'no' inverts losses").toBe(3);
    expect(classifier.score('Stocks plunge, no rally').sum, 'plunge -2, then rally inverted').toBe(-3);
    expect(classifier.classify([{ id: 'a', source: 's', title: 'sample', publishedAt: 0 }])[0]).toEqual({
      headlineId: 'a',
      score: 0,
      confidence: 0,
      method: 'lexicon:afinn-165-financialmarketnews',
    });
  });
});

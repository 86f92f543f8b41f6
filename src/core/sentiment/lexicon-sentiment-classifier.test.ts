import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LexiconSentimentClassifier } from './lexicon-sentiment-classifier.ts';
import { tokenizeHeadline } from './tokenize-headline.ts';

/** A small lexicon with AFINN's values for these entries, so that each expected number can be worked out by hand. */
const lexicon = new Map<string, number>([
  ['good', 3],
  ['bad', -3],
  ['not good', -2],
  ['does not work', -3],
  ['sell-off', -1],
  ['record', 2],
  ['high', 1],
  ['really', 1],
  ['no', -1],
  ["don't", -1],
]);
const classifier = new LexiconSentimentClassifier({ lexicon, name: 'test' });
const normalized = (sum: number) => sum / Math.sqrt(sum * sum + 15);

describe('tokenizeHeadline', () => {
  it('splits clauses at punctuation, keeps inner apostrophes and hyphens, straightens curly quotes', () => {
    expect(tokenizeHeadline('Don’t panic: sell-off ends. Prices at 3.5% high!')).toEqual([
      ["don't", 'panic'],
      ['sell-off', 'ends'],
      ['prices', 'at', '3', '5', 'high'],
    ]);
  });
});

describe('LexiconSentimentClassifier', () => {
  it.each([
    ['Good', 3, 1],
    ['good good', 6, 2],
    ['bad', -3, 1],
    ['not bad', 3, 1],
    ['not really very bad', 2, 2],
    ['not one two three bad', -3, 1],
    ['not good', -2, 1],
    ['it does not work', -3, 1],
    ['Not bad. Good', 6, 2],
    ['no good, bad', -6, 2],
    ["don't sell-off", 1, 1],
    ['record-high', 3, 2],
    ['sell-off', -1, 1],
    ['constructor toString valueOf', 0, 0],
    ['', 0, 0],
  ])('%j sums %d over %d terms', (text, sum, terms) => {
    const result = classifier.score(text);
    expect(result.sum, `sum of '${text}' (${JSON.stringify(result.matches)})`).toBe(sum);
    expect(result.matches, `scored terms of '${text}'`).toHaveLength(terms);
    expect(result.score, 'S / √(S² + 15)').toBeCloseTo(normalized(sum), 12);
    expect(result.confidence, 'n / (n + 2)').toBeCloseTo(terms / (terms + 2), 12);
  });

  it('one word of valence 3 scores 0.612 with confidence 1/3; negators are not scored themselves', () => {
    expect(classifier.score('good').score).toBeCloseTo(0.6124, 4);
    expect(classifier.score('no').matches, "'no' is an operator").toEqual([]);
  });

  it('classify scores title and summary, one result per headline in order, with the method', () => {
    const results = classifier.classify([
      { id: 'a', source: 's', title: 'good', summary: 'record', publishedAt: 0 },
      { id: 'b', source: 's', title: 'bad', publishedAt: 0 },
    ]);
    expect(results).toEqual([
      { headlineId: 'a', score: normalized(5), confidence: 0.5, method: 'lexicon:test' },
      { headlineId: 'b', score: normalized(-3), confidence: 1 / 3, method: 'lexicon:test' },
    ]);
  });

  it('scores stay inside (-1, 1) and confidence inside [0, 1) for any text', () => {
    const words = fc.constantFrom(...lexicon.keys(), 'not', 'never', 'and', ',', '.', 'the');
    fc.assert(
      fc.property(fc.array(words, { maxLength: 60 }), (parts) => {
        const { score, confidence } = classifier.score(parts.join(' '));
        return score > -1 && score < 1 && confidence >= 0 && confidence < 1;
      }),
    );
  });

  it('refuses nonsensical options', () => {
    expect(() => new LexiconSentimentClassifier({ lexicon, name: 't', alpha: 0 })).toThrow(/alpha/);
  });
});

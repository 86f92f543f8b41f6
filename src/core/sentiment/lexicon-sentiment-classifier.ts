import type { Headline } from './headline.ts';
import type { HeadlineSentiment, SentimentClassifier } from './sentiment-classifier.ts';
import { tokenizeHeadline } from './tokenize-headline.ts';

/**
 * Words that invert the valence of the next few words of their clause. They are operators, not
 * opinions: their own lexicon score (AFINN has `no` -1, `don't` -1) is not counted.
 */
const NEGATORS: ReadonlySet<string> = new Set([
  'not',
  'no',
  'never',
  'none',
  'nor',
  'neither',
  'without',
  'cannot',
  'cant',
  "can't",
  "don't",
  'dont',
  "doesn't",
  'doesnt',
  "didn't",
  'didnt',
  "isn't",
  'isnt',
  "wasn't",
  'wasnt',
  "aren't",
  "weren't",
  "won't",
  'wont',
  "hasn't",
  "haven't",
  "hadn't",
  "shouldn't",
  "wouldn't",
  "couldn't",
]);

/** Options of {@link LexiconSentimentClassifier}. */
export interface LexiconSentimentClassifierOptions {
  /**
   * Word or phrase (lower case, words joined by one space) → valence, AFINN style from -5 to +5.
   * A `Map`, so that words such as `constructor` cannot hit an object's prototype.
   */
  readonly lexicon: ReadonlyMap<string, number>;
  /** Name in `method` (`lexicon:<name>`). */
  readonly name: string;
  /** How many words after a negator are inverted (within the clause). Default 3. */
  readonly negationWindow?: number;
  /** α of the score normalization `S / √(S² + α)`. Default 15 (VADER's). */
  readonly alpha?: number;
  /** k of the confidence `n / (n + k)` for n scored words. Default 2. */
  readonly confidenceHalfCount?: number;
}

/** The score of one text: the normalized score, its confidence and the raw evidence. */
export interface LexiconScore {
  readonly score: number;
  readonly confidence: number;
  /** Sum of the (negation-adjusted) valences of the scored words. */
  readonly sum: number;
  /** Scored words and phrases, in order, with the valence counted (negative when inverted). */
  readonly matches: readonly { readonly term: string; readonly valence: number }[];
}

/**
 * Scores headlines with a word → valence lexicon (the adapter passes AFINN-165 for financial
 * market news), deterministically and offline: the fallback when no tier-1 model is configured.
 *
 * - Text: the title and the summary, tokenized by {@link tokenizeHeadline}.
 * - Terms: at each position the longest lexicon phrase of up to three words wins (`does not
 *   work`, `not good`); a hyphenated word absent from the lexicon is scored by its parts.
 * - Negation: a negator inverts the valence of the next `negationWindow` words of its clause.
 * - Score: with S the sum of valences, `score = S / √(S² + α)`, in (-1, 1), 0 when nothing scored;
 *   one word of valence 3 gives 0.61 (α = 15), two give 0.84.
 * - Confidence: with n scored terms, `n / (n + k)`: 0 with none, 1/3 with one, 1/2 with two (k = 2).
 */
export class LexiconSentimentClassifier implements SentimentClassifier {
  readonly method: string;
  private readonly lexicon: ReadonlyMap<string, number>;
  private readonly negationWindow: number;
  private readonly alpha: number;
  private readonly confidenceHalfCount: number;

  constructor(options: LexiconSentimentClassifierOptions) {
    this.lexicon = options.lexicon;
    this.method = `lexicon:${options.name}`;
    this.negationWindow = options.negationWindow ?? 3;
    this.alpha = options.alpha ?? 15;
    this.confidenceHalfCount = options.confidenceHalfCount ?? 2;
    if (!(this.alpha > 0)) throw new Error(`alpha must be > 0, got ${this.alpha}`);
    if (!(this.confidenceHalfCount > 0))
      throw new Error(`confidenceHalfCount must be > 0, got ${this.confidenceHalfCount}`);
    if (!(this.negationWindow >= 0)) throw new Error(`negationWindow must be >= 0, got ${this.negationWindow}`);
  }

  /** One sentiment per headline, in order. */
  classify(headlines: readonly Headline[]): HeadlineSentiment[] {
    return headlines.map((headline) => {
      const { score, confidence } = this.score(
        headline.summary === undefined ? headline.title : `${headline.title}. ${headline.summary}`,
      );
      return { headlineId: headline.id, score, confidence, method: this.method };
    });
  }

  /** Scores one text and says which terms counted. */
  score(text: string): LexiconScore {
    const matches: { term: string; valence: number }[] = [];
    for (const clause of tokenizeHeadline(text)) {
      const words = this.splitUnknownCompounds(clause);
      let negatedUntil = -1;
      for (let i = 0; i < words.length; ) {
        const phrase = this.longestPhrase(words, i);
        if (phrase !== undefined) {
          const negated = i <= negatedUntil;
          matches.push({ term: phrase.term, valence: negated ? -phrase.valence : phrase.valence });
          i += phrase.length;
          continue;
        }
        const word = words[i]!;
        if (NEGATORS.has(word)) {
          negatedUntil = i + this.negationWindow;
        } else {
          const valence = this.lexicon.get(word);
          if (valence !== undefined && valence !== 0)
            matches.push({ term: word, valence: i <= negatedUntil ? -valence : valence });
        }
        i++;
      }
    }
    let sum = 0;
    for (const match of matches) sum += match.valence;
    const score = sum === 0 ? 0 : sum / Math.sqrt(sum * sum + this.alpha);
    const confidence = matches.length / (matches.length + this.confidenceHalfCount);
    return { score, confidence, sum, matches };
  }

  /** A multi-word lexicon entry starting at `start` (longest first), if any. */
  private longestPhrase(words: readonly string[], start: number) {
    for (let length = Math.min(3, words.length - start); length >= 2; length--) {
      const term = words.slice(start, start + length).join(' ');
      const valence = this.lexicon.get(term);
      if (valence !== undefined) return { term, valence, length };
    }
    return undefined;
  }

  private splitUnknownCompounds(words: readonly string[]): string[] {
    const out: string[] = [];
    for (const word of words) {
      if (word.includes('-') && !this.lexicon.has(word)) out.push(...word.split('-'));
      else out.push(word);
    }
    return out;
  }
}

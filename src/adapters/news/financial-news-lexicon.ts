import { afinn165FinancialMarketNews } from 'afinn-165-financialmarketnews';
import { LexiconSentimentClassifier, type LexiconSentimentClassifierOptions } from '../../core/sentiment/index.ts';

/** Name of the lexicon in `HeadlineSentiment.method` (`lexicon:afinn-165-financialmarketnews`). */
export const FINANCIAL_NEWS_LEXICON_NAME = 'afinn-165-financialmarketnews';

/**
 * AFINN-165 with financial-market-news additions (3,555 words and phrases, valence -5 … +5) as
 * a Map of its own keys only, so that `constructor` or `toString` never look up a prototype.
 */
export const financialNewsLexicon: ReadonlyMap<string, number> = new Map(Object.entries(afinn165FinancialMarketNews));

/** The offline classifier: the lexicon classifier over {@link financialNewsLexicon}. */
export function createFinancialNewsClassifier(
  options: Omit<LexiconSentimentClassifierOptions, 'lexicon' | 'name'> = {},
): LexiconSentimentClassifier {
  return new LexiconSentimentClassifier({
    ...options,
    lexicon: financialNewsLexicon,
    name: FINANCIAL_NEWS_LEXICON_NAME,
  });
}

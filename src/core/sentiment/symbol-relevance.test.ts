import { describe, expect, it } from 'vitest';
import type { Headline } from './headline.ts';
import { SymbolRelevance } from './symbol-relevance.ts';

const relevance = new SymbolRelevance({
  BTC: ['bitcoin', 'btc', 'xbt'],
  ETH: ['ether', 'ethereum'],
  ORCL: ['oracle', 'oracle corp'],
  ON: ['onsemi', 'on semiconductor'],
});

const h = (title: string, extra: Partial<Headline> = {}): Headline => ({
  id: title,
  source: 'test',
  title,
  publishedAt: 0,
  ...extra,
});

describe('SymbolRelevance', () => {
  it.each([
    ['Example: Bitcoin and Ether sample', ['BTC', 'ETH']],
    ['Example: XBT/USD sample', ['BTC']],
    ['Example: $orcl sample', ['ORCL']],
    ['Example: ORCL sample', ['ORCL']],
    ['Example: Oracle Corp sample', ['ORCL']],
    ['Example: On Semiconductor sample', ['ON']],
    ['Example: ON sample', ['ON']],
    ['Example: whether on the sample', []],
    ['Example: orcl in lower case is no ticker', []],
    ['Example: Etherscan sample', []],
    ['Example: bitcoins', []],
  ])('%s → %j', (title, symbols) => {
    expect(relevance.concerns(h(title)), `symbols of '${title}'`).toEqual(symbols);
  });

  it('reads the summary and keeps attached symbols only when watched', () => {
    expect(relevance.concerns(h('Example: sample', { summary: 'about ethereum', symbols: ['ORCL', 'AAPL'] }))).toEqual([
      'ETH',
      'ORCL',
    ]);
  });

  it('tag drops headlines that concern no watched symbol and sets symbols on the others', () => {
    const tagged = relevance.tag([h('Example: weather sample'), h('Example: BTC sample')]);
    expect(tagged, 'one headline kept').toHaveLength(1);
    expect(tagged[0]!.symbols).toEqual(['BTC']);
  });

  it('refuses a malformed symbol and an alias without words', () => {
    expect(() => new SymbolRelevance({ btc: ['bitcoin'] })).toThrow(/upper case/);
    expect(() => new SymbolRelevance({ BTC: ['!!'] })).toThrow(/no word/);
  });
});

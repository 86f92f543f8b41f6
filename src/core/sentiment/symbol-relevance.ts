import type { Headline } from './headline.ts';

/**
 * Watched symbols and the words that name them, e.g.
 * `{ BTC: ['bitcoin', 'btc', 'xbt'], ETH: ['ether', 'ethereum'], ORCL: ['oracle'] }`.
 * Aliases match case-insensitively as whole words or whole phrases ("bank of america").
 */
export type SymbolAliases = Readonly<Record<string, readonly string[]>>;

const SYMBOL_PATTERN = /^[A-Z0-9][A-Z0-9.-]{0,14}$/;
const WORD = /[\p{L}\p{N}]+/gu;

/**
 * Decides which watched symbols a headline concerns, from its title and summary:
 * - an alias as a whole word or phrase, any case (`Bitcoin`, `XBT`);
 * - the symbol as a cashtag, any case (`$ORCL`, `$orcl`);
 * - the symbol as an upper-case whole word (`ORCL`), case-sensitive so that tickers that are
 *   also words (`ON`, `ALL`, `IT`) match only when written as tickers;
 * - symbols the source already attached (`Headline.symbols`, e.g. from a webhook), when watched.
 */
export class SymbolRelevance {
  /** Lower-case alias phrase (words joined by one space) → symbols it names. */
  private readonly aliases = new Map<string, string[]>();
  private readonly symbols: readonly string[];
  /** Longest alias, in words: phrase lookups go no further. */
  private readonly longestAlias: number;

  constructor(aliases: SymbolAliases) {
    this.symbols = Object.keys(aliases);
    let longest = 1;
    for (const symbol of this.symbols) {
      if (!SYMBOL_PATTERN.test(symbol))
        throw new Error(`watched symbol '${symbol}' must be upper case letters and digits (and . -), at most 15`);
      for (const alias of aliases[symbol]!) {
        const words = alias.toLowerCase().match(WORD);
        if (words === null) throw new Error(`alias '${alias}' of ${symbol} has no word in it`);
        const phrase = words.join(' ');
        const named = this.aliases.get(phrase) ?? [];
        if (!named.includes(symbol)) named.push(symbol);
        this.aliases.set(phrase, named);
        longest = Math.max(longest, words.length);
      }
    }
    this.longestAlias = longest;
  }

  /** The watched symbols the headline concerns, in the order they were watched. */
  concerns(headline: Headline): string[] {
    const found = new Set<string>();
    for (const symbol of headline.symbols ?? []) if (this.symbols.includes(symbol)) found.add(symbol);
    for (const text of [headline.title, headline.summary ?? '']) this.scan(text, found);
    return this.symbols.filter((symbol) => found.has(symbol));
  }

  /**
   * Headlines that concern at least one watched symbol, each with `symbols` set to those it
   * concerns; the others are dropped.
   */
  tag(headlines: readonly Headline[]): Headline[] {
    const tagged: Headline[] = [];
    for (const headline of headlines) {
      const symbols = this.concerns(headline);
      if (symbols.length > 0) tagged.push({ ...headline, symbols });
    }
    return tagged;
  }

  private scan(text: string, found: Set<string>): void {
    for (const match of text.matchAll(/(?<![\p{L}\p{N}$])\$?[\p{L}\p{N}][\p{L}\p{N}.-]*/gu)) {
      const token = match[0].replace(/[.-]+$/, '');
      if (token.startsWith('$')) {
        const symbol = token.slice(1).toUpperCase();
        if (this.symbols.includes(symbol)) found.add(symbol);
      } else if (this.symbols.includes(token)) found.add(token);
    }
    const words = text.toLowerCase().match(WORD) ?? [];
    for (let start = 0; start < words.length; start++) {
      let phrase = '';
      for (let length = 1; length <= this.longestAlias && start + length <= words.length; length++) {
        phrase = length === 1 ? words[start]! : `${phrase} ${words[start + length - 1]}`;
        for (const symbol of this.aliases.get(phrase) ?? []) found.add(symbol);
      }
    }
  }
}

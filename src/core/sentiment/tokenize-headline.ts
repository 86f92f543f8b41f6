/**
 * Splits text into clauses of lower-case word tokens. Clauses end at `. , ; : ! ?` (and a dash
 * between spaces), so that negation never reaches across them. Words keep inner apostrophes and
 * hyphens (`don't`, `sell-off`, `better-than-expected`), as the lexicon spells them; curly
 * apostrophes become straight ones.
 */
export function tokenizeHeadline(text: string): string[][] {
  const clauses: string[][] = [];
  const normalized = text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\u2018\u2019\u02bc]/g, "'");
  for (const clause of normalized.split(/[.,;:!?]+(?=\s|$)|\s[-\u2013\u2014]+\s|[;!?]/u)) {
    const words = clause.match(/[\p{L}\p{N}]+(?:['-][\p{L}\p{N}]+)*/gu);
    if (words !== null) clauses.push(words);
  }
  return clauses;
}

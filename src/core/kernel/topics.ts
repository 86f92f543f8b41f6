/** Topic on which bars of an instrument and timeframe are published. */
export const barsTopic = (instrumentId: string, timeframe: string): string => `data.bars.${instrumentId}.${timeframe}`;

/** Topic on which external events of a kind are published. */
export const externalEventsTopic = (kind: string): string => `events.external.${kind}`;

/** Throws unless `kind` is a topic-safe event kind (letters, digits, `_ . : -`; `*` too when subscribing). */
export function checkEventKind(kind: string, allowWildcard: boolean): void {
  if (/^[A-Za-z0-9_.:-]+$/.test(kind) || (allowWildcard && kind === '*')) return;
  throw new Error(
    `event kind '${kind}' may contain only letters, digits and _ . : -${allowWildcard ? ' (or be *)' : ''}`,
  );
}

/** Topic on which top-of-book quotes of an instrument are published. */
export const quotesTopic = (instrumentId: string): string => `data.quotes.${instrumentId}`;

/** Topic on which trade prints of an instrument are published. */
export const tradesTopic = (instrumentId: string): string => `data.trades.${instrumentId}`;

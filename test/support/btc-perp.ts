import { fileURLToPath } from 'node:url';
import type { Bar } from '../../src/core/model/data.ts';
import { createInstrument } from '../../src/core/model/instrument.ts';
import type { Strategy } from '../../src/core/strategy/strategy.ts';
import type { StrategyContext } from '../../src/core/strategy/strategy-context.ts';

/**
 * The repository's real fixture for engine scenarios: 31 days of FTX BTC-PERP 1-minute bars,
 * January 2022 (data/samples, SOURCE.md there), and the instrument as FTX listed it.
 */
export const BTC_PERP_SAMPLE = fileURLToPath(
  new URL('../../data/samples/btc-perp-20211231-20220201_1m.csv', import.meta.url),
);

/** FTX's BTC-PERP: 1 USD tick, 0.0001 BTC lots. */
export const BTC_PERP = createInstrument({
  symbol: 'BTC-PERP',
  venue: 'FTX',
  kind: 'perpetual',
  baseCurrency: 'BTC',
  quoteCurrency: 'USD',
  priceIncrement: 1,
  sizeIncrement: 0.0001,
});

/** Buys `quantity` BTC whenever flat with nothing working: it wants to be long all the time, and retries each bar when denied. */
export class AlwaysLong implements Strategy {
  constructor(private readonly quantity = 2) {}
  onStart(context: StrategyContext) {
    context.subscribeBars(BTC_PERP.id);
  }
  onBar(_bar: Bar, context: StrategyContext) {
    const position = context.portfolio.position(BTC_PERP.id)?.quantity ?? 0;
    if (position === 0 && context.cache.openOrders(BTC_PERP.id).length === 0)
      context.submitOrder(context.orders.market({ instrumentId: BTC_PERP.id, side: 'buy', quantity: this.quantity }));
  }
}

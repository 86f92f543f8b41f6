import type { RecordedTrade } from './recorded-streams.ts';
import type { RecordedCandle, RecordedVenue } from './recorded-venues.ts';

const SECOND = 1000;

/**
 * Binance BTCUSDT 1s klines over the recorded trades, in the REST kline row shape, for the
 * seconds the recording covers whole. No 1s klines were recorded; a kline is the venue's own
 * aggregate of its trades, and the recording holds every trade between its first and last (the
 * ids are consecutive), so the seconds strictly between the first trade's second and the last
 * trade's second are exactly what Binance would serve. The first and last seconds are left out:
 * trades before the first and after the last print are unknown. Summed with a plain loop, not
 * the aggregator under test.
 */
export function binanceSecondKlines(trades: readonly RecordedTrade[]): RecordedVenue {
  const firstSecond = Math.floor(trades[0].timestamp / SECOND) * SECOND;
  const lastSecond = Math.floor(trades[trades.length - 1].timestamp / SECOND) * SECOND;
  const candles: RecordedCandle[] = [];
  let i = 0;
  while (i < trades.length && trades[i].timestamp < firstSecond + SECOND) i++;
  for (let open = firstSecond + SECOND; open < lastSecond; open += SECOND) {
    let high = Number.NEGATIVE_INFINITY;
    let low = Number.POSITIVE_INFINITY;
    let volume = 0;
    let quoteVolume = 0;
    let takerBuyVolume = 0;
    let takerBuyQuote = 0;
    const from = i;
    for (; i < trades.length && trades[i].timestamp < open + SECOND; i++) {
      const { price, quantity, buyerMaker } = trades[i];
      high = Math.max(high, price);
      low = Math.min(low, price);
      volume += quantity;
      quoteVolume += price * quantity;
      if (!buyerMaker) {
        takerBuyVolume += quantity;
        takerBuyQuote += price * quantity;
      }
    }
    if (i === from) continue;
    const row = [
      open,
      String(trades[from].price),
      String(high),
      String(low),
      String(trades[i - 1].price),
      String(volume),
      open + SECOND - 1,
      String(quoteVolume),
      i - from,
      String(takerBuyVolume),
      String(takerBuyQuote),
      '0',
    ];
    candles.push({ openTime: open, row });
  }
  return { exchangeId: 'binance', symbol: 'BTC/USDT', marketId: 'BTCUSDT', base: 'BTC', quote: 'USDT', candles };
}

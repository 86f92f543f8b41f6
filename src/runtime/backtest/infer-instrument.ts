import type { BarSeries, QuoteSeries, TradeSeries } from '../../core/model/data.ts';
import { createInstrument, type Instrument, type InstrumentKind } from '../../core/model/instrument.ts';
import { timeframeMillis } from '../../core/model/time.ts';
import type { BacktestConfig } from '../config/backtest-config.ts';

/** Bars, quotes or trades: whatever the backtest runs on, for the prices it holds. */
export type PricedSeries = BarSeries | QuoteSeries | TradeSeries;

/** The price columns of a series: open, high, low and close; bid and ask; or the print price. */
function priceColumns(series: PricedSeries): readonly Float64Array[] {
  if ('open' in series) return [series.open, series.high, series.low, series.close];
  if ('bid' in series) return [series.bid, series.ask];
  return [series.price];
}

/** Smallest power-of-ten increment on which every sampled price lies (1e-8 at the finest); a zero (an empty side) fits any. */
export function inferPriceIncrement(series: PricedSeries): number {
  const n = Math.min(series.length, 2000);
  const columns = priceColumns(series);
  for (let decimals = 0; decimals <= 8; decimals++) {
    const scale = 10 ** decimals;
    let fits = true;
    for (let i = 0; i < n && fits; i++) {
      for (const column of columns) {
        const scaled = column[i]! * scale;
        if (Math.abs(scaled - Math.round(scaled)) > 1e-9 * Math.max(1, Math.abs(scaled))) {
          fits = false;
          break;
        }
      }
    }
    if (fits) return 1 / scale;
  }
  return 1e-8;
}

/** The instrument a backtest trades: the configured fields, the rest inferred from the symbol and data. */
export function inferInstrument(config: BacktestConfig, series: PricedSeries, timeframe: string): Instrument {
  const spec = config.instrument;
  const parts = spec.symbol.split(/[/-]/);
  const daily = timeframeMillis(timeframe) >= 86_400_000;
  const kind: InstrumentKind =
    spec.kind ?? (/PERP$/i.test(spec.symbol) ? 'perpetual' : daily && parts.length === 1 ? 'equity' : 'spot');
  const base = spec.base_currency ?? parts[0];
  const quote = spec.quote_currency ?? (parts.length > 1 && !/^PERP$/i.test(parts[1]) ? parts[1] : 'USD');
  const feeRate = config.execution.fee_bps === undefined ? undefined : config.execution.fee_bps / 10_000;
  const sizeIncrement = spec.size_increment ?? (kind === 'equity' ? 1 : 1e-8);
  return createInstrument({
    symbol: spec.symbol,
    venue: spec.venue,
    kind,
    baseCurrency: base,
    quoteCurrency: config.account.currency ?? quote,
    priceIncrement: spec.price_increment ?? inferPriceIncrement(series),
    sizeIncrement,
    minQuantity: spec.min_quantity ?? sizeIncrement,
    minNotional: spec.min_notional,
    makerFee: feeRate ?? spec.maker_fee,
    takerFee: feeRate ?? spec.taker_fee,
  });
}

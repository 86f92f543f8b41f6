import type { BarSeries } from '../../core/model/data.ts';
import { createInstrument, type Instrument, type InstrumentKind } from '../../core/model/instrument.ts';
import { timeframeMillis } from '../../core/model/time.ts';
import type { BacktestConfig } from '../config/backtest-config.ts';

/** Smallest power-of-ten increment on which every sampled price lies (1e-8 at the finest). */
export function inferPriceIncrement(series: BarSeries): number {
  const n = Math.min(series.length, 2000);
  for (let decimals = 0; decimals <= 8; decimals++) {
    const scale = 10 ** decimals;
    let fits = true;
    for (let i = 0; i < n && fits; i++) {
      for (const price of [series.open[i], series.high[i], series.low[i], series.close[i]]) {
        const scaled = price * scale;
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
export function inferInstrument(config: BacktestConfig, series: BarSeries, timeframe: string): Instrument {
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

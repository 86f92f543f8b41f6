import {
  detectMarketDataFormat,
  isBarFileFormat,
  type MarketDataFile,
  type MarketDataFormat,
  readMarketDataFile,
} from '../../adapters/data/index.ts';
import { lowerBound } from '../../core/data/lower-bound.ts';
import { aggregateQuoteMids, aggregateTrades } from '../../core/data/trade-bars.ts';
import { type BarSeries, type QuoteSeries, sliceSeries, type TradeSeries } from '../../core/model/data.ts';
import { instrumentId } from '../../core/model/ids.ts';
import type { Timeframe } from '../../core/model/time.ts';
import type { BacktestConfig } from '../config/backtest-config.ts';
import { ConfigError } from '../config/load-backtest-config.ts';

/** The timeframe of the bars built from ticks when `data.timeframe` is absent. */
const DEFAULT_TICK_BAR_TIMEFRAME: Timeframe = '1m';

/** A backtest's quote or trade file: the ticks of the period, and the bars built from them. */
export interface TickData {
  readonly kind: 'quotes' | 'trades';
  /** The ticks in [from, to), fed to the engine. */
  readonly ticks: QuoteSeries | TradeSeries;
  /**
   * The bars built from the ticks, as the strategies receive them, plus the last one, still open
   * when the data ends (the strategies never get that one): the report's price chart.
   */
  readonly series: BarSeries;
  readonly timeframe: Timeframe;
  readonly path: string;
  readonly format: MarketDataFormat;
}

/**
 * Reads `data.path`, whose contents are `bytes` (`readDataFileBytes`), as ticks when it holds
 * quotes or trades (its `data.format`, else detected from its name and content), strictly: the
 * first bad row throws, naming the file, line and field. Undefined when the file holds bars (the
 * caller reads the same bytes as bars).
 */
export async function readTickFile(
  config: Readonly<BacktestConfig>,
  range: { readonly from?: number; readonly to?: number },
  bytes: Uint8Array,
): Promise<TickData | undefined> {
  const path = config.data.path as string;
  const configured = config.data.format;
  if (isBarFileFormat(configured)) return undefined;
  if (configured === 'auto' && isBarFileFormat(detectMarketDataFormat(path, bytes))) return undefined;
  const file = await readMarketDataFile({
    path,
    bytes,
    format: configured === 'auto' ? undefined : configured,
    timestampFormat: config.data.timestamp_format,
    mode: 'strict',
  });
  if (file.data.kind === 'bars') return undefined;
  const timeframe = (config.data.timeframe ?? DEFAULT_TICK_BAR_TIMEFRAME) as Timeframe;
  const ticks = ticksInRange(file, instrumentId(config.instrument.symbol, config.instrument.venue), range);
  if (ticks.length === 0)
    throw new ConfigError(
      `${path}: none of its ${file.data.columns.length} ${file.data.kind} lies in the period [${config.period.from ?? '…'}, ${config.period.to ?? '…'})`,
    );
  const bars =
    file.data.kind === 'quotes'
      ? aggregateQuoteMids(ticks as QuoteSeries, timeframe)
      : aggregateTrades(ticks as TradeSeries, { kind: 'time', timeframe });
  return { kind: file.data.kind, ticks, series: bars.series, timeframe, path, format: file.format };
}

/** The file's ticks with from ≤ timestamp < to, as a series of the configured instrument (views, no copy). */
function ticksInRange(
  file: MarketDataFile,
  id: QuoteSeries['instrumentId'],
  range: { readonly from?: number; readonly to?: number },
): QuoteSeries | TradeSeries {
  const series = { ...file.data.columns, instrumentId: id } as QuoteSeries | TradeSeries;
  const { timestamp, length } = series;
  const start = range.from === undefined ? 0 : lowerBound(timestamp, range.from, length);
  const end = range.to === undefined ? length : lowerBound(timestamp, range.to, length);
  return sliceSeries(series, start, Math.max(start, end));
}

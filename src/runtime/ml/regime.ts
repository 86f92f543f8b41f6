import { basename } from 'node:path';
import { ParquetCatalog } from '../../adapters/catalog/index.ts';
import { type BarFileFormat, loadBars } from '../../adapters/data/index.ts';
import type { BarSeries } from '../../core/model/data.ts';
import { instrumentId } from '../../core/model/ids.ts';
import { formatTimestamp, timeframeMillis } from '../../core/model/time.ts';
import { catalogDir } from '../config/catalog-dir.ts';
import { ConfigError } from '../config/load-backtest-config.ts';
import { catalogVenue } from '../data/catalog-venue.ts';
import { csvField } from '../files/csv-text.ts';
import { writeFileAtomically } from '../files/write-file-atomically.ts';
import {
  analyseRegimes,
  MIN_BARS_PER_STATE,
  type RegimeAnalysis,
  type RegimeFeature,
  type RegimeRun,
} from './regime-analysis.ts';

/** Where the bars come from and how to model them (the flags of `tradewind regime`, parsed). */
export interface RegimeOptions {
  /** A bar file; otherwise the catalog is read (`symbol` and `timeframe` required). */
  readonly data?: string;
  readonly format?: BarFileFormat;
  readonly symbol?: string;
  readonly timeframe?: string;
  readonly venue?: string;
  /** Catalog folder (default: TRADEWIND_CATALOG or data/catalog/). */
  readonly catalog?: string;
  /** Unix ms, inclusive / exclusive. */
  readonly from?: number;
  readonly to?: number;
  readonly states: number;
  readonly features?: readonly RegimeFeature[];
  readonly volatilityWindow?: number;
  readonly restarts?: number;
  readonly seed?: number;
  /** Default: see {@link defaultBarsPerYear}. */
  readonly barsPerYear?: number;
}

/** A finished regime analysis with the bars it was made from. */
export interface RegimeResult {
  readonly series: BarSeries;
  readonly source: { readonly kind: 'file' | 'catalog'; readonly location: string };
  readonly analysis: RegimeAnalysis;
}

/**
 * Bars per year used to annualise: for a daily (or longer) series with no bar on a Saturday or
 * Sunday (UTC), 252 trading days (an exchange-traded stock or ETF); otherwise 365 days around the
 * clock (crypto). Scaled by the timeframe, e.g. 365 × 1440 for 1-minute crypto bars. Intraday
 * equity sessions are not recognised: pass `barsPerYear` for those.
 */
export function defaultBarsPerYear(series: BarSeries): number {
  const day = 86_400_000;
  const millis = timeframeMillis(series.timeframe);
  let weekend = false;
  for (let i = 0; i < series.length && !weekend; i++) {
    const weekday = new Date(series.timestamp[i]).getUTCDay();
    weekend = weekday === 0 || weekday === 6;
  }
  const tradingDays = millis >= day && !weekend ? 252 : 365;
  return (tradingDays * day) / millis;
}

async function loadSeries(
  options: RegimeOptions,
): Promise<{ series: BarSeries; kind: 'file' | 'catalog'; location: string }> {
  if (options.data !== undefined) {
    const id = instrumentId(options.symbol ?? basename(options.data).replace(/\..*$/, ''), options.venue ?? 'FILE');
    const loaded = await loadBars({
      path: options.data,
      instrumentId: id,
      format: options.format,
      timeframe: options.timeframe,
      from: options.from,
      to: options.to,
    });
    return { series: loaded.series, kind: 'file', location: options.data };
  }
  if (options.symbol === undefined || options.timeframe === undefined)
    throw new ConfigError('--symbol and --timeframe are required (or --data <file> to read a bar file)');
  const dir = catalogDir(options.catalog);
  const catalog = await ParquetCatalog.open(dir);
  try {
    const venue = await catalogVenue(catalog, dir, {
      symbol: options.symbol,
      timeframe: options.timeframe,
      venue: options.venue,
    });
    const series = await catalog.readBars({
      instrumentId: instrumentId(options.symbol, venue),
      timeframe: options.timeframe,
      from: options.from,
      to: options.to,
    });
    return { series, kind: 'catalog', location: dir };
  } finally {
    catalog.close();
  }
}

/**
 * Loads the bars (file or catalog), then fits, labels, decodes and filters them (see
 * `analyseRegimes`). Throws a ConfigError naming the flag when the bars are too few for `--states`.
 */
export async function runRegime(options: RegimeOptions): Promise<RegimeResult> {
  const { series, kind, location } = await loadSeries(options);
  const features = options.features ?? ['returns'];
  const volatilityWindow = options.volatilityWindow ?? 20;
  const warmup = 1 + (features.includes('volatility') ? volatilityWindow - 1 : 0);
  const rows = Math.max(0, series.length - warmup);
  const needed = MIN_BARS_PER_STATE * options.states;
  if (rows < needed)
    throw new ConfigError(
      `--states ${options.states}: needs at least ${needed + warmup} bars (${MIN_BARS_PER_STATE} per state after ${warmup} of warm-up); ` +
        `${location} has ${series.length} in range (widen --from/--to, or lower --states or --volatility-window)`,
    );
  for (let i = 0; i < series.length; i++)
    if (!(series.close[i] > 0))
      throw new ConfigError(
        `bar ${formatTimestamp(series.timestamp[i])} has close ${series.close[i]}: log returns need positive prices`,
      );
  const analysis = analyseRegimes(series, {
    states: options.states,
    features,
    volatilityWindow,
    restarts: options.restarts,
    seed: options.seed,
    barsPerYear: options.barsPerYear ?? defaultBarsPerYear(series),
  });
  return { series, source: { kind, location }, analysis };
}

/** A finite number, or null (JSON has no ∞). */
const finite = (value: number): number | null => (Number.isFinite(value) ? value : null);

function runJson(run: RegimeRun) {
  return { ...run, from: formatTimestamp(run.from), to: formatTimestamp(run.to) };
}

/** Everything as a JSON-ready object: model, parameters per state, transitions, both timelines in full. */
export function regimeResultJson(result: RegimeResult) {
  const { series, analysis } = result;
  const { model } = analysis;
  const states = model.states;
  const matrix = (values: Float64Array, columns: number) =>
    Array.from({ length: values.length / columns }, (_, i) =>
      Array.from(values.subarray(i * columns, (i + 1) * columns)),
    );
  return {
    source: result.source,
    instrumentId: series.instrumentId,
    timeframe: series.timeframe,
    bars: series.length,
    modelledBars: analysis.rows,
    firstModelledIndex: analysis.firstIndex,
    from: formatTimestamp(series.timestamp[0]),
    to: formatTimestamp(series.timestamp[series.length - 1]),
    features: analysis.features,
    volatilityWindow: analysis.features.includes('volatility') ? analysis.volatilityWindow : undefined,
    barsPerYear: analysis.barsPerYear,
    states,
    logLikelihood: model.logLikelihood,
    iterations: model.iterations,
    converged: model.converged,
    restartLogLikelihoods: Array.from(model.restartLogLikelihoods, finite),
    bestRestart: model.bestRestart,
    parameters: analysis.parameters.map((p) => ({ ...p, expectedDuration: finite(p.expectedDuration) })),
    startProbabilities: Array.from(model.startProbabilities),
    transitions: matrix(model.transitions, states),
    means: matrix(model.means, model.dimensions),
    variances: matrix(model.variances, model.dimensions),
    agreement: analysis.agreement,
    lastFiltered: Array.from(analysis.filtered.subarray((analysis.rows - 1) * states)),
    viterbiRuns: analysis.viterbiRuns.map(runJson),
    filteredRuns: analysis.filteredRuns.map(runJson),
  };
}

/** CSV lines, one per modelled bar: timestamp, close, viterbi state and label, filtered state and label, P(state k). */
export function* regimeCsvLines(result: RegimeResult): Generator<string> {
  const { series, analysis } = result;
  const states = analysis.model.states;
  const labels = analysis.labels.map((l) => l.regime);
  const header = ['timestamp', 'close', 'viterbi_state', 'viterbi_label', 'filtered_state', 'filtered_label'];
  for (let k = 0; k < states; k++) header.push(`p_${k}_${labels[k]}`);
  yield `${header.join(',')}\n`;
  let chunk = '';
  for (let row = 0; row < analysis.rows; row++) {
    const bar = analysis.firstIndex + row;
    const v = analysis.viterbiStates[row];
    const f = analysis.filteredStates[row];
    const cells = [formatTimestamp(series.timestamp[bar]), series.close[bar], v, labels[v], f, labels[f]];
    for (let k = 0; k < states; k++) cells.push(analysis.filtered[row * states + k]);
    chunk += `${cells.map(csvField).join(',')}\n`;
    if (chunk.length > 65_536) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk !== '') yield chunk;
}

/** Writes {@link regimeCsvLines} to `path` atomically (a reader never sees half a file). */
export async function writeRegimeCsv(path: string, result: RegimeResult): Promise<void> {
  await writeFileAtomically(path, regimeCsvLines(result));
}

import { DrawdownTracker, type PerformanceMetrics } from '../../core/analysis/index.ts';
import type { RiskEvent } from '../../core/risk/index.ts';
import { escapeHtml } from './escape-html.ts';
import { type ReportExplanations, renderExplanationsSection } from './explanations-section.ts';
import { formatDate, formatNumber, formatPercent } from './format-value.ts';
import { renderMetricsTable, renderSettingsTable } from './metrics-table.ts';
import { downsampleMinMax, MinMaxDownsampler } from './min-max-downsampler.ts';
import { REPORT_STYLE } from './report-style.ts';
import { renderRiskEventsSection, riskChartOverlays } from './risk-events-section.ts';
import { type ChartBand, type ChartMarker, renderSvgChart } from './svg-chart.ts';

/** Everything a run report shows. Arrays are read, never kept or modified. */
export interface ReportInput {
  title: string;
  runId: string;
  /** When the report was generated, as the caller wants it shown (the renderer reads no clock). */
  generatedAt?: string;
  metrics: PerformanceMetrics;
  /** Shown in a small table in the caller's key order (strategy, symbol, params...). */
  settings: Record<string, string | number | boolean>;
  /**
   * Equity before the first bar (the starting cash): the drawdown is measured from it, as the
   * metrics measure it, so a run that only loses shows its drawdown from the first point.
   */
  initialEquity?: number;
  /** Per-bar equity (Unix ms, strictly increasing); the first `length` entries are valid. */
  equity: { timestamps: Float64Array; equity: Float64Array; length: number };
  /** Closing prices of the traded instrument; the first `length` entries are valid. */
  price: { timestamps: Float64Array; close: Float64Array; length: number; symbol: string };
  fills: ReadonlyArray<{ timestamp: number; side: 'buy' | 'sell'; price: number; quantity: number }>;
  /**
   * The risk audit in time order (denials, state changes, breaches, ...): the "Risk events" section
   * and, on the equity chart, bands where trading was HALTED or REDUCING and a line at each
   * kill-switch breach. Absent: the section says there were none.
   */
  riskEvents?: readonly RiskEvent[];
  /**
   * Market regimes to shade on the price chart (bull green, bear red, range grey), with a caption
   * saying how they were found (e.g. a 3-state HMM's online filter: what a strategy could know).
   */
  regimes?: { readonly runs: readonly ChartBand[]; readonly caption: string };
  /** Each day's and trade's explanation in words: the "Trades and days explained" section (absent: no section). */
  explanations?: ReportExplanations;
}

/** At most this many time buckets per chart (each keeps a min and a max). */
export const MAX_CHART_BUCKETS = 2000;
/** At most this many fill markers are drawn; beyond it an even sample is drawn and the caption says so. */
export const MAX_FILL_MARKERS = 2000;

/**
 * Renders a run as one self-contained HTML page: inline CSS and inline SVG charts of equity (with
 * the stretches where trading was restricted and the kill-switch breaches), drawdown (underwater,
 * below the running peak of the equity series) and price with buy/sell markers, the risk events
 * (why trading halted, and a table with repeated denials folded), the trades and days explained
 * in words (when given), and the metrics and settings tables. Nothing is fetched (no scripts, fonts, images or links).
 *
 * Series of any length are downsampled to at most {@link MAX_CHART_BUCKETS} time buckets keeping
 * each bucket's min and max, so spikes stay visible and the page size stays bounded; at most
 * {@link MAX_FILL_MARKERS} fills are drawn. Every caller string is HTML-escaped. The output is a
 * pure function of the input (no wall clock, no locale). Throws a RangeError when equity timestamps
 * go backwards.
 */
export function renderHtmlReport(input: ReportInput): string {
  const { metrics, equity, price } = input;
  const equityLength = Math.min(equity.length, equity.timestamps.length, equity.equity.length);
  const priceLength = Math.min(price.length, price.timestamps.length, price.close.length);
  const equityRange = spanOf(equity.timestamps, equityLength);

  const equitySampler = new MinMaxDownsampler(equityRange[0], equityRange[1], MAX_CHART_BUCKETS);
  const drawdownSampler = new MinMaxDownsampler(equityRange[0], equityRange[1], MAX_CHART_BUCKETS);
  const tracker = new DrawdownTracker();
  if (input.initialEquity !== undefined && equityLength > 0) tracker.update(equityRange[0], input.initialEquity);
  for (let i = 0; i < equityLength; i++) {
    const time = equity.timestamps[i];
    const value = equity.equity[i];
    if (!Number.isFinite(value)) continue;
    tracker.update(time, value);
    equitySampler.add(time, value);
    drawdownSampler.add(time, -tracker.drawdown);
  }

  const { markers, stride } = sampleFills(input.fills);
  const priceRange = spanOf(price.timestamps, priceLength);
  for (const marker of markers) {
    if (priceLength === 0 && marker === markers[0]) priceRange[0] = priceRange[1] = marker.time;
    if (marker.time < priceRange[0]) priceRange[0] = marker.time;
    if (marker.time > priceRange[1]) priceRange[1] = marker.time;
  }
  const amount = (value: number, decimals: number): string => formatNumber(value, decimals);
  const riskEvents = input.riskEvents ?? [];
  const overlays = riskChartOverlays(riskEvents, equityRange[1]);

  const equityChart = renderSvgChart({
    id: 'equity',
    title: 'Equity',
    series: equitySampler.result(),
    xRange: equityRange,
    kind: 'line',
    formatValue: amount,
    bands: overlays.bands,
    eventLines: overlays.eventLines,
  });
  const drawdownChart = renderSvgChart({
    id: 'drawdown',
    title: 'Drawdown',
    series: drawdownSampler.result(),
    xRange: equityRange,
    kind: 'area',
    formatValue: (value, decimals) => formatPercent(value, Math.max(0, decimals - 2)),
    height: 200,
  });
  const priceChart = renderSvgChart({
    id: 'price',
    title: `${price.symbol} price`,
    series: downsampleMinMax(price.timestamps, price.close, priceLength, MAX_CHART_BUCKETS),
    xRange: priceRange,
    kind: 'line',
    formatValue: amount,
    markers,
    height: 320,
    bands: input.regimes?.runs,
  });

  const subtitle = [`Run ${input.runId}`];
  if (input.generatedAt !== undefined) subtitle.push(`generated ${input.generatedAt}`);
  if (equityLength > 0) subtitle.push(`${formatDate(metrics.start)} → ${formatDate(metrics.end)} UTC`);

  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(input.title)}</title>`,
    `<style>${REPORT_STYLE}</style>`,
    '</head>',
    '<body>',
    '<main>',
    `<header><h1>${escapeHtml(input.title)}</h1><p>${escapeHtml(subtitle.join(' · '))}</p></header>`,
    `<section><h2>Metrics</h2>${renderMetricsTable(metrics)}</section>`,
    `<section><h2>Equity</h2>${equityChart}${overlays.caption}${pointsCaption(equityLength)}</section>`,
    `<section><h2>Drawdown</h2>${drawdownChart}<p class="caption">Fraction below the running peak of the equity curve.</p></section>`,
    renderRiskEventsSection(riskEvents, equityRange[1]),
    `<section><h2>${escapeHtml(price.symbol)} price and fills</h2>${priceChart}${regimeCaption(input.regimes)}${fillsCaption(input.fills, markers.length, stride)}${pointsCaption(priceLength)}</section>`,
    renderExplanationsSection(input.explanations),
    `<section><h2>Settings</h2>${renderSettingsTable(input.settings)}</section>`,
    '</main>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

/** First and last timestamps of a series ([0, 0] when empty). */
function spanOf(timestamps: Float64Array, length: number): [number, number] {
  return length > 0 ? [timestamps[0], timestamps[length - 1]] : [0, 0];
}

/** Every fill when few, else every `stride`-th one: an even, deterministic sample in time order. */
function sampleFills(fills: ReportInput['fills']): { markers: ChartMarker[]; stride: number } {
  const stride = Math.max(1, Math.ceil(fills.length / MAX_FILL_MARKERS));
  const markers: ChartMarker[] = [];
  for (let i = 0; i < fills.length; i += stride) {
    const fill = fills[i];
    if (Number.isFinite(fill.timestamp) && Number.isFinite(fill.price)) {
      markers.push({ time: fill.timestamp, value: fill.price, side: fill.side });
    }
  }
  return { markers, stride };
}

function fillsCaption(fills: ReportInput['fills'], drawn: number, stride: number): string {
  let buys = 0;
  for (const fill of fills) if (fill.side === 'buy') buys++;
  const counts =
    `${formatNumber(fills.length, 0)} fills: <span class="legend-buy">▲ ${formatNumber(buys, 0)} buys</span>, ` +
    `<span class="legend-sell">▼ ${formatNumber(fills.length - buys, 0)} sells</span>`;
  const sample = stride > 1 ? ` — markers drawn for ${formatNumber(drawn, 0)} of them (every ${stride}th fill).` : '.';
  return `<p class="caption">${counts}${sample}</p>`;
}

function pointsCaption(length: number): string {
  if (length <= MAX_CHART_BUCKETS) return '';
  return `<p class="caption">${formatNumber(length, 0)} points, drawn as the min and max of ${formatNumber(MAX_CHART_BUCKETS, 0)} time buckets.</p>`;
}

/** The regime legend and how the regimes were found; empty without regimes. */
function regimeCaption(regimes: ReportInput['regimes']): string {
  if (regimes === undefined) return '';
  const bars = (kind: ChartBand['kind']) => regimes.runs.filter((r) => r.kind === kind).length;
  return (
    `<p class="caption">Shaded regimes: <span class="legend-bull">bull</span> (${bars('bull')} runs), ` +
    `<span class="legend-bear">bear</span> (${bars('bear')}), <span class="legend-range">range</span> (${bars('range')}). ` +
    `${escapeHtml(regimes.caption)}</p>`
  );
}

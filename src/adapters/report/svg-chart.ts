import { timeTicks, valueTicks } from './chart-ticks.ts';
import { escapeHtml } from './escape-html.ts';
import type { DownsampledSeries } from './min-max-downsampler.ts';

/** A trade marker: an upward green triangle for a buy, a downward red one for a sell. */
export interface ChartMarker {
  time: number;
  value: number;
  side: 'buy' | 'sell';
}

/** A shaded stretch of the x axis (trading HALTED or REDUCING; a market regime), drawn under the series. */
export interface ChartBand {
  /** Unix ms. */
  start: number;
  /** Unix ms, ≥ start. */
  end: number;
  kind: 'halted' | 'reducing' | 'bull' | 'bear' | 'range';
  /** Hover text (an SVG title). */
  label: string;
}

/** A vertical line at a moment (a kill-switch breach), with a small mark at the top of the plot. */
export interface ChartEventLine {
  /** Unix ms. */
  time: number;
  /** Hover text (an SVG title). */
  label: string;
}

/** Options of {@link renderSvgChart}. */
export interface SvgChartOptions {
  /** Unique in the document: names the clip path and the chart's CSS class. */
  id: string;
  /** Accessible name of the chart. */
  title: string;
  series: DownsampledSeries;
  /** Time span of the x axis (Unix ms). */
  xRange: readonly [number, number];
  /** `line`: a polyline; `area`: filled between the series and zero (an underwater curve). */
  kind: 'line' | 'area';
  /** Value tick label from a value and the decimals its tick step needs. */
  formatValue: (value: number, decimals: number) => string;
  markers?: readonly ChartMarker[];
  /** Shaded stretches, in time order. Any number: those closer than a pixel merge, each is at least 2 px wide. */
  bands?: readonly ChartBand[];
  /** Vertical event lines, in time order. Any number: lines within a pixel of each other merge. */
  eventLines?: readonly ChartEventLine[];
  width?: number;
  height?: number;
}

const MARGIN = { left: 76, right: 16, top: 12, bottom: 28 } as const;
const MARKER_SIZE = 5;
/** Bands and event lines closer than this (px) are drawn as one: the page stays small for any number of them. */
const MERGE_PX = 1;
/** A band is drawn at least this wide (px), so an hour's halt on a month-long chart stays visible. */
const MIN_BAND_PX = 2;

/** Coordinate text with one decimal: keeps the SVG small and the output stable. */
function coordinate(value: number): string {
  return String(Math.round(value * 10) / 10);
}

/** Value span of the series (and markers), padded by 5%; zero included for area charts. */
function valueRange(options: SvgChartOptions): [number, number] {
  const { series, markers = [], kind } = options;
  let low = Number.POSITIVE_INFINITY;
  let high = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < series.count; i++) {
    if (series.y[i] < low) low = series.y[i];
    if (series.y[i] > high) high = series.y[i];
  }
  for (const marker of markers) {
    if (marker.value < low) low = marker.value;
    if (marker.value > high) high = marker.value;
  }
  if (kind === 'area') {
    low = Math.min(low, 0);
    high = Math.max(high, 0);
  }
  if (!Number.isFinite(low) || !Number.isFinite(high)) return [0, 1];
  if (high === low) {
    const pad = Math.abs(high) * 0.01 || 0.01;
    return [low - pad, high + pad];
  }
  const pad = (high - low) * 0.05;
  return [kind === 'area' && low === 0 ? 0 : low - pad, kind === 'area' && high === 0 ? 0 : high + pad];
}

/**
 * One chart as inline SVG: grid, date ticks along x, value ticks along y, the series (clipped to
 * the plot area) and optional buy/sell markers. Deterministic for the same options.
 */
export function renderSvgChart(options: SvgChartOptions): string {
  const { id, series, kind, width = 1100, height = 260 } = options;
  const plotLeft = MARGIN.left;
  const plotRight = width - MARGIN.right;
  const plotTop = MARGIN.top;
  const plotBottom = height - MARGIN.bottom;
  let [xStart, xEnd] = options.xRange;
  if (!(xEnd > xStart)) {
    xStart -= 43_200_000;
    xEnd += 43_200_000;
  }
  const [yLow, yHigh] = valueRange(options);
  const xOf = (time: number): number => plotLeft + ((time - xStart) / (xEnd - xStart)) * (plotRight - plotLeft);
  const yOf = (value: number): number => plotBottom - ((value - yLow) / (yHigh - yLow)) * (plotBottom - plotTop);

  const parts: string[] = [
    `<svg class="chart chart-${escapeHtml(id)}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeHtml(options.title)}">`,
    `<defs><clipPath id="clip-${escapeHtml(id)}"><rect x="${plotLeft}" y="${plotTop}" width="${plotRight - plotLeft}" height="${plotBottom - plotTop}"/></clipPath></defs>`,
  ];

  const grid: string[] = [];
  const labels: string[] = [];
  for (const tick of valueTicks(yLow, yHigh, 5, options.formatValue)) {
    const y = coordinate(yOf(tick.value));
    grid.push(`<line x1="${plotLeft}" y1="${y}" x2="${plotRight}" y2="${y}"/>`);
    labels.push(`<text class="y-tick" x="${plotLeft - 6}" y="${y}">${escapeHtml(tick.label)}</text>`);
  }
  for (const tick of timeTicks(xStart, xEnd, 8)) {
    const x = coordinate(xOf(tick.value));
    grid.push(`<line x1="${x}" y1="${plotTop}" x2="${x}" y2="${plotBottom}"/>`);
    labels.push(`<text class="x-tick" x="${x}" y="${plotBottom + 18}">${escapeHtml(tick.label)}</text>`);
  }
  parts.push(`<g class="grid">${grid.join('')}</g>`);
  parts.push(
    `<rect class="frame" x="${plotLeft}" y="${plotTop}" width="${plotRight - plotLeft}" height="${plotBottom - plotTop}"/>`,
  );
  parts.push(`<g class="ticks">${labels.join('')}</g>`);

  const plot: string[] = [];
  plot.push(...bandShapes(options.bands ?? [], xOf, [plotLeft, plotRight], [plotTop, plotBottom]));
  if (series.count === 0) {
    plot.push(`<text class="empty" x="${(plotLeft + plotRight) / 2}" y="${(plotTop + plotBottom) / 2}">No data</text>`);
  } else {
    const points: string[] = new Array(series.count);
    for (let i = 0; i < series.count; i++)
      points[i] = `${coordinate(xOf(series.x[i]))},${coordinate(yOf(series.y[i]))}`;
    if (kind === 'area') {
      const zero = coordinate(yOf(0));
      const first = coordinate(xOf(series.x[0]));
      const last = coordinate(xOf(series.x[series.count - 1]));
      plot.push(`<polygon class="area" points="${first},${zero} ${points.join(' ')} ${last},${zero}"/>`);
    }
    plot.push(`<polyline class="line" points="${points.join(' ')}"/>`);
  }
  for (const marker of options.markers ?? []) plot.push(markerShape(xOf(marker.time), yOf(marker.value), marker.side));
  plot.push(...eventLineShapes(options.eventLines ?? [], xOf, plotTop, plotBottom));
  parts.push(`<g clip-path="url(#clip-${escapeHtml(id)})">${plot.join('')}</g>`);
  parts.push('</svg>');
  return parts.join('');
}

function markerShape(x: number, y: number, side: 'buy' | 'sell'): string {
  const s = MARKER_SIZE;
  const tip = side === 'buy' ? y - s : y + s;
  const base = side === 'buy' ? y + s * 0.8 : y - s * 0.8;
  return `<polygon class="${side}" points="${coordinate(x)},${coordinate(tip)} ${coordinate(x + s)},${coordinate(base)} ${coordinate(x - s)},${coordinate(base)}"/>`;
}

/**
 * Merges items (same `key`) that start within {@link MERGE_PX} of where the previous drawn item
 * ends (`chain`: its growing end, so touching stretches become one) or starts (lines: a drawn line
 * never drifts from its first item). Counts what each drawn item stands for.
 */
function mergeByPixel<T>(
  items: readonly T[],
  span: (item: T) => [number, number],
  key: (item: T) => string,
  chain: boolean,
): { item: T; from: number; to: number; count: number }[] {
  const merged: { item: T; from: number; to: number; count: number }[] = [];
  for (const item of items) {
    const [from, to] = span(item);
    if (!Number.isFinite(from) || !Number.isFinite(to)) continue;
    const last = merged[merged.length - 1];
    if (last !== undefined && key(last.item) === key(item) && from - (chain ? last.to : last.from) < MERGE_PX) {
      last.to = Math.max(last.to, to);
      last.count++;
    } else {
      merged.push({ item, from, to, count: 1 });
    }
  }
  return merged;
}

const moreText = (count: number): string => (count > 1 ? ` (and ${count - 1} more within a pixel)` : '');

/** Bands outside the plot are left out; the rest are clamped to it. */
function bandShapes(
  bands: readonly ChartBand[],
  xOf: (time: number) => number,
  [left, right]: readonly [number, number],
  [top, bottom]: readonly [number, number],
): string[] {
  const inside = bands.filter((band) => xOf(band.end) >= left && xOf(band.start) <= right);
  const clamp = (x: number): number => Math.min(right, Math.max(left, x));
  return mergeByPixel(
    inside,
    (band) => [clamp(xOf(band.start)), clamp(xOf(band.end))],
    (band) => band.kind,
    true,
  ).map(({ item, from, to, count }) => {
    const width = Math.max(MIN_BAND_PX, to - from);
    return (
      `<rect class="band band-${item.kind}" x="${coordinate(from)}" y="${top}" width="${coordinate(width)}" height="${bottom - top}">` +
      `<title>${escapeHtml(item.label + moreText(count))}</title></rect>`
    );
  });
}

function eventLineShapes(
  lines: readonly ChartEventLine[],
  xOf: (time: number) => number,
  top: number,
  bottom: number,
): string[] {
  const s = MARKER_SIZE;
  return mergeByPixel(
    lines,
    (line) => [xOf(line.time), xOf(line.time)],
    () => 'line',
    false,
  ).map(({ item, from, count }) => {
    const x = coordinate(from);
    return (
      `<g class="event-line"><title>${escapeHtml(item.label + moreText(count))}</title>` +
      `<line x1="${x}" y1="${top}" x2="${x}" y2="${bottom}"/>` +
      `<polygon points="${x},${coordinate(top + s * 1.6)} ${coordinate(from + s)},${top} ${coordinate(from - s)},${top}"/></g>`
    );
  });
}

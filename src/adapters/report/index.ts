/**
 * Self-contained HTML run report: inline SVG charts (equity, drawdown, price with fills) and the
 * metrics and settings tables, in one file that needs no network.
 */
export { MAX_CHART_BUCKETS, MAX_FILL_MARKERS, type ReportInput, renderHtmlReport } from './render-html-report.ts';
export type { ChartBand } from './svg-chart.ts';

/**
 * Self-contained HTML run report: inline SVG charts (equity, drawdown, price with fills) and the
 * metrics and settings tables, in one file that needs no network.
 */

export { MAX_REPORT_DAYS, MAX_REPORT_TRADES, type ReportExplanations } from './explanations-section.ts';
export { formatDate, formatNumber, formatPercent } from './format-value.ts';
export { MAX_CHART_BUCKETS, MAX_FILL_MARKERS, type ReportInput, renderHtmlReport } from './render-html-report.ts';
export { renderTableReport, type TableReportInput, type TableReportSection } from './render-table-report.ts';
export type { ChartBand } from './svg-chart.ts';

/** Inline stylesheet of the HTML report: light, system fonts only (nothing fetched). */
export const REPORT_STYLE = `
:root { color-scheme: light; --ink: #1f2933; --muted: #6b7785; --line: #e4e8ee; --accent: #2563eb; --buy: #16a34a; --sell: #dc2626; --halted: #dc2626; --reducing: #d97706; }
* { box-sizing: border-box; }
body { margin: 0; background: #f6f8fb; color: var(--ink); font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
main { max-width: 1180px; margin: 0 auto; padding: 24px 20px 48px; }
header h1 { margin: 0 0 4px; font-size: 22px; font-weight: 600; }
header p { margin: 0; color: var(--muted); }
section { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 14px 16px 10px; margin-top: 16px; }
h2 { margin: 0 0 8px; font-size: 15px; font-weight: 600; }
h3 { margin: 10px 0 4px; font-size: 13px; font-weight: 600; }
table { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; }
th, td { padding: 5px 10px; border-bottom: 1px solid var(--line); text-align: left; }
th { color: var(--muted); font-weight: 500; white-space: nowrap; }
td { font-weight: 600; }
table.metrics td { text-align: right; padding-right: 24px; }
table.settings { max-width: 720px; }
table.settings th { width: 35%; }
table.settings td { font-weight: 500; word-break: break-all; }
tr:last-child th, tr:last-child td { border-bottom: none; }
.caption { margin: 6px 0 0; color: var(--muted); font-size: 12px; }
.legend-buy { color: var(--buy); } .legend-sell { color: var(--sell); }
svg.chart { display: block; width: 100%; height: auto; font-size: 11px; }
svg.chart .grid line { stroke: var(--line); stroke-width: 1; }
svg.chart .frame { fill: none; stroke: #c9d1db; }
svg.chart text { fill: var(--muted); }
svg.chart .x-tick { text-anchor: middle; }
svg.chart .y-tick { text-anchor: end; dominant-baseline: middle; }
svg.chart .empty { text-anchor: middle; font-size: 14px; }
svg.chart .line { fill: none; stroke: var(--accent); stroke-width: 1.3; stroke-linejoin: round; }
svg.chart-drawdown .line { stroke: #b91c1c; stroke-width: 1; }
svg.chart-drawdown .area { fill: rgba(220, 38, 38, 0.18); stroke: none; }
svg.chart-price .line { stroke: #475569; }
svg.chart .buy { fill: var(--buy); stroke: #fff; stroke-width: 0.6; }
svg.chart .sell { fill: var(--sell); stroke: #fff; stroke-width: 0.6; }
svg.chart .band-halted { fill: rgba(220, 38, 38, 0.16); }
svg.chart .band-reducing { fill: rgba(217, 119, 6, 0.16); }
svg.chart .band-bull { fill: rgba(22, 163, 74, 0.12); }
svg.chart .band-bear { fill: rgba(220, 38, 38, 0.10); }
svg.chart .band-range { fill: rgba(100, 116, 139, 0.08); }
.legend-bull { background: rgba(22, 163, 74, 0.25); padding: 0 0.3em; }
.legend-bear { background: rgba(220, 38, 38, 0.2); padding: 0 0.3em; }
.legend-range { background: rgba(100, 116, 139, 0.2); padding: 0 0.3em; }
svg.chart .event-line line { stroke: var(--halted); stroke-width: 1; stroke-dasharray: 3 3; stroke-opacity: 0.5; }
svg.chart .event-line polygon { fill: var(--halted); }
.legend-halted { color: var(--halted); } .legend-reducing { color: var(--reducing); } .legend-kill { color: var(--halted); }
.risk-counts { margin: 0 0 6px; }
ul.risk-why { margin: 0 0 10px; padding-left: 18px; }
ul.risk-why li { margin: 2px 0; }
ul.risk-why li.risk-halted strong { color: var(--halted); } ul.risk-why li.risk-reducing strong { color: var(--reducing); }
ul.explanations { margin: 0 0 8px; padding-left: 18px; font-size: 12px; }
ul.explanations li { margin: 2px 0; }
table.risk-events { font-size: 12px; }
table.risk-events td { font-weight: 500; vertical-align: top; }
table.risk-events td:first-child { white-space: nowrap; }
table.risk-events td:last-child { word-break: break-word; }
table.risk-events tr.risk-halted td, table.risk-events tr.risk-breach td { background: rgba(220, 38, 38, 0.07); }
table.risk-events tr.risk-reducing td { background: rgba(217, 119, 6, 0.08); }
table.risk-events tr.risk-resumed td { background: rgba(22, 163, 74, 0.06); }
`;

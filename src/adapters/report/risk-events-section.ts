import type { RiskEvent } from '../../core/risk/index.ts';
import { scopeKey } from '../../core/risk/index.ts';
import { escapeHtml } from './escape-html.ts';
import { foldRiskEvents, type RiskTableRow } from './fold-risk-events.ts';
import { formatDuration, formatNumber } from './format-value.ts';
import { causeOf, describeRiskEvent, explainRestriction, timeText } from './risk-event-text.ts';
import type { ChartBand, ChartEventLine } from './svg-chart.ts';
import { tradingStateBands } from './trading-state-bands.ts';

/** At most this many rows in the risk table (after folding repeated denials); the caption says how many were left out. */
export const MAX_RISK_ROWS = 300;
/** At most this many restrictions (changes to HALTED or REDUCING) are explained in words above the table. */
export const MAX_RESTRICTIONS_EXPLAINED = 20;

type StateChange = Extract<RiskEvent, { type: 'TradingStateChanged' }>;

const count = (value: number, singular: string, plural = `${singular}s`): string =>
  `${formatNumber(value, 0)} ${value === 1 ? singular : plural}`;

/** What the equity chart draws for the risk audit: restricted stretches, kill-switch lines and their legend. */
export interface RiskChartOverlays {
  readonly bands: ChartBand[];
  readonly eventLines: ChartEventLine[];
  /** Legend of the overlays as HTML (empty when there are none). */
  readonly caption: string;
}

/**
 * The equity chart's overlays: a shaded band wherever trading was HALTED (red) or REDUCING (amber)
 * in some scope, a restriction still in force running to `end`; a line at each kill-switch breach
 * (daily drawdown or manual).
 */
export function riskChartOverlays(events: readonly RiskEvent[], end: number): RiskChartOverlays {
  const bands: ChartBand[] = tradingStateBands(events, end).map((band) => ({
    start: band.start,
    end: band.end,
    kind: band.state === 'HALTED' ? 'halted' : 'reducing',
    label: `${band.state} ${timeText(band.start)} → ${timeText(band.end, band.start)}: ${band.reason}`,
  }));
  const eventLines: ChartEventLine[] = [];
  for (const event of events) {
    if (event.type !== 'DailyDrawdownBreached' && event.type !== 'KillSwitchActivated') continue;
    const text = describeRiskEvent(event);
    eventLines.push({ time: event.timestamp, label: `${timeText(event.timestamp)} ${text.event}: ${text.detail}` });
  }
  const legend: string[] = [];
  if (bands.some((band) => band.kind === 'halted'))
    legend.push('<span class="legend-halted">■ red bands: trading HALTED</span>');
  if (bands.some((band) => band.kind === 'reducing'))
    legend.push('<span class="legend-reducing">■ amber bands: REDUCING only</span>');
  if (eventLines.length > 0)
    legend.push(
      `<span class="legend-kill">▼ lines: ${count(eventLines.length, 'kill-switch breach', 'kill-switch breaches')}</span>`,
    );
  return {
    bands,
    eventLines,
    caption: legend.length > 0 ? `<p class="caption">${legend.join(', ')} (details under Risk events).</p>` : '',
  };
}

/**
 * The report's "Risk events" section: the counts; each restriction (a change to HALTED or
 * REDUCING) explained in words — when, which scope, for how long, and why with the numbers
 * (`DAILY_DRAWDOWN: drawdown 5.3% from the day's high 103,210.00 ≥ limit 5%`); then the table of
 * events with repeated denials folded (see `foldRiskEvents`) and at most {@link MAX_RISK_ROWS}
 * rows. `end` is the end of the run (a restriction still in force lasts until it). All text escaped.
 */
export function renderRiskEventsSection(events: readonly RiskEvent[], end: number): string {
  const head = '<section id="risk-events"><h2>Risk events</h2>';
  if (events.length === 0)
    return `${head}<p class="caption">No risk events: no order was denied and trading was never restricted.</p></section>`;
  let denied = 0;
  let halts = 0;
  let reductions = 0;
  for (const event of events) {
    if (event.type === 'OrderDenied') denied++;
    else if (event.type === 'TradingStateChanged' && event.to === 'HALTED') halts++;
    else if (event.type === 'TradingStateChanged' && event.to === 'REDUCING') reductions++;
  }
  const counts = [count(halts, 'trading halt'), count(denied, 'order denied', 'orders denied')];
  if (reductions > 0) counts.splice(1, 0, count(reductions, 'change to REDUCING', 'changes to REDUCING'));
  const folded = foldRiskEvents(events, MAX_RISK_ROWS);
  return [
    head,
    `<p class="risk-counts">${escapeHtml(`${counts.join(', ')}; ${count(events.length, 'risk event')} in all.`)}</p>`,
    renderRestrictions(events, end),
    '<table class="risk-events"><thead><tr><th>Time (UTC)</th><th>Event</th><th>Scope</th><th>State</th><th>Reason</th><th>Detail</th></tr></thead>',
    `<tbody>${folded.rows.map(renderRow).join('')}</tbody></table>`,
    foldCaption(folded),
    '</section>',
  ].join('');
}

/** Each change to HALTED or REDUCING in words, with its cause, duration and end. */
function renderRestrictions(events: readonly RiskEvent[], end: number): string {
  // A cause (breach, trip, kill switch) is recorded at the same time and scope as the change it makes.
  const causes = new Map<string, RiskEvent[]>();
  for (const event of events) {
    const cause = causeOf(event);
    if (cause === undefined) continue;
    const key = `${event.timestamp}|${cause.scope}`;
    causes.set(key, [...(causes.get(key) ?? []), event]);
  }
  const causeFor = (change: StateChange): RiskEvent | undefined => {
    const candidates = causes.get(`${change.timestamp}|${scopeKey(change.scope)}`) ?? [];
    return candidates.find((c) => causeOf(c)?.reason === change.reason) ?? candidates[0];
  };
  const changes = events.filter((e): e is StateChange => e.type === 'TradingStateChanged');
  const restrictions: number[] = [];
  for (let i = 0; i < changes.length && restrictions.length <= MAX_RESTRICTIONS_EXPLAINED; i++)
    if (changes[i]!.to !== 'ACTIVE') restrictions.push(i);
  let total = 0;
  for (const change of changes) if (change.to !== 'ACTIVE') total++;
  if (total === 0) return '';
  const items = restrictions.slice(0, MAX_RESTRICTIONS_EXPLAINED).map((index) => {
    const change = changes[index]!;
    const scope = scopeKey(change.scope);
    // The scope's next change away from this state ends it (a later, stricter state also does).
    const lifted = changes.find((next, j) => j > index && scopeKey(next.scope) === scope && next.from === change.to);
    const stop = lifted?.timestamp ?? end;
    const span =
      lifted === undefined
        ? `still ${change.to} at the end of the run (${formatDuration(stop - change.timestamp)})`
        : `for ${formatDuration(stop - change.timestamp)}, until ${timeText(stop, change.timestamp)} (${lifted.reason} → ${lifted.to})`;
    const why = explainRestriction(change, causeFor(change));
    const css = change.to === 'HALTED' ? 'risk-halted' : 'risk-reducing';
    return (
      `<li class="${css}"><strong>${escapeHtml(timeText(change.timestamp))}</strong> ` +
      `${escapeHtml(`${scope} ${change.from} → ${change.to} ${span}. Why: ${why}`)}</li>`
    );
  });
  const more = total - items.length;
  const tail =
    more > 0
      ? `<p class="caption">…and ${escapeHtml(count(more, 'more restriction'))}: see the table below and the run&#39;s risk.log.jsonl.</p>`
      : '';
  return `<h3>Why trading was restricted</h3><ul class="risk-why">${items.join('')}</ul>${tail}`;
}

/** Row class: what the row did to trading, for its color. */
function rowClass(event: RiskEvent): string {
  if (event.type === 'TradingStateChanged')
    return event.to === 'ACTIVE' ? 'risk-resumed' : `risk-${event.to.toLowerCase()}`;
  if (event.type === 'DailyDrawdownBreached' || event.type === 'KillSwitchActivated') return 'risk-breach';
  if (event.type === 'OrderDenied') return 'risk-denied';
  return 'risk-other';
}

function renderRow(row: RiskTableRow): string {
  const text = describeRiskEvent(row.event);
  const first = row.event.timestamp;
  const time = row.count > 1 ? `${timeText(first)} → ${timeText(row.lastTime, first)}` : timeText(first);
  const event = row.count > 1 ? `${text.event} ×${formatNumber(row.count, 0)}` : text.event;
  const detail = row.count > 1 ? `${formatNumber(row.count, 0)} orders; the first: ${text.detail}` : text.detail;
  const cells = [time, event, text.scope, text.state, text.reason, detail].map(
    (cell) => `<td>${escapeHtml(cell)}</td>`,
  );
  return `<tr class="${rowClass(row.event)}">${cells.join('')}</tr>`;
}

function foldCaption(folded: ReturnType<typeof foldRiskEvents>): string {
  const notes: string[] = [];
  if (folded.denials > folded.denialRows)
    notes.push(
      `${count(folded.denials, 'order denied', 'orders denied')} are shown in ${count(folded.denialRows, 'row')}: ` +
        'denials with the same reason, strategy and instrument and no other risk event between them share one row ' +
        '(their count, first and last time, and the first one’s detail).',
    );
  if (folded.hiddenRows > 0)
    notes.push(
      `Showing the first ${formatNumber(folded.rows.length, 0)} of ${formatNumber(folded.totalRows, 0)} rows; ` +
        `the other ${count(folded.hiddenRows, 'row')} (${count(folded.hiddenEvents, 'event')}) are left out here — risk.log.jsonl in the run directory lists every event.`,
    );
  return notes.map((note) => `<p class="caption">${escapeHtml(note)}</p>`).join('');
}

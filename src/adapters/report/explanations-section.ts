import { escapeHtml } from './escape-html.ts';
import { formatNumber } from './format-value.ts';

/** The run's explanations as the report shows them: the text of each day and each trade, in order. */
export interface ReportExplanations {
  readonly days: readonly { readonly day: string; readonly text: string }[];
  readonly trades: readonly { readonly trade: number; readonly text: string }[];
  /** Where every explanation is kept, named in the caption (default `explanations.jsonl`). */
  readonly file?: string;
}

/** At most this many day explanations are shown (the last ones); the caption says how many were left out. */
export const MAX_REPORT_DAYS = 400;
/** At most this many trade explanations are shown (the last ones). */
export const MAX_REPORT_TRADES = 200;

const count = (value: number, singular: string): string =>
  `${formatNumber(value, 0)} ${value === 1 ? singular : `${singular}s`}`;

function list<T extends { readonly text: string }>(
  items: readonly T[],
  max: number,
  noun: string,
  file: string,
): string {
  if (items.length === 0) return `<p class="caption">No ${noun}s.</p>`;
  const shown = items.slice(Math.max(0, items.length - max));
  const left = items.length - shown.length;
  const caption =
    left > 0
      ? `<p class="caption">The last ${count(shown.length, noun)} of ${formatNumber(items.length, 0)}; ` +
        `${count(left, noun)} left out here — ${escapeHtml(file)} has them all.</p>`
      : '';
  return `${caption}<ul class="explanations">${shown.map((item) => `<li>${escapeHtml(item.text)}</li>`).join('')}</ul>`;
}

/**
 * The "Trades and days explained" section: each UTC day's explanation, then each trade's, capped
 * at the last {@link MAX_REPORT_DAYS} days and {@link MAX_REPORT_TRADES} trades so the page stays
 * small (the caption says how many are left out and where they all are). Absent input: no
 * section (the empty string).
 */
export function renderExplanationsSection(explanations: ReportExplanations | undefined): string {
  if (explanations === undefined) return '';
  const file = explanations.file ?? 'explanations.jsonl';
  return (
    '<section><h2>Trades and days explained</h2>' +
    `<p class="caption">${count(explanations.days.length, 'day')} and ${count(explanations.trades.length, 'trade')} ` +
    `in words (UTC; PnL after fees); ${escapeHtml(file)} also keeps the facts of each as fields.</p>` +
    `<h3>Days</h3>${list(explanations.days, MAX_REPORT_DAYS, 'day', file)}` +
    `<h3>Trades</h3>${list(explanations.trades, MAX_REPORT_TRADES, 'trade', file)}` +
    '</section>'
  );
}

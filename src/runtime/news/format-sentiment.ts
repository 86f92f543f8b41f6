import { alignTable } from '../files/align-table.ts';
import type { NewsInputReport } from './read-news-inputs.ts';
import type { SentimentResult } from './run-sentiment.ts';

/** A run as printed or as JSON, with the inputs read. */
export type SentimentReport = SentimentResult & { readonly inputs: readonly NewsInputReport[] };

const iso = (ms: number | undefined) => (ms === undefined ? null : new Date(ms).toISOString());
const utc = (ms: number) => new Date(ms).toISOString().slice(0, 16).replace('T', ' ');
const plural = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;
const signed = (x: number) => `${x >= 0 ? '+' : ''}${x.toFixed(3)}`;

/** `lexicon`, `model`, `external`: the kind of a `method` (the header line names the classifier in full). */
const methodKind = (method: string) => method.split(':')[0]!;

/** `text` cut to `max` characters with an ellipsis. */
export function shorten(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** A duration in the largest whole unit: `6h`, `90m`, `1500ms`. */
export function formatDuration(ms: number): string {
  for (const [unit, size] of [
    ['d', 86_400_000],
    ['h', 3_600_000],
    ['m', 60_000],
    ['s', 1000],
  ] as const)
    if (ms % size === 0) return `${ms / size}${unit}`;
  return `${ms}ms`;
}

/** The report as one JSON-ready object (times ISO 8601 UTC). */
export function sentimentReportJson(report: SentimentReport, eventsOut?: { path: string; events: number }) {
  return {
    at: iso(report.at),
    classifier: report.classifier,
    half_life_ms: report.halfLifeMs,
    window_ms: report.windowMs,
    inputs: report.inputs,
    headlines: report.headlines.map(({ headline, sentiment }) => ({
      id: headline.id,
      published_at: iso(headline.publishedAt),
      source: headline.source,
      symbols: headline.symbols ?? [],
      title: headline.title,
      ...(headline.url === undefined ? {} : { url: headline.url }),
      score: sentiment.score,
      confidence: sentiment.confidence,
      method: sentiment.method,
      ...(sentiment.fallback === undefined ? {} : { fallback: sentiment.fallback }),
      ...(sentiment.truncated === true ? { truncated: true } : {}),
    })),
    pending: report.pending.map((headline) => ({
      id: headline.id,
      published_at: iso(headline.publishedAt),
      source: headline.source,
      symbols: headline.symbols ?? [],
      title: headline.title,
    })),
    symbols: report.symbols.map((s) => ({
      symbol: s.symbol,
      score: s.score,
      count: s.count,
      outliers: s.outliers,
      pending: s.pending,
      weight: s.weight,
      latest_headline_at: iso(s.latestHeadlineAt),
    })),
    dropped: report.dropped,
    refused: report.refused,
    ...(eventsOut === undefined ? {} : { events_out: eventsOut }),
  };
}

/** The accepted headlines, the per-symbol table and what was left out, as plain text. */
export function formatSentimentReport(report: SentimentReport): string {
  const lines: string[] = [];
  const at = report.at === undefined ? 'no headline time' : `${utc(report.at)} UTC`;
  lines.push(
    `sentiment at ${at} · ${report.classifier} · half-life ${formatDuration(report.halfLifeMs)} · window ${formatDuration(report.windowMs)}`,
    '',
  );
  if (report.headlines.length === 0) lines.push('no relevant headline classified', '');
  else {
    const rows = report.headlines.map(({ headline, sentiment }) => [
      utc(headline.publishedAt),
      shorten(headline.source, 24),
      (headline.symbols ?? []).join(','),
      signed(sentiment.score),
      sentiment.confidence.toFixed(2),
      methodKind(sentiment.method) + (sentiment.fallback === undefined ? '' : ' (fallback)'),
      shorten(headline.title, 60),
    ]);
    lines.push(
      alignTable(
        ['time (UTC)', 'source', 'symbols', 'score', 'conf', 'method', 'title'],
        rows,
        new Set([3, 4]),
      ).trimEnd(),
      '',
    );
  }
  const fallbacks = report.headlines.filter(({ sentiment }) => sentiment.fallback !== undefined);
  if (fallbacks.length > 0) {
    const reasons = [...new Set(fallbacks.map(({ sentiment }) => sentiment.fallback!))];
    lines.push(`${fallbacks.length} scored by the lexicon because the model's answer was not usable:`);
    for (const reason of reasons.slice(0, 3)) lines.push(`  ${shorten(reason, 160)}`);
    if (reasons.length > 3) lines.push(`  … and ${reasons.length - 3} other reasons (--json lists each)`);
    lines.push('');
  }
  if (report.pending.length > 0) {
    lines.push(`pending (not classified yet, not counted): ${report.pending.length}`);
    const rows = report.pending
      .slice(0, 20)
      .map((h) => [utc(h.publishedAt), shorten(h.source, 24), (h.symbols ?? []).join(','), shorten(h.title, 60)]);
    lines.push(alignTable(['time (UTC)', 'source', 'symbols', 'title'], rows).trimEnd());
    if (report.pending.length > 20) lines.push(`… and ${report.pending.length - 20} more (--json lists each)`);
    lines.push('');
  }
  lines.push(
    alignTable(
      ['symbol', 'score', 'headlines', 'outliers', 'pending', 'weight'],
      report.symbols.map((s) => [
        s.symbol,
        signed(s.score),
        String(s.count),
        String(s.outliers),
        String(s.pending),
        s.weight.toFixed(3),
      ]),
      new Set([1, 2, 3, 4, 5]),
    ).trimEnd(),
    '',
  );
  const { duplicates, irrelevant, overflow, later } = report.dropped;
  const refusedEntries = report.inputs.flatMap((input) =>
    input.refused.map((entry) =>
      entry.element.includes(input.location)
        ? `${entry.element}: ${entry.reason}`
        : `${input.location}: ${entry.element}: ${entry.reason}`,
    ),
  );
  lines.push(
    `read ${plural(
      report.inputs.reduce((n, input) => n + input.headlines, 0),
      'headline',
    )} from ${plural(report.inputs.length, 'input')}; ` +
      `left out ${plural(duplicates, 'duplicate')}, ${irrelevant} about no watched symbol, ${later} published after --at` +
      (overflow > 0 ? `, ${overflow} over the queue's capacity` : '') +
      `; ${report.pending.length} pending`,
  );
  for (const entry of refusedEntries) lines.push(`refused entry: ${entry}`);
  for (const r of report.refused) lines.push(`refused classification: ${r.headlineId}: ${r.detail}`);
  return `${lines.join('\n')}\n`;
}

import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { formatDuration, formatSentimentReport, sentimentReportJson, shorten } from './format-sentiment.ts';
import { runSentiment } from './run-sentiment.ts';

const fixture = (name: string) => fileURLToPath(new URL(`../../../test/fixtures/news/${name}`, import.meta.url));
const WATCH = { BTC: ['bitcoin', 'btc'], ETH: ['ether', 'ethereum'], ORCL: [] };

describe('the sentiment report', () => {
  it('as JSON: every accepted headline with its method, every symbol, every refused entry, times in ISO UTC', async () => {
    const report = await runSentiment({ feeds: [fixture('example-rss.xml')] }, { symbols: WATCH, classifyLimit: 4 });
    const json = JSON.parse(JSON.stringify(sentimentReportJson(report, { path: 'x.jsonl', events: 3 })));
    expect(json.at).toBe(new Date(report.at!).toISOString());
    expect(json.headlines.map((h: { id: string }) => h.id)).toEqual(
      report.headlines.map(({ headline }) => headline.id),
    );
    for (const [i, h] of json.headlines.entries()) {
      const { headline, sentiment } = report.headlines[i]!;
      expect(h).toMatchObject({
        published_at: new Date(headline.publishedAt).toISOString(),
        score: sentiment.score,
        confidence: sentiment.confidence,
        method: sentiment.method,
        symbols: headline.symbols,
      });
    }
    expect(json.pending.map((h: { id: string }) => h.id)).toEqual(report.pending.map((h) => h.id));
    expect(json.symbols.map((s: { symbol: string; pending: number }) => [s.symbol, s.pending])).toEqual(
      report.symbols.map((s) => [s.symbol, s.pending]),
    );
    expect(json.inputs[0].refused, 'the item without a date').toHaveLength(1);
    expect(json.events_out).toEqual({ path: 'x.jsonl', events: 3 });
  });

  it('as text: one row per headline, the symbol table, what was left out and each refused entry', async () => {
    const report = await runSentiment({ feeds: [fixture('example-rss.xml')] }, { symbols: WATCH, classifyLimit: 4 });
    const text = formatSentimentReport(report);
    for (const { headline } of report.headlines) expect(text).toContain(shorten(headline.title, 60));
    expect(text).toContain(`; ${report.pending.length} pending`);
    expect(report.pending.length, 'the limit left some waiting').toBeGreaterThan(0);
    expect(text).toContain(`pending (not classified yet, not counted): ${report.pending.length}`);
    for (const headline of report.pending) expect(text).toContain(shorten(headline.title, 60));
    expect(text).toContain(`left out ${report.dropped.duplicates} duplicate`);
    expect(text).toMatch(/refused entry: .*example-rss\.xml:\d+: <item> 4 .*no <pubDate>/);
    expect(text.split('\n').filter((line) => /^(BTC|ETH|ORCL) /.test(line))).toHaveLength(3);
  });

  it('formats durations and shortens titles', () => {
    expect([formatDuration(6 * 3_600_000), formatDuration(90 * 60_000), formatDuration(1500)]).toEqual([
      '6h',
      '90m',
      '1500ms',
    ]);
    expect(shorten('abcdef', 4)).toBe('abc…');
    expect(shorten('abc', 4)).toBe('abc');
  });
});

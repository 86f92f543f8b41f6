import { describe, expect, it } from 'vitest';
import { MAX_REPORT_DAYS, MAX_REPORT_TRADES, renderExplanationsSection } from './explanations-section.ts';

const days = (n: number) =>
  Array.from({ length: n }, (_, i) => ({
    day: new Date(Date.UTC(2020, 0, 1) + i * 86_400_000).toISOString().slice(0, 10),
    text: `day ${i + 1} <b>`,
  }));
const trades = (n: number) => Array.from({ length: n }, (_, i) => ({ trade: i + 1, text: `Trade ${i + 1}: ok` }));

describe('the "Trades and days explained" report section', () => {
  it('lists every day and trade when few, escaped', () => {
    const html = renderExplanationsSection({ days: days(3), trades: trades(2) });
    expect(html).toContain('<h2>Trades and days explained</h2>');
    expect(html).toContain('3 days and 2 trades in words');
    expect(html).toContain('<li>day 1 &lt;b&gt;</li>');
    expect(html.match(/<li>/g)?.length).toBe(5);
    expect(html).not.toContain('left out');
  });

  it('shows the last days and trades beyond the caps and says how many are left out and where they are', () => {
    const extraDays = 7;
    const extraTrades = 11;
    const html = renderExplanationsSection({
      days: days(MAX_REPORT_DAYS + extraDays),
      trades: trades(MAX_REPORT_TRADES + extraTrades),
      file: 'explanations.jsonl',
    });
    expect(html.match(/<li>/g)?.length).toBe(MAX_REPORT_DAYS + MAX_REPORT_TRADES);
    expect(html).toContain(`${extraDays} days left out here — explanations.jsonl has them all.`);
    expect(html).toContain(`${extraTrades} trades left out here — explanations.jsonl has them all.`);
    expect(html, 'the first trades are the ones left out').not.toContain(`<li>Trade ${extraTrades}: ok</li>`);
    expect(html).toContain(`<li>Trade ${extraTrades + 1}: ok</li>`);
    expect(html).toContain(`<li>Trade ${MAX_REPORT_TRADES + extraTrades}: ok</li>`);
  });

  it('says so when a run has no trades, and renders nothing without explanations', () => {
    expect(renderExplanationsSection({ days: days(1), trades: [] })).toContain('No trades.');
    expect(renderExplanationsSection(undefined)).toBe('');
  });
});

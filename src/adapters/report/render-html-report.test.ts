import { describe, expect, it } from 'vitest';
import type { PerformanceMetrics } from '../../core/analysis/index.ts';
import { MAX_FILL_MARKERS, type ReportInput, renderHtmlReport } from './render-html-report.ts';

const DAY = 86_400_000;
const MINUTE = 60_000;
const T0 = Date.UTC(2024, 0, 1);

const METRICS: PerformanceMetrics = {
  total_return: 0.1234,
  cagr: 0.5678,
  annualized_volatility: 0.4321,
  sharpe: 1.5,
  sortino: 2.25,
  calmar: 3.125,
  max_drawdown: 0.1875,
  max_drawdown_duration_ms: 2 * DAY + 4 * 3_600_000,
  turnover: 12.5,
  hit_rate: 0.55,
  profit_factor: Number.MAX_SAFE_INTEGER,
  average_trade: 1234.5,
  exposure_time: 0.75,
  fees_paid: 98.76,
  trades: 42,
  start: T0,
  end: T0 + 9 * DAY,
};

function series(length: number, step: number, value: (index: number) => number) {
  const timestamps = new Float64Array(length);
  const values = new Float64Array(length);
  for (let i = 0; i < length; i++) {
    timestamps[i] = T0 + i * step;
    values[i] = value(i);
  }
  return { timestamps, values };
}

function report(overrides: Partial<ReportInput> = {}, length = 10, step = DAY): ReportInput {
  const equity = series(length, step, (i) => 10_000 + 100 * Math.sin(i / 3) + i);
  const price = series(length, step, (i) => 40_000 + 500 * Math.cos(i / 5));
  return {
    title: 'EMA cross on BTCUSDT',
    runId: 'run-0001',
    generatedAt: '2024-02-01T00:00:00Z',
    metrics: METRICS,
    settings: { strategy: 'ema-cross', fast: 12, slow: 26, shorting: false },
    equity: { timestamps: equity.timestamps, equity: equity.values, length },
    price: { timestamps: price.timestamps, close: price.values, length, symbol: 'BTCUSDT' },
    fills: [
      { timestamp: T0 + DAY, side: 'buy', price: 40_100, quantity: 0.1 },
      { timestamp: T0 + 3 * DAY, side: 'sell', price: 40_300, quantity: 0.1 },
      { timestamp: T0 + 4 * DAY, side: 'buy', price: 39_900, quantity: 0.2 },
      { timestamp: T0 + 6 * DAY, side: 'buy', price: 39_800, quantity: 0.1 },
      { timestamp: T0 + 8 * DAY, side: 'sell', price: 40_200, quantity: 0.3 },
    ],
    ...overrides,
  };
}

const count = (text: string, needle: string): number => text.split(needle).length - 1;

describe('renderHtmlReport', () => {
  it('draws one inline SVG per chart: equity, drawdown, price', () => {
    const html = renderHtmlReport(report());
    expect(count(html, '<svg'), 'three charts').toBe(3);
    for (const chart of ['chart-equity', 'chart-drawdown', 'chart-price']) expect(html).toContain(chart);
    expect(html, 'the drawdown is a filled area').toMatch(/<polygon class="area"/);
    expect(html, 'date ticks').toContain('>2024-01-04</text>');
  });

  it('measures the drawdown from the starting equity, as the metrics do', () => {
    const rising = series(10, DAY, (i) => 9_000 + i * 10);
    const input = report({ equity: { timestamps: rising.timestamps, equity: rising.values, length: 10 } });
    const drawdownOf = (html: string) => {
      const start = html.indexOf('<svg class="chart chart-drawdown');
      return html.slice(start, html.indexOf('</svg>', start));
    };
    const fromFirstPoint = drawdownOf(renderHtmlReport(input));
    const fromStart = drawdownOf(renderHtmlReport({ ...input, initialEquity: 10_000 }));
    expect(fromStart, 'a run that starts 10% under its starting cash is in drawdown from its first point').not.toBe(
      fromFirstPoint,
    );
    expect(
      drawdownOf(renderHtmlReport({ ...input, initialEquity: 9_000 })),
      'no drawdown when it starts at the peak',
    ).toBe(fromFirstPoint);
  });

  it('shows the formatted metrics and the settings', () => {
    const html = renderHtmlReport(report());
    for (const text of ['12.34%', '56.78%', '43.21%', '1.50', '2.25', '3.13', '18.75%', '2d 4h', '12.50×', '55.00%']) {
      expect(html).toContain(`>${text}</td>`);
    }
    expect(html, 'a capped profit factor reads as infinite').toContain('data-metric="profit_factor">∞</td>');
    expect(html).toContain('data-metric="average_trade">1,234.50</td>');
    expect(html).toContain('data-metric="trades">42</td>');
    expect(html).toContain('data-metric="start">2024-01-01 00:00</td>');
    expect(html).toContain('<th scope="row">slow</th><td>26</td>');
    expect(html).toContain('<th scope="row">shorting</th><td>false</td>');
  });

  it('escapes every caller string', () => {
    const html = renderHtmlReport(
      report({
        title: '<script>alert("x")</script>',
        runId: '"><img src=x onerror=alert(1)>',
        settings: { '<b>key</b>': "it's <i>bad</i> & worse" },
        price: { ...report().price, symbol: '<svg onload=alert(1)>' },
      }),
    );
    expect(html).not.toContain('<script');
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<b>');
    expect(html).not.toContain('<svg onload');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(html).toContain('it&#39;s &lt;i&gt;bad&lt;/i&gt; &amp; worse');
  });

  it('references nothing outside the file', () => {
    const html = renderHtmlReport(report());
    expect(html).not.toMatch(/https?:\/\//);
    expect(html).not.toMatch(/<script|<link|<img|@import|url\((?!#)/);
  });

  it('draws one green up / red down marker per fill', () => {
    const html = renderHtmlReport(report());
    expect(count(html, '<polygon class="buy"')).toBe(3);
    expect(count(html, '<polygon class="sell"')).toBe(2);
    expect(html).toContain('5 fills');
  });

  it(`draws at most ${MAX_FILL_MARKERS} markers and says so`, () => {
    const fills = Array.from({ length: 5000 }, (_, i) => ({
      timestamp: T0 + i * MINUTE,
      side: i % 2 === 0 ? ('buy' as const) : ('sell' as const),
      price: 40_000,
      quantity: 1,
    }));
    const html = renderHtmlReport(report({ fills }, 6000, MINUTE));
    const drawn = count(html, '<polygon class="buy"') + count(html, '<polygon class="sell"');
    expect(drawn).toBeLessThanOrEqual(MAX_FILL_MARKERS);
    expect(drawn).toBeGreaterThan(MAX_FILL_MARKERS / 2);
    expect(html).toContain(`markers drawn for ${drawn.toLocaleString('en-US')} of them`);
  });

  it('stays small with 1,000,000 points per series', () => {
    const html = renderHtmlReport(report({}, 1_000_000, MINUTE));
    expect(html.length, 'bounded by the bucket count, not the series length').toBeLessThan(400_000);
    expect(html).toContain('1,000,000 points');
  });

  it('is deterministic and survives empty series', () => {
    expect(renderHtmlReport(report())).toBe(renderHtmlReport(report()));
    const empty = renderHtmlReport(report({ fills: [] }, 0));
    expect(count(empty, 'No data')).toBe(3);
    expect(empty).not.toContain('NaN');
  });
});

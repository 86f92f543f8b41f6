import { beforeAll, describe, expect, it } from 'vitest';
import { AlwaysLong, BTC_PERP as BTC, BTC_PERP_SAMPLE as SAMPLE } from '../../../test/support/btc-perp.ts';
import { computePerformance } from '../../core/analysis/index.ts';
import { BacktestEngine, type BacktestResult } from '../../core/kernel/index.ts';
import { clientOrderId, instrumentId, strategyId } from '../../core/model/ids.ts';
import { GLOBAL_SCOPE, type RiskEvent } from '../../core/risk/index.ts';
import { loadBars } from '../data/index.ts';
import { renderHtmlReport } from './render-html-report.ts';
import { MAX_RESTRICTIONS_EXPLAINED, MAX_RISK_ROWS, renderRiskEventsSection } from './risk-events-section.ts';

const MINUTE = 60_000;

/** Checks a long text (the report) holds `needle`; a failure names the needle, not the whole page. */
function expectIn(text: string, needle: string, message: string): void {
  const at = text.indexOf(needle.slice(0, 12));
  expect(
    text.includes(needle),
    `${message}; expected: ${needle}; near: ${at < 0 ? '(nothing)' : text.slice(at, at + needle.length + 40)}`,
  ).toBe(true);
}
const count = (text: string, needle: string): number => text.split(needle).length - 1;
const between = (text: string, start: string, end: string): string => {
  const from = text.indexOf(start);
  return from < 0 ? '' : text.slice(from, text.indexOf(end, from));
};

/**
 * Thousands of denials from a real run: 31 days of FTX BTC-PERP 1-minute bars (January 2022),
 * long 2 BTC on 100,000 with a 1% daily drawdown rail and a 60-minute cooldown. The rail fires
 * about 170 times and the strategy is refused every minute of every cooldown (about 12,000 times).
 */
describe('risk events of a real run with thousands of denials', () => {
  let result: BacktestResult;
  let html: string;
  beforeAll(async () => {
    const series = (await loadBars({ path: SAMPLE, instrumentId: BTC.id, timeframe: '1m' })).series;
    const engine = new BacktestEngine({
      startingCash: 100_000,
      baseCurrency: 'USD',
      accountType: 'margin',
      seed: 1,
      risk: { dailyDrawdown: { limit: 0.01, cooldownMs: 60 * MINUTE } },
    });
    engine.addInstrument(BTC);
    engine.addStrategy(new AlwaysLong(), 'LONG');
    engine.processBars(series);
    result = engine.finish();
    const metrics = computePerformance({
      ...result.equity,
      initialEquity: result.initialEquity,
      periodsPerYear: 365,
      roundTrips: result.roundTrips,
      feesPaid: result.feesPaid,
      tradedNotional: result.tradedNotional,
      stepsInMarket: result.stepsInMarket,
    });
    html = renderHtmlReport({
      title: 'Always long on BTC-PERP',
      runId: 'risk',
      metrics,
      settings: {},
      initialEquity: result.initialEquity,
      equity: result.equity,
      price: { timestamps: series.timestamp, close: series.close, length: series.length, symbol: 'BTC-PERP' },
      fills: [],
      riskEvents: result.riskEvents,
    });
  });

  it('folds the denials of each halt into one row and shows at most the row cap, saying what was left out', () => {
    const denials = result.riskEvents.filter((e) => e.type === 'OrderDenied').length;
    expect(denials, 'the strategy is refused thousands of times').toBeGreaterThan(5000);
    // Worked out independently: one strategy and instrument, so the rows of denials are the distinct
    // reasons of each unbroken run of denials (TRADING_HALTED in a halt; INSUFFICIENT_MARGIN once
    // losses leave less buying power than 2 BTC cost).
    let runs = 0;
    let reasons = new Set<string>();
    for (const event of [...result.riskEvents, undefined]) {
      if (event?.type === 'OrderDenied') reasons.add(event.reason);
      else {
        runs += reasons.size;
        reasons = new Set();
      }
    }
    const others = result.riskEvents.length - denials;
    expect(others + runs, 'more rows than the cap, so the cap is exercised').toBeGreaterThan(MAX_RISK_ROWS);

    const table = between(html, '<table class="risk-events">', '</table>');
    expect(count(table, '<tr class='), 'rows shown').toBe(MAX_RISK_ROWS);
    expectIn(
      html,
      `${denials.toLocaleString('en-US')} orders denied are shown in ${runs.toLocaleString('en-US')} rows: `,
      'how many denials were folded, and into how many rows',
    );
    expectIn(
      html,
      `Showing the first ${MAX_RISK_ROWS} of ${(others + runs).toLocaleString('en-US')} rows; the other ${(others + runs - MAX_RISK_ROWS).toLocaleString('en-US')} rows`,
      'how many rows were left out',
    );
    const halted = [
      ...table.matchAll(/Order denied ×(\d+)<\/td><td>strategy:LONG<\/td><td><\/td><td>TRADING_HALTED</g),
    ];
    expect(halted.length, 'folded rows of TRADING_HALTED denials').toBeGreaterThan(10);
    const largest = Math.max(...halted.map((m) => Number(m[1])));
    expect(largest, 'a 60-minute halt folds at most 60 one-minute retries').toBeLessThanOrEqual(60);
    expect(largest, 'and close to that many').toBeGreaterThan(50);
    expect(html.length, 'the page stays small').toBeLessThan(1_000_000);
  });

  it('explains the first halts in words and marks every halt on the equity chart', () => {
    const halts = result.riskEvents.filter((e) => e.type === 'TradingStateChanged' && e.to === 'HALTED').length;
    const why = between(html, '<ul class="risk-why">', '</ul>');
    expect(count(why, '<li class="risk-halted">')).toBe(MAX_RESTRICTIONS_EXPLAINED);
    expect(count(why, 'Why: DAILY_DRAWDOWN: drawdown '), 'each with the numbers of its breach').toBe(
      MAX_RESTRICTIONS_EXPLAINED,
    );
    expectIn(
      html,
      `…and ${halts - MAX_RESTRICTIONS_EXPLAINED} more restrictions: see the table below`,
      'the halts not explained are counted',
    );
    const chart = between(html, '<svg class="chart chart-equity', '</svg>');
    const bands = count(chart, '<rect class="band band-halted"');
    expect(bands, 'halted bands on the equity chart').toBeGreaterThan(0);
    expect(bands, 'never more than the halts (halts within a pixel share a band)').toBeLessThanOrEqual(halts);
    expect(count(chart, '<g class="event-line">'), 'breach lines, merged within a pixel').toBeGreaterThan(0);
    expect(/<script|<link|<img|https?:\/\//.test(html), 'nothing fetched').toBe(false);
  });
});

describe('renderRiskEventsSection', () => {
  const T = Date.UTC(2022, 0, 5, 14, 37);
  const breach: RiskEvent[] = [
    {
      type: 'TradingStateChanged',
      scope: GLOBAL_SCOPE,
      from: 'ACTIVE',
      to: 'HALTED',
      reason: 'DAILY_DRAWDOWN',
      detail: 'equity below the limit',
      source: 'DAILY_DRAWDOWN',
      timestamp: T,
      until: T + 60 * MINUTE,
    },
    {
      type: 'DailyDrawdownBreached',
      scope: GLOBAL_SCOPE,
      timestamp: T,
      equity: 97_740,
      highWaterMark: 103_210,
      drawdown: 0.053,
      limit: 0.05,
      dayStart: Date.UTC(2022, 0, 5),
      actions: ['CANCEL_WORKING_ORDERS', 'FLATTEN'],
      state: 'HALTED',
      until: T + 60 * MINUTE,
    },
  ];

  it('says why trading halted, with the numbers, and that it was still halted at the end', () => {
    const html = renderRiskEventsSection(breach, T + 30 * MINUTE);
    expect(html).toContain(
      'global ACTIVE → HALTED still HALTED at the end of the run (30m). Why: DAILY_DRAWDOWN: drawdown 5.3% from the day&#39;s high 103,210.00 ≥ limit 5% (equity 97,740.00)',
    );
    expect(html).toContain('1 trading halt, 0 orders denied; 2 risk events in all.');
  });

  it('escapes every text of the events', () => {
    const hostile: RiskEvent[] = [
      ...breach,
      {
        type: 'OrderDenied',
        clientOrderId: clientOrderId('<img src=x onerror=alert(1)>'),
        strategyId: strategyId('"><script>alert(1)</script>'),
        instrumentId: instrumentId('BTC', 'X'),
        reason: '<b>REASON</b>',
        detail: "it's <i>bad</i> & worse",
        timestamp: T + MINUTE,
      },
      { type: 'KillSwitchActivated', by: '<u>ops</u>', reason: '<svg onload=alert(1)>', timestamp: T + 2 * MINUTE },
    ];
    const html = renderRiskEventsSection(hostile, T + 90 * MINUTE);
    expect(html).not.toMatch(/<script|<img|<b>|<i>|<u>|<svg/);
    expect(html).toContain('it&#39;s &lt;i&gt;bad&lt;/i&gt; &amp; worse');
    expect(html).toContain('&lt;svg onload=alert(1)&gt;');
  });

  it('says so when there were no risk events', () => {
    expect(renderRiskEventsSection([], T)).toContain('No risk events');
  });
});

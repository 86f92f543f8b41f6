import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { backtestConfig } from '../config/backtest-config.ts';
import { DEFAULT_BACKTEST_CONFIG } from '../config/default-backtest-config.ts';
import { type BacktestRun, runBacktest } from './run-backtest.ts';
import { runFiles } from './run-files.ts';
import { writeRunDirectory } from './write-run-directory.ts';

/**
 * The risk audit of a real run: the embedded default's data and instrument (31 days of FTX BTC-PERP
 * 1-minute bars, January 2022, when BTC fell from about 47,000 to 36,000) traded by an EMA 60/240
 * crossover, long and short, 0.15 BTC on 100,000 (inside the default position limits), with a
 * tight daily drawdown rail of 0.4% and a 60-minute cooldown: the rail fires several times.
 */
const SAMPLE = fileURLToPath(new URL('../../../data/samples/btc-perp-20211231-20220201_1m.csv', import.meta.url));
const LIMIT = 0.004;
const COOLDOWN_MS = 60 * 60_000;

function config(risk: boolean) {
  return backtestConfig.parse({
    ...DEFAULT_BACKTEST_CONFIG,
    strategy: { name: 'ema_cross', params: { fast_period: 60, slow_period: 240, quantity: 0.15, mode: 'long_short' } },
    data: { ...DEFAULT_BACKTEST_CONFIG.data, path: SAMPLE },
    ...(risk ? { risk: { daily_drawdown: { limit: LIMIT, cooldown_minutes: 60 } } } : {}),
  });
}

/** Writes the run directory as the CLI does and reads every file back. */
async function written(run: BacktestRun): Promise<Record<string, string>> {
  const dir = join(mkdtempSync(join(tmpdir(), 'tradewind-risk-')), 'run');
  await writeRunDirectory(dir, runFiles(run, 'risk-run', '2024-01-01T00:00:00.000Z'), 'test');
  return Object.fromEntries(readdirSync(dir).map((name) => [name, readFileSync(join(dir, name), 'utf8')]));
}

type Line = Record<string, unknown> & { event: string; ts: string; ts_ms: number };
const lines = (text: string): Line[] =>
  text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Line);

/** The report's number format, worked out here independently: thousands commas, 2 decimals. */
const money = (value: number): string =>
  value.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
/** A fraction as a percentage with at most 2 decimals, trailing zeros dropped. */
const percent = (fraction: number): string => `${Number((fraction * 100).toFixed(2))}%`;
/** Checks a long text (the report) holds `needle`; a failure names the needle, not the whole page. */
function expectIn(text: string, needle: string, message: string): void {
  expect(text.includes(needle), `${message}; expected to find: ${needle}`).toBe(true);
}
const minuteText = (ms: number): string => new Date(ms).toISOString().slice(0, 16).replace('T', ' ');
/** The end of a span: only the time when it falls on the start's UTC day. */
const endText = (start: number, end: number): string =>
  minuteText(start).slice(0, 10) === minuteText(end).slice(0, 10) ? minuteText(end).slice(11) : minuteText(end);

describe('run directory of a backtest that halts on a bad day (real BTC-PERP 1m bars)', () => {
  let run: BacktestRun;
  let files: Record<string, string>;
  beforeAll(async () => {
    run = await runBacktest(config(true), { baseDir: '.' });
    files = await written(run);
  });

  it('writes risk.log.jsonl: the breach, the change to HALTED and the change back after the cooldown', () => {
    expect(Object.keys(files), 'risk.log.jsonl is one of the run files').toContain('risk.log.jsonl');
    const log = lines(files['risk.log.jsonl']);
    expect(log.length, 'one line per risk event').toBe(run.result.riskEvents.length);
    for (let i = 1; i < log.length; i++) expect(log[i].ts_ms, 'time order').toBeGreaterThanOrEqual(log[i - 1].ts_ms);
    const breach = log.find((line) => line.event === 'daily_drawdown_breached');
    expect(breach, 'January 2022 has a day 0.4% down for this strategy').toBeDefined();
    expect(breach!.drawdown as number).toBeGreaterThanOrEqual(LIMIT);
    expect(breach).toMatchObject({
      scope: 'global',
      limit: LIMIT,
      state: 'HALTED',
      until_ms: breach!.ts_ms + COOLDOWN_MS,
    });
    expect(breach!.ts).toBe(new Date(breach!.ts_ms).toISOString());
    const halted = log.find((line) => line.event === 'trading_state_changed' && line.to === 'HALTED');
    expect(halted, 'the breach halts trading at the same mark').toMatchObject({
      ts_ms: breach!.ts_ms,
      scope: 'global',
      from: 'ACTIVE',
      reason: 'DAILY_DRAWDOWN',
    });
    const back = log.find(
      (line) => line.event === 'trading_state_changed' && line.from === 'HALTED' && line.ts_ms > breach!.ts_ms,
    );
    expect(back, 'trading resumes by itself when the cooldown ends').toMatchObject({
      to: 'ACTIVE',
      reason: 'COOLDOWN_ENDED',
      ts_ms: breach!.ts_ms + COOLDOWN_MS,
    });
    const denied = log.filter((line) => line.event === 'order_denied');
    expect(denied.length, 'the strategy crossed during some cooldown').toBeGreaterThan(0);
    expect(
      denied.some((line) => line.reason === 'TRADING_HALTED' && line.strategy_id === 'ema_cross'),
      'refused because trading was halted',
    ).toBe(true);
  });

  it('counts the risk events in summary.json', () => {
    const summary = JSON.parse(files['summary.json']);
    const log = lines(files['risk.log.jsonl']);
    expect(summary.risk_events).toBe(log.length);
    expect(summary.orders_denied).toBe(log.filter((line) => line.event === 'order_denied').length);
    expect(summary.trading_halts).toBe(
      log.filter((line) => line.event === 'trading_state_changed' && line.to === 'HALTED').length,
    );
    expect(summary.trading_halts, 'one halt per breach').toBe(
      log.filter((line) => line.event === 'daily_drawdown_breached').length,
    );
  });

  it('explains the halt in the report: a risk table row with the reason and numbers, a halted band, a breach line', () => {
    const html = files['report.html'];
    const breach = lines(files['risk.log.jsonl']).find((line) => line.event === 'daily_drawdown_breached')!;
    const why =
      `DAILY_DRAWDOWN: drawdown ${percent(breach.drawdown as number)} from the day&#39;s high ` +
      `${money(breach.high_water_mark as number)} ≥ limit 0.4% (equity ${money(breach.equity as number)})`;
    expectIn(html, why, 'the halt explained in words with the numbers');
    const section = html.slice(
      html.indexOf('<section id="risk-events">'),
      html.indexOf('</section>', html.indexOf('<section id="risk-events">')),
    );
    expectIn(section, '<table class="risk-events">', 'the risk table');
    expectIn(
      section,
      `<tr class="risk-breach"><td>${minuteText(breach.ts_ms)}</td><td>Daily drawdown breached</td><td>global</td><td>→ HALTED</td><td>DAILY_DRAWDOWN</td>` +
        `<td>drawdown ${percent(breach.drawdown as number)} from the day&#39;s high ${money(breach.high_water_mark as number)} ≥ limit 0.4%`,
      'the breach row: time, event, scope, state, reason, numbers',
    );
    expectIn(section, '<td>ACTIVE → HALTED</td><td>DAILY_DRAWDOWN</td>', 'the change to HALTED is a row');
    expectIn(section, '<td>HALTED → ACTIVE</td><td>COOLDOWN_ENDED</td>', 'the change back is a row');
    const equityChart = html.slice(
      html.indexOf('<svg class="chart chart-equity'),
      html.indexOf('</svg>', html.indexOf('<svg class="chart chart-equity')),
    );
    expectIn(equityChart, '<rect class="band band-halted"', 'a shaded band where trading was halted');
    expectIn(
      equityChart,
      `<title>HALTED ${minuteText(breach.ts_ms)} → ${endText(breach.ts_ms, breach.ts_ms + COOLDOWN_MS)}: DAILY_DRAWDOWN`,
      'the first band spans the first halt and names its reason',
    );
    expectIn(
      equityChart,
      `<g class="event-line"><title>${minuteText(breach.ts_ms)} Daily drawdown breached`,
      'a line at the breach',
    );
    const summary = JSON.parse(files['summary.json']);
    expectIn(html, `<p class="risk-counts">${summary.trading_halts} trading halts, `, 'the counts head the section');
  });
});

describe('run directory of a backtest without risk events', () => {
  it('still writes an empty risk.log.jsonl, zero counts and says so in the report', async () => {
    const run = await runBacktest(config(false), { baseDir: '.' });
    const files = await written(run);
    expect(files['risk.log.jsonl'], 'present and empty').toBe('');
    expect(JSON.parse(files['summary.json'])).toMatchObject({ risk_events: 0, orders_denied: 0, trading_halts: 0 });
    const html = files['report.html'];
    expect(html.includes('No risk events: no order was denied'), 'the report says there were none').toBe(true);
    expect(html.includes('<rect class="band'), 'no band on the equity chart').toBe(false);
    expect(html.includes('<g class="event-line">'), 'no breach line').toBe(false);
  });
});

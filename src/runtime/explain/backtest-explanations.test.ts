import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { MAX_REPORT_TRADES } from '../../adapters/report/index.ts';
import { runBacktest } from '../backtest/run-backtest.ts';
import { runFiles } from '../backtest/run-files.ts';
import { writeRunDirectory } from '../backtest/write-run-directory.ts';
import { backtestConfig } from '../config/backtest-config.ts';
import { DEFAULT_BACKTEST_CONFIG } from '../config/default-backtest-config.ts';
import { loadRunExplanations, parseExplanationsJsonl, type RunExplanations } from './explain-run.ts';

/**
 * A real backtest: 31 days of FTX BTC-PERP 1-minute bars (January 2022), an EMA 60/240 crossover
 * long and short, 0.15 BTC, with a tight 0.4% daily drawdown rail that fires several times and
 * flattens the position (the risk engine's DAILY_DRAWDOWN_FLATTEN orders).
 */
const SAMPLE = fileURLToPath(new URL('../../../data/samples/btc-perp-20211231-20220201_1m.csv', import.meta.url));

describe('explanations of a real backtest (BTC-PERP 1m, EMA cross, daily drawdown rail)', () => {
  let dir: string;
  let summary: { trades: number; average_trade: number; fills: number; final_equity: number; trading_halts: number };
  let stored: RunExplanations;
  let report: string;

  beforeAll(async () => {
    const config = backtestConfig.parse({
      ...DEFAULT_BACKTEST_CONFIG,
      strategy: {
        name: 'ema_cross',
        params: { fast_period: 60, slow_period: 240, quantity: 0.15, mode: 'long_short' },
      },
      data: { ...DEFAULT_BACKTEST_CONFIG.data, path: SAMPLE },
      risk: { daily_drawdown: { limit: 0.004, cooldown_minutes: 60 } },
    });
    const run = await runBacktest(config, { baseDir: '.' });
    dir = join(mkdtempSync(join(tmpdir(), 'tradewind-explain-run-')), 'run');
    await writeRunDirectory(dir, runFiles(run, 'explain-run', '2024-01-01T00:00:00.000Z'), 'test');
    summary = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8'));
    const path = join(dir, 'explanations.jsonl');
    stored = parseExplanationsJsonl(path, readFileSync(path, 'utf8'));
    report = readFileSync(join(dir, 'report.html'), 'utf8');
  }, 120_000);

  it("stores one trade record per round trip of summary.json, whose net PnL adds up to the metrics'", () => {
    expect(summary.trades, 'the run trades').toBeGreaterThan(MAX_REPORT_TRADES);
    expect(stored.trades.length, "as many trade records as summary.json's trades").toBe(summary.trades);
    expect(stored.trades.map((t) => t.trade)).toEqual(stored.trades.map((_, i) => i + 1));
    expect(
      stored.trades.reduce((sum, t) => sum + t.exit_fills, 0),
      'one closing fill per engine round trip',
    ).toBe(summary.trades);
    const net = stored.trades.reduce((sum, t) => sum + t.net_pnl, 0);
    // The engine rounds the fee split of a flip fill to the cent; the sum matches to a cent per trade.
    expect(Math.abs(net - summary.average_trade * summary.trades)).toBeLessThan(0.01 * summary.trades);
    expect(stored.trades.every((t) => t.source === 'template')).toBe(true);
  });

  it('explains the daily-drawdown flattens as risk exits, and each halted day', () => {
    expect(summary.trading_halts, 'the rail fired').toBeGreaterThan(0);
    const flattened = stored.trades.filter((t) => t.exit_kind === 'daily_drawdown');
    expect(flattened.length, 'trades closed by the rail').toBeGreaterThan(0);
    for (const t of flattened) {
      expect(t.exit_signal).toBe('DAILY_DRAWDOWN_FLATTEN');
      expect(t.exit_cause).toMatch(/^daily drawdown kill switch: drawdown [\d.]+% ≥ limit 0\.4%$/);
      expect(t.text).toContain('by the daily-drawdown kill switch flattening');
    }
    const haltedDays = stored.days.filter((d) => d.notable_risk_events.some((e) => e.includes('daily drawdown')));
    expect(haltedDays.length, 'every day with a flatten names the breach').toBeGreaterThanOrEqual(
      new Set(flattened.map((t) => t.exit_time.slice(0, 10))).size,
    );
  });

  it('sums the days to the run: fills, trades and the final equity', () => {
    expect(stored.days.reduce((sum, d) => sum + d.fills, 0)).toBe(summary.fills);
    expect(stored.days.reduce((sum, d) => sum + d.trades_closed, 0)).toBe(summary.trades);
    expect(stored.days.at(-1)?.end_equity).toBe(summary.final_equity);
    const days = stored.days.map((d) => d.day);
    expect([...days].sort(), 'days in date order, each once').toEqual([...new Set(days)]);
  });

  it('shows the section in report.html, capped at the last trades, and names the file that has them all', () => {
    expect(report).toContain('<h2>Trades and days explained</h2>');
    const last = stored.trades.at(-1);
    const firstShown = stored.trades[stored.trades.length - MAX_REPORT_TRADES];
    const leftOut = stored.trades[stored.trades.length - MAX_REPORT_TRADES - 1];
    expect(report).toContain(`Trade ${last?.trade}: `);
    expect(report).toContain(`Trade ${firstShown.trade}: `);
    expect(report, 'older trades are left out').not.toContain(`Trade ${leftOut.trade}: `);
    expect(report).toContain(
      `${stored.trades.length - MAX_REPORT_TRADES} trades left out here — explanations.jsonl has them all.`,
    );
    for (const day of stored.days) expect(report).toContain(`${day.day}: `);
  });

  it('explains the same directory without explanations.jsonl (an older run) from its files, to the same records', async () => {
    rmSync(join(dir, 'explanations.jsonl'));
    const rebuilt = await loadRunExplanations(dir);
    expect(rebuilt.trades.length).toBe(stored.trades.length);
    // From the CSV text the numbers are the written ones; the words must be the same.
    expect(rebuilt.trades.map((t) => t.text)).toEqual(stored.trades.map((t) => t.text));
    expect(rebuilt.days.map((d) => d.text)).toEqual(stored.days.map((d) => d.text));
  });
});

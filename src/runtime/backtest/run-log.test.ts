import { describe, expect, it } from 'vitest';
import { BTC_PERP_SAMPLE } from '../../../test/support/btc-perp.ts';
import { backtestConfig } from '../config/backtest-config.ts';
import { DEFAULT_BACKTEST_CONFIG } from '../config/default-backtest-config.ts';
import { runBacktest } from './run-backtest.ts';
import { runFiles } from './run-files.ts';
import { RunLog } from './run-log.ts';

describe('RunLog', () => {
  it('keeps JSON lines up to its cap and counts the rest in a last line', () => {
    const log = new RunLog(2);
    log.info('a', { x: 1 });
    log.warn('b');
    log.debug('c');
    log.error('d');
    expect(
      log
        .text()
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line)),
    ).toEqual([
      { level: 'info', event: 'a', x: 1 },
      { level: 'warn', event: 'b' },
      { level: 'warn', event: 'log_truncated', kept: 2, dropped: 2 },
    ]);
    expect(new RunLog().text()).toBe('');
  });
});

describe("a backtest's log.jsonl", () => {
  it("holds the strategy's decisions with its id and engine time: each trend_follower auto-tune adjustment", async () => {
    const config = backtestConfig.parse({
      ...DEFAULT_BACKTEST_CONFIG,
      strategy: { name: 'trend_follower', params: { auto_tune: true, tune_every: 5, tune_window: 10 } },
      data: { ...DEFAULT_BACKTEST_CONFIG.data, path: BTC_PERP_SAMPLE },
    });
    const run = await runBacktest(config, { baseDir: '.' });
    const files = runFiles(run, 'log-run', '2024-01-01T00:00:00.000Z');
    const lines = files['log.jsonl']
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { event: string; strategy?: string; ts?: number });
    const tuned = lines.filter((line) => line.event === 'trend_follower_tuned');
    expect(tuned.length, 'closed trades every 5 make adjustments over the month').toBeGreaterThan(0);
    const first = run.data.series.timestamp[0];
    for (const line of tuned) {
      expect(line.strategy).toBe('trend_follower');
      expect(line.ts as number).toBeGreaterThan(first);
    }
  });

  it('shows object parameters as JSON in the report, not [object Object]', async () => {
    const config = backtestConfig.parse({
      ...DEFAULT_BACKTEST_CONFIG,
      strategy: { name: 'ma_hmm_ensemble', params: { fit_bars: 500, refit_bars: 5000 } },
      data: { ...DEFAULT_BACKTEST_CONFIG.data, path: BTC_PERP_SAMPLE },
      period: { to: '2022-01-03' },
    });
    const html = runFiles(await runBacktest(config, { baseDir: '.' }), 'r', 'now')['report.html'];
    expect(html).not.toContain('[object Object]');
    expect(html).toContain('{&quot;*&quot;:{&quot;confidence_gain&quot;:1');
  });
});

import { describe, expect, it } from 'vitest';
import { BTC_PERP_SAMPLE } from '../../../test/support/btc-perp.ts';
import { backtestConfig } from '../config/backtest-config.ts';
import { DEFAULT_BACKTEST_CONFIG } from '../config/default-backtest-config.ts';
import { runBacktest } from './run-backtest.ts';
import { runFiles } from './run-files.ts';

describe('report.regimes (real BTC-PERP 1m bars)', () => {
  it('shades the online filter regimes on the price chart, covering every modelled bar once, and says how they were found', async () => {
    const config = backtestConfig.parse({
      ...DEFAULT_BACKTEST_CONFIG,
      data: { ...DEFAULT_BACKTEST_CONFIG.data, path: BTC_PERP_SAMPLE },
      period: { to: '2022-01-08' },
      report: { regimes: { states: 3 } },
    });
    const run = await runBacktest(config, { baseDir: '.' });
    const analysis = run.regimes!;
    expect(analysis.labels.map((l) => l.regime).sort()).toEqual(['bear', 'bull', 'range']);
    const runs = analysis.filteredRuns;
    expect(runs[0]!.fromIndex).toBe(analysis.firstIndex);
    expect(runs.at(-1)!.toIndex).toBe(run.data.series.length - 1);
    for (let i = 1; i < runs.length; i++)
      expect(runs[i]!.fromIndex, 'runs tile the bars').toBe(runs[i - 1]!.toIndex + 1);

    const html = runFiles(run, 'regime-run', '2024-01-01T00:00:00.000Z')['report.html']!;
    const price = html.slice(html.indexOf('price and fills'));
    for (const kind of ['bull', 'bear', 'range'])
      expect(price, `a ${kind} band on the price chart`).toMatch(new RegExp(`class="band band-${kind}"`));
    expect(price).toContain('3-state Gaussian HMM');
    expect(price).toContain('online filter');
    const plain = runFiles({ ...run, regimes: undefined }, 'regime-run', '2024-01-01T00:00:00.000Z')['report.html']!;
    expect(plain, 'no regimes asked, none drawn').not.toMatch(/band-(bull|bear|range)"/);
  });

  it('is off by default and validated', () => {
    expect(backtestConfig.parse(DEFAULT_BACKTEST_CONFIG).report.regimes).toBeUndefined();
    expect(() => backtestConfig.parse({ ...DEFAULT_BACKTEST_CONFIG, report: { regimes: { states: 9 } } })).toThrow();
  });
});

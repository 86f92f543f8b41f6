import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { BTC_PERP_SAMPLE } from '../../../test/support/btc-perp.ts';
import { type BacktestConfig, backtestConfig } from '../config/backtest-config.ts';
import { DEFAULT_BACKTEST_CONFIG } from '../config/default-backtest-config.ts';
import { loadBacktestConfig } from '../config/load-backtest-config.ts';
import { paperConfig } from './paper-config.ts';
import { runParity } from './run-parity.ts';

/** The embedded default config (real FTX BTC-PERP 1m bars, default risk limits) with another strategy. */
function configFor(name: string, params: Record<string, unknown> = {}) {
  return backtestConfig.parse({
    ...DEFAULT_BACKTEST_CONFIG,
    strategy: { name, params },
    data: { ...DEFAULT_BACKTEST_CONFIG.data, path: BTC_PERP_SAMPLE },
  });
}

const PAPER = paperConfig.parse({});
const EVENTS_EXAMPLE = fileURLToPath(new URL('../../../examples/ma-hmm-events.yaml', import.meta.url));
const MONTH = { from: '2022-01-01', to: '2022-02-01' };
const WEEK = { from: '2022-01-03', to: '2022-01-10' };

/**
 * Parity is the proof that the paper node runs the backtest's kernel: the same bars replayed
 * through a DataClient into the node must give the very same orders, fills and final state.
 * Slow strategies (HMM refits, auto-tune) run a week, the others the month.
 */
describe.each([
  ['ema_cross', { fast_period: 20, slow_period: 60, quantity: 0.2, mode: 'long_short' }, MONTH],
  ['sma_cross', { fast_period: 20, slow_period: 60, quantity: 0.2, mode: 'long_short' }, MONTH],
  ['mean_reversion', {}, MONTH],
  ['momentum', {}, MONTH],
  ['scalper', {}, MONTH],
  ['trend_follower', {}, MONTH],
  ['ma_hmm_ensemble', {}, MONTH],
] as const)('parity of %s on real BTC-PERP bars', (name, params, range) => {
  it('the paper node in replay trades exactly as the backtest: zero drift', async () => {
    const report = await runParity(configFor(name, params), PAPER, range, { baseDir: '.' });
    expect(report.fills.backtest, 'the strategy trades in the period (else parity proves nothing)').toBeGreaterThan(0);
    expect(report.drift, 'no order, fill or final value differs').toEqual([]);
    expect(report.driftCount).toBe(0);
    expect(report.bars.paper, 'the replay delivered every bar').toBe(report.bars.backtest);
    expect(report.orders.paper).toBe(report.orders.backtest);
  }, 240_000);
});

describe('parity can fail', () => {
  it('a paper side with another fee shows drift in the fills and the final cash', async () => {
    const report = await runParity(
      configFor('ema_cross', { fast_period: 20, slow_period: 60, quantity: 0.2, mode: 'long_short' }),
      PAPER,
      WEEK,
      {
        baseDir: '.',
        alterPaperConfig: (config) => ({ ...config, execution: { ...config.execution, fee_bps: 9 } }),
      },
    );
    expect(report.driftCount, 'a different fee must be reported').toBeGreaterThan(0);
    const kinds = new Set(report.drift.map((d) => d.kind));
    expect(kinds.has('fills'), 'fill fees differ').toBe(true);
    expect(kinds.has('final'), 'final cash and equity differ').toBe(true);
    expect(report.final['cash USD']?.paper, 'more fees, less cash').toBeLessThan(report.final['cash USD']!.backtest);
    expect(report.drift.find((d) => d.kind === 'fills')?.item).toMatch(/ fee$/);
    expect(report.drift.length, 'the listing is capped').toBeLessThanOrEqual(50);
  }, 240_000);
});

describe('parity with recorded external events (examples/ma-hmm-events.yaml)', () => {
  it('is zero when both sides release the events, and drifts when the paper side drops them', async () => {
    const { config, baseDir } = await loadBacktestConfig({ config: EVENTS_EXAMPLE });
    expect(config.events, 'the example replays calibration events').toBeDefined();
    const same = await runParity(config, PAPER, MONTH, { baseDir });
    expect(same.fills.backtest).toBeGreaterThan(0);
    expect(same.drift).toEqual([]);
    const dropped = await runParity(config, PAPER, MONTH, {
      baseDir,
      alterPaperConfig: ({ events: _events, ...rest }) => rest as BacktestConfig,
    });
    expect(dropped.driftCount, 'the calibration events change the trades').toBeGreaterThan(0);
  }, 240_000);
});

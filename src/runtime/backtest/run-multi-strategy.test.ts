import { beforeAll, describe, expect, it } from 'vitest';
import { BTC_PERP_SAMPLE } from '../../../test/support/btc-perp.ts';
import type { AllocationHistory } from '../../core/kernel/index.ts';
import { backtestConfig } from '../config/backtest-config.ts';
import { DEFAULT_BACKTEST_CONFIG } from '../config/default-backtest-config.ts';
import { loadBacktestConfig } from '../config/load-backtest-config.ts';
import { type BacktestRun, runBacktest } from './run-backtest.ts';
import { runFiles } from './run-files.ts';

/**
 * Three built-in strategies (their presets: 0.2 BTC entries) sharing the embedded default's account
 * (100,000 USD, the default limits but a 50% position limit: three strategies' positions add up in
 * the one account, and the bandit may triple a share's size) on the real BTC-PERP month, under each allocation method, rebalanced daily.
 */
const NAMES = ['trend_follower', 'mean_reversion', 'momentum'] as const;
const base = { ...DEFAULT_BACKTEST_CONFIG, data: { ...DEFAULT_BACKTEST_CONFIG.data, path: BTC_PERP_SAMPLE } };
const limits = { limits: { max_position: 0.5 } };

function multi(allocation: Record<string, unknown>) {
  return backtestConfig.parse({
    ...base,
    strategy: undefined,
    strategies: NAMES.map((name) => ({ name })),
    allocation: { rebalance: '1d', ...allocation },
    risk: limits,
  });
}

const sum = (xs: readonly number[]) => xs.reduce((s, x) => s + x, 0);
const rows = (csv: string) =>
  csv
    .trim()
    .split('\n')
    .map((line) => line.split(','));

describe('several strategies on one account under capital allocation (real BTC-PERP month)', () => {
  const runs: Record<string, BacktestRun> = {};
  const alone: Record<string, number> = {};
  beforeAll(async () => {
    for (const method of ['fixed', 'inverse_volatility', 'bandit'])
      runs[method] = await runBacktest(multi({ method, lookback: 5 }), { baseDir: '.' });
    for (const name of NAMES) {
      const config = backtestConfig.parse({ ...base, strategy: { name, params: {} }, risk: limits });
      const { result } = await runBacktest(config, { baseDir: '.' });
      alone[name] = result.finalEquity - result.initialEquity;
    }
  }, 120_000);

  it.each(['fixed', 'inverse_volatility', 'bandit'])(
    "%s: the strategies' attributed PnLs sum to the account's (fees included in each), and every row of allocation.csv sums to 1",
    (method) => {
      const { result } = runs[method]!;
      expect(result.strategyPnl.map((p) => p.strategyId).sort()).toEqual([...NAMES].sort());
      for (const p of result.strategyPnl) expect(p.fills, `${p.strategyId} traded`).toBeGreaterThan(10);
      // Every fill is booked once on the account and once on its strategy: equal up to float rounding.
      expect(sum(result.strategyPnl.map((p) => p.netPnl))).toBeCloseTo(result.finalEquity - result.initialEquity, 6);
      expect(sum(result.strategyPnl.map((p) => p.fees))).toBeCloseTo(result.feesPaid, 6);
      const files = runFiles(runs[method]!, 'multi', '2024-01-01T00:00:00.000Z');
      const [header, ...body] = rows(files['allocation.csv']!);
      expect(header!.slice(4, 7)).toEqual(NAMES.map((n) => `weight_${n}`));
      const history = result.allocation as AllocationHistory;
      expect(body.length, 'the start, then one row per change').toBe(history.changes.length + 1);
      expect(body[0]!.slice(4, 7).map(Number)).toEqual([1 / 3, 1 / 3, 1 / 3]);
      for (const row of body) expect(sum(row.slice(4, 7).map(Number))).toBeCloseTo(1, 12);
      const pnlRows = rows(files['strategy_pnl.csv']!).slice(1);
      expect(pnlRows.map((r) => [r[0], Number(r[4])])).toEqual(result.strategyPnl.map((p) => [p.strategyId, p.netPnl]));
      const summary = JSON.parse(files['summary.json']!) as { allocation: { method: string; changes: number } };
      expect(summary.allocation).toMatchObject({ method, changes: history.changes.length });
    },
  );

  it('fixed weights: each strategy trades as it does alone (its own positions, its own exits)', () => {
    const { result } = runs.fixed!;
    expect(result.allocation!.changes).toEqual([]);
    expect(
      result.orders.filter((o) => o.status === 'denied'),
      'no limit bound the sum of the three',
    ).toEqual([]);
    for (const name of NAMES)
      expect(result.strategyPnl.find((p) => p.strategyId === name)!.netPnl, name).toBeCloseTo(alone[name]!, 6);
  });

  it('moving weights change what the strategies trade: entries are the preset 0.2 BTC × weight ÷ starting weight', () => {
    for (const method of ['inverse_volatility', 'bandit']) {
      const { result } = runs[method]!;
      const changes = result.allocation!.changes;
      expect(changes.length, `${method} moved the shares`).toBeGreaterThan(3);
      const entries = result.orders.filter((o) =>
        ['momentum_up', 'momentum_down', 'below_band', 'above_band'].includes(o.tags[0]!),
      );
      const sizes = new Set<number>();
      for (const order of entries) {
        const i = NAMES.indexOf(order.strategyId as (typeof NAMES)[number]);
        const change = changes.filter((c) => c.timestamp <= order.createdAt).at(-1);
        const weight = change === undefined ? 1 / 3 : change.after[i]!;
        const expected = Math.floor((0.2 * weight * 3) / 0.0001 + 1e-9) * 0.0001;
        expect(order.quantity, `${order.clientOrderId} at weight ${weight}`).toBeCloseTo(expected, 8);
        sizes.add(order.quantity);
      }
      expect(sizes.size, 'entry sizes vary with the shares').toBeGreaterThan(3);
    }
  });

  it('the bandit ends favouring the strategy with the best attributed PnL on equal capital (fixed run)', () => {
    const fixed = runs.fixed!.result.strategyPnl;
    const best = fixed.reduce((a, b) => (b.netPnl > a.netPnl ? b : a)).strategyId;
    const history = runs.bandit!.result.allocation!;
    const final = history.changes.at(-1)!.after;
    const favoured = history.strategyIds[final.indexOf(Math.max(...final))];
    expect(favoured, `bandit shares ${final.map((w) => w.toFixed(3)).join(', ')}`).toBe(best);
    expect(Math.max(...final)).toBeGreaterThan(0.5);
    for (const w of final) expect(w, 'the floor keeps every strategy funded').toBeGreaterThanOrEqual(0.05 - 1e-12);
  });

  it('same config and seed → the same run', async () => {
    const again = await runBacktest(multi({ method: 'bandit', lookback: 5 }), { baseDir: '.' });
    expect(JSON.stringify(again.result.allocation)).toBe(JSON.stringify(runs.bandit!.result.allocation));
    expect(again.result.finalEquity).toBe(runs.bandit!.result.finalEquity);
  });
});

describe('strategies: / allocation: configuration', () => {
  const issues = (input: Record<string, unknown>) => {
    const parsed = backtestConfig.safeParse({ ...base, strategy: undefined, ...input });
    return parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
  };

  it('takes exactly one of strategy and strategies, naming the field', () => {
    expect(issues({ strategy: { name: 'momentum' }, strategies: [{ name: 'momentum' }] })).toEqual([
      'strategies: give either strategy (one) or strategies (a list), not both or neither',
    ]);
    expect(issues({})).toEqual(['strategy: give either strategy (one) or strategies (a list), not both or neither']);
    expect(issues({ strategy: { name: 'momentum' }, allocation: { method: 'bandit' } })).toEqual([
      'allocation: allocation needs a strategies: list',
    ]);
  });

  it('names a repeated id, an unknown method and a bad rebalance', () => {
    const two = [
      { name: 'momentum', id: 'm' },
      { name: 'momentum', id: 'm' },
    ];
    expect(issues({ strategies: two })).toEqual(["strategies.1.id: id 'm' is used twice"]);
    expect(issues({ strategies: [{ name: 'momentum' }], allocation: { method: 'kelly' } })[0]).toMatch(
      /^allocation\.method: /,
    );
    expect(issues({ strategies: [{ name: 'momentum' }], allocation: { rebalance: 'daily' } })[0]).toMatch(
      /^allocation\.rebalance: /,
    );
  });

  it('a repeated name without ids gets name_2; weights are relative', async () => {
    const config = backtestConfig.parse({
      ...base,
      strategy: undefined,
      period: { to: '2022-01-03' },
      strategies: [
        { name: 'momentum', weight: 3 },
        { name: 'momentum', weight: 1 },
      ],
      risk: limits,
    });
    const run = await runBacktest(config, { baseDir: '.' });
    expect(run.strategies!.map((s) => s.id)).toEqual(['momentum', 'momentum_2']);
    expect(run.result.allocation!.initialWeights).toEqual([0.75, 0.25]);
    expect(run.strategy.name).toBe('momentum + momentum');
  });
});

describe('examples/multi-strategy.yaml', () => {
  it('runs as shipped: three strategies under the daily bandit, every one funded at the end', async () => {
    const { config, baseDir } = await loadBacktestConfig({ config: 'examples/multi-strategy.yaml' });
    expect(config.strategies!.map((s) => s.name)).toEqual([...NAMES]);
    const run = await runBacktest(config, { baseDir });
    const history = run.result.allocation!;
    expect(history.method).toBe('bandit');
    expect(history.changes.length, 'daily rebalances moved the shares').toBeGreaterThan(3);
    for (const w of history.changes.at(-1)!.after) expect(w).toBeGreaterThanOrEqual(0.05 - 1e-12);
    expect(run.result.orders.filter((o) => o.status === 'denied')).toEqual([]);
  });
});

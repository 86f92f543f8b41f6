import { cpSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ruleBasedAdvice } from '../../../core/advisor/index.ts';
import { csvRows, jsonLines, sampleConfig, writeBacktestRun } from './advisor-inputs-fixtures.ts';
import { DEFAULT_TOKEN_BUDGET, runDirAdvisorInputs } from './index.ts';

const DAY = 86_400_000;
const BUDGET = { budget: DEFAULT_TOKEN_BUDGET };
const ADVERSE = new Set([
  'order_denied',
  'circuit_breaker_tripped',
  'daily_drawdown_breached',
  'kill_switch_activated',
]);

/**
 * The embedded default's EMA cross on 11 real BTC-PERP days, doubled in size (0.4 BTC) under a
 * 0.3% daily drawdown kill switch: it halts most days, the risk engine flattens (RISK orders) and
 * denies the strategy's orders while halted, so the risk log has every kind the tables count.
 */
const RISKY = sampleConfig({
  strategy: { name: 'ema_cross', params: { fast_period: 60, slow_period: 240, quantity: 0.4, mode: 'long_short' } },
  risk: { limits: { max_position: 0.2 }, daily_drawdown: { limit: 0.003, cooldown_minutes: 60 } },
});

/** Three built-ins sharing the account under a daily bandit allocation, as examples/multi-strategy.yaml. */
const MULTI = sampleConfig({
  strategy: undefined,
  strategies: [{ name: 'trend_follower' }, { name: 'mean_reversion' }, { name: 'momentum' }],
  allocation: { method: 'bandit', rebalance: '1d' },
  risk: { limits: { max_position: 0.5 } },
});

/** Equity rows of a run directory, as numbers. */
function equityOf(dir: string) {
  return csvRows(join(dir, 'equity.csv')).map((r) => ({
    time: Date.parse(r.timestamp!),
    equity: Number(r.equity),
    drawdown: Number(r.drawdown),
  }));
}

/** The annualized Sharpe of the daily (UTC) closes of `rows` against `base`, written out independently. */
function dailySharpe(rows: readonly { time: number; equity: number }[], base: number): number {
  const closes = new Map<number, number>();
  for (const r of rows) closes.set(Math.floor(r.time / DAY), r.equity);
  const returns: number[] = [];
  let previous = base;
  for (const close of closes.values()) {
    returns.push(close / previous - 1);
    previous = close;
  }
  const mean = returns.reduce((s, r) => s + r, 0) / returns.length;
  const variance = returns.reduce((s, r) => s + (r - mean) ** 2, 0) / (returns.length - 1);
  return (mean / Math.sqrt(variance)) * Math.sqrt(365);
}

describe('runDirAdvisorInputs on a real backtest run directory', () => {
  let risky: string;
  let multi: string;
  beforeAll(async () => {
    risky = await writeBacktestRun(RISKY, 'risky-run');
    multi = await writeBacktestRun(MULTI, 'multi-run');
  }, 60_000);

  it('computes the window figures as an independent reading of equity.csv, fills.csv and risk.log.jsonl does', async () => {
    const inputs = await runDirAdvisorInputs(risky, { ...BUDGET, windowDays: 7 });
    const equity = equityOf(risky);
    const asOf = equity.at(-1)!.time;
    const start = asOf - 7 * DAY;
    const window = equity.filter((r) => r.time > start);
    const base = equity.filter((r) => r.time <= start).at(-1)!;
    expect(inputs.asOf, 'the window ends at the last equity point').toBe(asOf);
    expect([inputs.source, inputs.runId, inputs.mode]).toEqual([risky, 'risky-run', 'SIM']);
    expect(
      inputs.metrics.map((m) => m.strategyId),
      "one strategy: the risk engine's flattens are its own",
    ).toEqual(['ema_cross']);
    const m = inputs.metrics[0]!;
    expect(m.windowDays).toBe(7);
    expect(m.drawdown, "current drawdown: equity.csv's last drawdown").toBeCloseTo(equity.at(-1)!.drawdown, 12);
    expect(m.sharpe!, 'Sharpe of the daily closes inside the window').toBeCloseTo(dailySharpe(window, base.equity), 9);
    const maxInWindow = Math.max(...window.map((r) => r.drawdown));
    expect(inputs.tables, 'max drawdown in the window, as a percentage').toContain(
      `| ${(maxInWindow * 100).toFixed(1)}% | ${m.realizedSlippageBps!.toFixed(1)} |`,
    );

    // Fills belong to the first equity point after their time: the window's fills are those at or after its base point.
    const fills = csvRows(join(risky, 'fills.csv'))
      .map((f) => ({
        side: f.side,
        quantity: Number(f.quantity),
        time: Date.parse(f.timestamp!),
        price: Number(f.price),
        slip: Number(f.slippage),
      }))
      .filter((f) => f.time >= base.time);
    const bps = fills.map((f) => (f.slip / (f.side === 'buy' ? f.price - f.slip : f.price + f.slip)) * 10_000);
    expect(m.realizedSlippageBps!).toBeCloseTo(bps.reduce((s, x) => s + x, 0) / bps.length, 9);
    expect(m.modelledSlippageBps, 'slippage_bps 1 for taker (market) fills').toBe(1);
    const notional = fills.reduce((s, f) => s + f.quantity * f.price, 0);
    const meanEquity = window.reduce((s, r) => s + r.equity, 0) / window.length;
    expect(inputs.tables).toContain(`| ${(notional / meanEquity).toFixed(2)} |`);

    const risk = jsonLines(join(risky, 'risk.log.jsonl'));
    const inside = risk.filter((r) => (r.ts_ms as number) > start && (r.ts_ms as number) <= asOf);
    expect(m.riskEvents, 'denials and drawdown breaches in the window').toBe(
      inside.filter((r) => ADVERSE.has(r.event as string)).length,
    );
    expect(m.riskEvents).toBeGreaterThan(5);
    const lastState = risk.filter((r) => r.event === 'trading_state_changed').at(-1)!;
    expect(m.state, "the risk log's last state change").toBe(lastState.to);
    expect(m.paused).toBe(false);
    expect(m.agent, 'a single strategy is not an agent').toBeUndefined();
    expect(inputs.tables).toContain(`of ${inside.length} in the window`);
  });

  it('over the whole run agrees with summary.json (Sharpe, Sortino, round trips, hit rate, open PnL)', async () => {
    const summary = JSON.parse(readFileSync(join(risky, 'summary.json'), 'utf8'));
    const inputs = await runDirAdvisorInputs(risky, { ...BUDGET, windowDays: 100 });
    const m = inputs.metrics[0]!;
    expect(m.sharpe!).toBeCloseTo(summary.sharpe, 9);
    expect(m.sortino!).toBeCloseTo(summary.sortino, 9);
    expect(m.trades).toBe(summary.trades);
    expect(m.hitRate!).toBeCloseTo(summary.hit_rate, 12);
    expect(m.windowDays, 'the run is shorter than the window: the days it covers').toBeLessThan(12);
    expect(inputs.tables).toContain('the run began inside it');
    expect(inputs.tables).toContain(`| ${Math.round(summary.unrealized_pnl)} | `);
  });

  it('attributes a multi-strategy run: every strategy an agent, their PnL summing to the account, matching summary.json', async () => {
    const summary = JSON.parse(readFileSync(join(multi, 'summary.json'), 'utf8'));
    const whole = await runDirAdvisorInputs(multi, { ...BUDGET, windowDays: 100 });
    expect(whole.metrics.map((m) => m.strategyId)).toEqual(['trend_follower', 'mean_reversion', 'momentum']);
    for (const m of whole.metrics) expect(m.agent, `${m.strategyId} trades its own capital share`).toBe(true);
    const rows = new Map(
      whole.tables
        .split('\n')
        .filter((l) =>
          /^\| (\(account\)|trend_follower|mean_reversion|momentum) \| (ACTIVE|REDUCING|HALTED) \|/.test(l),
        )
        .map((l) => {
          const cells = l.split('|').map((c) => c.trim());
          return [
            cells[1]!,
            { trades: Number(cells[6]), pnl: Number(cells[9]), realized: Number(cells[10]), fees: Number(cells[11]) },
          ];
        }),
    );
    for (const p of summary.strategy_pnl) {
      const row = rows.get(p.strategy_id)!;
      expect(row.realized, `${p.strategy_id} realized`).toBe(Math.round(p.realized_pnl));
      expect(row.fees, `${p.strategy_id} fees`).toBe(Math.round(p.fees));
    }
    const sum = (key: 'trades' | 'pnl') =>
      ['trend_follower', 'mean_reversion', 'momentum'].reduce((s, id) => s + rows.get(id)![key], 0);
    expect(
      Math.abs(sum('pnl') - rows.get('(account)')!.pnl),
      'strategy PnLs add up to the account’s',
    ).toBeLessThanOrEqual(2);
    expect(sum('trades')).toBe(summary.trades);
    // A strategy's curve is the start plus its PnL: with the others flat it would be the account's.
    const last = whole.metrics.map((m) => m.drawdown);
    for (const d of last) expect(d).toBeGreaterThanOrEqual(0);
  });

  it('feeds the rule-based advisor: the run ends HALTED by its kill switch (no proposal); ACTIVE, its numbers earn a pause', async () => {
    const inputs = await runDirAdvisorInputs(risky, BUDGET);
    const m = inputs.metrics[0]!;
    expect(m.state, 'the last drawdown breach halts until after the run').toBe('HALTED');
    expect(ruleBasedAdvice(inputs.metrics).changes, 'a HALTED strategy belongs to the kill switch').toEqual([]);
    const active = ruleBasedAdvice([{ ...m, state: 'ACTIVE' }]).changes;
    expect(active.map((c) => c.kind)).toEqual(['pause_strategy']);
    expect(active[0]!.rationale).toContain(`Sharpe ${m.sharpe!.toFixed(2)} < -0.5 over 7 days and ${m.trades} trades`);
  });

  it('shows the policy in force when the policy state gives one', async () => {
    const inputs = await runDirAdvisorInputs(multi, {
      ...BUDGET,
      policy: {
        version: 3,
        limits: POLICY_LIMITS,
        strategies: {
          momentum: { pausedBy: 'advisor', parameters: { window: 8 } },
          trend_follower: { preset: 'conservative', parameters: { rsi_entry: 60 } },
        },
      },
    });
    expect(inputs.metrics.find((m) => m.strategyId === 'momentum')!.paused).toBe(true);
    expect(inputs.metrics.find((m) => m.strategyId === 'trend_follower')!.paused).toBe(false);
    expect(inputs.tables).toContain('## Policy v3 (the policy in force)');
    expect(inputs.tables).toContain('paused: momentum (by advisor)');
    expect(inputs.tables).toContain('presets: trend_follower conservative');
    expect(inputs.tables).toContain('maxPositionFraction 0.05,');
    expect(inputs.tables).toContain('| momentum | window | 8 |');
    expect(inputs.tables).toMatch(/\| momentum \| ACTIVE \| by advisor \|/);
  });

  it('is deterministic: the same run gives byte-identical tables, wherever its directory is', async () => {
    const first = await runDirAdvisorInputs(multi, BUDGET);
    const second = await runDirAdvisorInputs(multi, BUDGET);
    expect(second.tables).toBe(first.tables);
    const copy = join(mkdtempSync(join(tmpdir(), 'tradewind-advisor-copy-')), basename(multi));
    cpSync(multi, copy, { recursive: true });
    const moved = await runDirAdvisorInputs(copy, BUDGET);
    expect(moved.tables).toBe(first.tables);
    expect(moved.metrics).toEqual(first.metrics);
    expect(moved.source).toBe(copy);
  });
});

const POLICY_LIMITS = {
  maxOrderNotional: Number.POSITIVE_INFINITY,
  maxPositionFraction: 0.05,
  maxPositionNotional: Number.POSITIVE_INFINITY,
  maxGrossExposure: 0.4,
  maxNetExposure: 0.4,
  maxOpenOrders: 100,
  maxOrdersPerSecond: 100,
  priceCollar: 0.1,
  roundToIncrements: false,
  riskPerTrade: 0.005,
};

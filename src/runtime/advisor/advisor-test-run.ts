import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StrategyMetrics } from '../../core/advisor/index.ts';
import type { AdvisorInputs } from './inputs/index.ts';

/** Test support: a run directory holding only what the policy baseline reads (config.yaml, summary.json). */
export function advisorTestRun(risk = 'limits:\n    max_position: 0.2\n    max_gross_exposure: 0.8\n'): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'tw-advisor-')), 'run-1');
  mkdirSync(dir);
  writeFileSync(
    join(dir, 'config.yaml'),
    [
      'strategy:',
      '  name: ema_cross',
      '  params: { fast_period: 60, slow_period: 240, quantity: 0.2 }',
      'data: { path: bars.csv }',
      'instrument: { symbol: BTC-PERP, venue: FTX }',
      'risk:',
      `  ${risk}`,
    ].join('\n'),
  );
  writeFileSync(join(dir, 'summary.json'), '{}');
  return dir;
}

/** Metrics of one strategy: a calm one unless overridden. */
export function testMetrics(overrides: Partial<StrategyMetrics> = {}): StrategyMetrics {
  return {
    strategyId: 'ema_cross',
    windowDays: 7,
    trades: 40,
    sharpe: 1.2,
    sortino: 1.5,
    drawdown: 0.02,
    realizedSlippageBps: 1,
    modelledSlippageBps: 1,
    hitRate: 0.5,
    exposure: 0.3,
    riskEvents: 0,
    state: 'ACTIVE',
    paused: false,
    ...overrides,
  };
}

/** Advisor inputs around the given metrics, at `asOf`. */
export function testInputs(metrics: readonly StrategyMetrics[], asOf = Date.UTC(2026, 10, 20)): AdvisorInputs {
  const rows = metrics.map((m) => `| ${m.strategyId} | ${m.sharpe} | ${m.drawdown} |`).join('\n');
  return {
    source: 'test',
    runId: 'run-1',
    mode: 'SIM',
    asOf,
    metrics,
    tables: `| strategy | sharpe | drawdown |\n| --- | --- | --- |\n${rows}`,
    truncation: [],
  };
}

import { describe, expect, it } from 'vitest';
import type { TrialOutcome } from './evaluate-trial.ts';
import { selectTrial } from './select-trials.ts';
import type { WindowMetrics, WindowResult } from './window-metrics.ts';

function window(metrics: Partial<WindowMetrics>): WindowResult {
  return {
    metrics: {
      total_return: 0,
      sharpe: 0,
      sortino: 0,
      calmar: 0,
      max_drawdown: 0,
      trades: 10,
      hit_rate: 0.5,
      profit_factor: 1,
      average_trade: 0,
      days: 100,
      daily_sharpe: 0,
      skewness: 0,
      kurtosis: 3,
      ruined: 0,
      ...metrics,
    },
    dailyReturns: new Float64Array(0),
    tradePnls: new Float64Array(0),
  };
}

const trial = (train: Partial<WindowMetrics>, test: Partial<WindowMetrics> = {}): TrialOutcome => ({
  ok: true,
  windows: [window(train), window(test)],
});

describe('selectTrial', () => {
  const fold = { train: 0, test: 1 };

  it('takes the best objective in-sample among sets with enough trades, never looking at the test window', () => {
    const outcomes: TrialOutcome[] = [
      trial({ sharpe: 1.0, daily_sharpe: 0.05 }, { sharpe: 9 }),
      trial({ sharpe: 3.0, daily_sharpe: 0.15, trades: 2 }),
      trial({ sharpe: 2.0, daily_sharpe: 0.1 }, { sharpe: -1 }),
      trial({ sharpe: 5.0, daily_sharpe: 0.2, ruined: 1 }),
      { ok: false, error: 'fast_period must be smaller than slow_period' },
    ];
    const selection = selectTrial(outcomes, fold, { objective: 'sharpe', minTrades: 5 });
    expect(selection.trial, 'trial 1 has too few trades, trial 3 wiped the account out; trial 2 beats trial 0').toBe(2);
    expect(selection.candidates, 'the invalid set is not a candidate').toBe(4);
    expect(selection.objectiveValue).toBe(2);
  });

  it('breaks ties by the earlier trial, and selects nothing when no set trades enough', () => {
    const tied = [trial({ total_return: 0.1 }), trial({ total_return: 0.1 })];
    expect(selectTrial(tied, fold, { objective: 'total_return', minTrades: 0 }).trial).toBe(0);
    expect(selectTrial(tied, fold, { objective: 'total_return', minTrades: 11 })).toMatchObject({
      trial: undefined,
      deflatedSharpe: undefined,
    });
  });

  it('deflates the same best Sharpe ratio more when it was found among more, more dispersed trials', () => {
    const best = trial({ sharpe: 2, daily_sharpe: 0.12, days: 200 });
    const few = [best, trial({ sharpe: 1, daily_sharpe: 0.1 })];
    const many = [
      best,
      ...Array.from({ length: 200 }, (_, i) => trial({ sharpe: 1, daily_sharpe: ((i % 21) - 10) / 100 })),
    ];
    const a = selectTrial(few, fold, { objective: 'sharpe', minTrades: 0 });
    const b = selectTrial(many, fold, { objective: 'sharpe', minTrades: 0 });
    expect(a.trial).toBe(0);
    expect(b.trial).toBe(0);
    expect(b.deflatedSharpe as number).toBeLessThan(a.deflatedSharpe as number);
    expect(b.sharpeBenchmark as number).toBeGreaterThan(a.sharpeBenchmark as number);
  });
});

import { beforeAll, describe, expect, it } from 'vitest';
import { AlwaysLong, BTC_PERP as BTC, BTC_PERP_SAMPLE } from '../../../test/support/btc-perp.ts';
import { loadBars } from '../../adapters/data/index.ts';
import { type Bar, type BarSeries, sliceBarSeries } from '../model/data.ts';
import type { Strategy } from '../strategy/strategy.ts';
import type { StrategyContext } from '../strategy/strategy-context.ts';
import { BacktestEngine } from './backtest-engine.ts';

/** Flips between short and flat every `period` bars (its own fills decide its own position). */
class Flipper implements Strategy {
  private bars = 0;
  private held = 0;
  constructor(private readonly period: number) {}
  onStart(context: StrategyContext) {
    context.subscribeBars(BTC.id);
  }
  onOrderFilled(fill: { side: string; lastQuantity: number }) {
    this.held += fill.side === 'buy' ? fill.lastQuantity : -fill.lastQuantity;
  }
  onBar(_bar: Bar, context: StrategyContext) {
    if (++this.bars % this.period !== 0) return;
    const side = this.held < 0 ? 'buy' : 'sell';
    context.submitOrder(context.orders.market({ instrumentId: BTC.id, side, quantity: 0.3 }));
  }
}

describe('PnL attribution of strategies sharing one account (real BTC-PERP 1m bars)', () => {
  let series: BarSeries;
  beforeAll(async () => {
    series = (await loadBars({ path: BTC_PERP_SAMPLE, instrumentId: BTC.id, timeframe: '1m' })).series;
  });

  it("each strategy's own PnL, from its fills at its own cost, sums to the account's equity change", () => {
    const engine = new BacktestEngine({
      startingCash: 100_000,
      baseCurrency: 'USD',
      accountType: 'margin',
      seed: 1,
      exchange: { fees: { takerRate: 0.0007 }, slippage: { halfSpreadBps: 1, impactBps: 0 } },
      risk: { dailyDrawdown: { limit: 0.005 } },
    });
    engine.addInstrument(BTC);
    engine.addStrategy(new AlwaysLong(1), 'LONG');
    engine.addStrategy(new Flipper(45), 'FLIP');
    engine.processBars(sliceBarSeries(series, 0, 20_000));
    const result = engine.finish();
    const ids = result.strategyPnl.map((p) => p.strategyId).sort();
    expect(ids, 'the kill switch trades as a strategy of its own').toEqual(['FLIP', 'LONG', 'RISK']);
    const sum = result.strategyPnl.reduce((s, p) => s + p.netPnl, 0);
    expect(sum, 'Σ net PnL = final − initial equity').toBeCloseTo(result.finalEquity - result.initialEquity, 6);
    const fees = result.strategyPnl.reduce((s, p) => s + p.fees, 0);
    expect(fees).toBeCloseTo(result.feesPaid, 6);
    const fills = result.strategyPnl.reduce((s, p) => s + p.fills, 0);
    expect(fills).toBe(result.fills.length);
    for (const p of result.strategyPnl) {
      expect(p.netPnl).toBeCloseTo(p.realizedPnl + p.unrealizedPnl - p.fees, 9);
      expect(p.fills, `${p.strategyId} traded`).toBeGreaterThan(0);
    }
    // FLIP alone: its own fills, replayed by hand at average cost.
    const flip = result.strategyPnl.find((p) => p.strategyId === 'FLIP')!;
    let quantity = 0;
    let cash = 0;
    let fee = 0;
    for (const f of result.fills.filter((x) => x.strategyId === 'FLIP')) {
      const signed = f.side === 'buy' ? f.lastQuantity : -f.lastQuantity;
      quantity += signed;
      cash -= signed * f.lastPrice;
      fee += f.fee;
    }
    const mark = engine.kernel.portfolio.position(BTC.id)!.lastPrice;
    expect(flip.realizedPnl + flip.unrealizedPnl, 'cash flow + open quantity × mark').toBeCloseTo(
      cash + quantity * mark,
      6,
    );
    expect(flip.fees).toBeCloseTo(fee, 6);
  });
});

import { beforeAll, describe, expect, it } from 'vitest';
import { AlwaysLong, BTC_PERP as BTC, BTC_PERP_SAMPLE as SAMPLE } from '../../../test/support/btc-perp.ts';
import { loadBars } from '../../adapters/data/index.ts';
import type { BarSeries } from '../model/data.ts';
import type { OrderEvent } from '../model/events.ts';
import type { DailyDrawdownBreached } from '../risk/state/daily-drawdown-kill-switch.ts';
import type { TradingStateChanged } from '../risk/state/trading-state.ts';
import { BacktestEngine } from './backtest-engine.ts';
import { RISK_EVENTS_TOPIC } from './trading-kernel.ts';

/**
 * The daily-drawdown kill switch on real data: 31 days of FTX BTC-PERP 1-minute bars (January 2022,
 * when BTC fell from about 47,000 to 36,000). A strategy that stays long 2 BTC with 100,000 of cash
 * is hit on a bad day: the engine cancels, flattens at the next bar's open, refuses every order
 * during the 60-minute cooldown, and trades again after it.
 */
const MINUTE = 60_000;

describe('daily drawdown kill switch on real BTC-PERP bars', () => {
  let series: BarSeries;
  beforeAll(async () => {
    series = (await loadBars({ path: SAMPLE, instrumentId: BTC.id, timeframe: '1m' })).series;
  });

  it('halts on a bad day: cancel, flatten at the next open, deny during the cooldown, resume after it', () => {
    const engine = new BacktestEngine({
      startingCash: 100_000,
      baseCurrency: 'USD',
      accountType: 'margin',
      leverage: 1,
      seed: 1,
      risk: { dailyDrawdown: { limit: 0.05, cooldownMs: 60 * MINUTE } },
    });
    engine.addInstrument(BTC);
    engine.addStrategy(new AlwaysLong(), 'LONG');
    const breaches: DailyDrawdownBreached[] = [];
    const changes: TradingStateChanged[] = [];
    engine.kernel.bus.subscribe<DailyDrawdownBreached | TradingStateChanged>(RISK_EVENTS_TOPIC, (event) => {
      if (event.type === 'DailyDrawdownBreached') breaches.push(event);
      else changes.push(event);
    });
    const orderEvents: OrderEvent[] = [];
    engine.kernel.bus.subscribe<OrderEvent>('events.order.*', (event) => orderEvents.push(event));
    engine.processBars(series);
    engine.finish();

    expect(breaches.length, 'January 2022 has at least one day with a 5% fall').toBeGreaterThan(0);
    const breach = breaches[0]!;
    expect(breach.drawdown, 'past the limit').toBeGreaterThanOrEqual(0.05);
    const halted = changes.find((c) => c.to === 'HALTED');
    expect(halted?.reason).toBe('DAILY_DRAWDOWN');

    const flatten = orderEvents.find((e) => e.type === 'OrderFilled' && e.strategyId === 'RISK');
    expect(flatten, 'the risk engine flattened the position').toBeDefined();
    expect(flatten!.timestamp, "at the next bar's open: the breach was seen at the close").toBe(breach.timestamp);

    const until = breach.timestamp + 60 * MINUTE;
    const during = orderEvents.filter(
      (e) => e.strategyId === 'LONG' && e.timestamp >= breach.timestamp && e.timestamp < until,
    );
    expect(
      during.filter((e) => e.type === 'OrderDenied').length,
      'the strategy keeps trying during the cooldown',
    ).toBeGreaterThan(50);
    expect(
      during.every((e) => e.type === 'OrderDenied' && (e as { reason: string }).reason === 'TRADING_HALTED'),
      'every one of its orders is denied as HALTED',
    ).toBe(true);
    const resumed = changes.find((c) => c.to === 'ACTIVE' && c.timestamp >= breach.timestamp);
    expect(resumed?.reason, 'the cooldown ends by itself').toBe('COOLDOWN_ENDED');
    expect(resumed!.timestamp).toBe(until);
    expect(
      orderEvents.some((e) => e.strategyId === 'LONG' && e.type === 'OrderFilled' && e.timestamp >= until),
      'it trades again after the cooldown',
    ).toBe(true);
  });

  it('without the rail the same run never halts', () => {
    const engine = new BacktestEngine({ startingCash: 100_000, baseCurrency: 'USD', accountType: 'margin', seed: 1 });
    engine.addInstrument(BTC);
    engine.addStrategy(new AlwaysLong(), 'LONG');
    const risk: unknown[] = [];
    engine.kernel.bus.subscribe(RISK_EVENTS_TOPIC, (event) => risk.push(event));
    engine.processBars(series);
    expect(risk).toEqual([]);
  });
});

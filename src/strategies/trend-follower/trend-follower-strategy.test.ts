import { beforeAll, describe, expect, it } from 'vitest';
import { BTC_PERP, BTC_PERP_SAMPLE } from '../../../test/support/btc-perp.ts';
import { loadBars } from '../../adapters/data/index.ts';
import { atr } from '../../core/indicators/atr.ts';
import { ema } from '../../core/indicators/ema.ts';
import { rsi } from '../../core/indicators/rsi.ts';
import type { BarSeries } from '../../core/model/data.ts';
import type { Order } from '../../core/model/order.ts';
import { OPEN_RISK_LIMITS } from '../../core/risk/risk-limits.ts';
import { RiskPolicy } from '../../core/risk/risk-policy.ts';
import { type BarRow, barOf, barSeriesFromRows, testInstrument } from '../../core/testing/fixtures.ts';
import { barIndexByTime, headOf, ordersCreatedBy, perturbAfter, runStrategy } from '../testing/strategy-scenario.ts';
import { trendFollowerParameters } from './trend-follower-parameters.ts';
import { TrendFollowerStrategy } from './trend-follower-strategy.ts';

const INSTRUMENT = testInstrument({ sizeIncrement: 1 });
const MINUTE = 60_000;

/**
 * Each bar opens at the previous close and spans one unit beyond its open and close. With RSI(2),
 * EMA(3) (α = 0.5) and ATR(2), worked by hand:
 *  - bar 6 (close 99): RSI 0 → 80 crosses 60, EMA 97.5 < 99, ATR 4.5 → buy at bar 7's open 99;
 *    stop 99 − 4.5 = 94.5, target 103.5, live from bar 8, whose high 105 fills the target.
 *  - bar 11 (close 104): RSI 97.0 → 33.8 crosses down through 40, EMA 104.98 > 104, ATR 5.046875 →
 *    long_short sells at bar 12's open 104; stop 109.05, target 98.95, filled in bar 13 (low 98).
 *  - bar 15 (close 101): RSI 7.9 → 67.6, EMA 100.19, ATR 4.3154 → buy at bar 16's open 101; stop
 *    96.68, target 105.32. Bar 16 (low 96) is the fill bar, so the stop waits for bar 17 (low 89).
 */
const CLOSES = [100, 99, 98, 97, 96, 95, 99, 102, 104, 106, 108, 104, 100, 99, 98, 101, 97, 90];

function worked(params: Record<string, unknown>) {
  const rows = CLOSES.map((c, i): BarRow => {
    const open = i === 0 ? c : CLOSES[i - 1]!;
    return [open, Math.max(open, c) + 1, Math.min(open, c) - 1, c];
  });
  const strategy = new TrendFollowerStrategy(
    trendFollowerParameters.parse({
      rsi_period: 2,
      rsi_entry: 60,
      trend_period: 3,
      atr_period: 2,
      stop_atr: 1,
      target_atr: 1,
      cooldown_bars: 1,
      quantity: 1,
      ...params,
    }),
  );
  const { result } = runStrategy(strategy, {
    series: barSeriesFromRows(rows, INSTRUMENT, 1_000),
    instrument: INSTRUMENT,
  });
  return {
    fills: result.fills.map((f) => [barOf(f.timestamp), f.side, f.lastPrice]),
    orders: result.orders.map((o) => [o.type, o.side, o.price ?? o.triggerPrice ?? null, o.tags.join()]),
  };
}

describe('TrendFollowerStrategy on worked bars', () => {
  it('long_short: RSI crosses with the trend filter, ATR stop and target, the sibling canceled', () => {
    const { fills, orders } = worked({ mode: 'long_short' });
    expect(fills).toEqual([
      [7, 'buy', 99],
      [8, 'sell', 103.5],
      [12, 'sell', 104],
      [13, 'buy', 98.95],
      [16, 'buy', 101],
      [17, 'sell', 96.68],
    ]);
    expect(orders.slice(0, 6), 'stop and target of the first two trades').toEqual([
      ['market', 'buy', null, 'rsi_cross_up'],
      ['limit', 'sell', 103.5, 'take_profit'],
      ['stop_market', 'sell', 94.5, 'stop_loss'],
      ['market', 'sell', null, 'rsi_cross_down'],
      ['limit', 'buy', 98.95, 'take_profit'],
      ['stop_market', 'buy', 109.05, 'stop_loss'],
    ]);
  });

  it('long_only skips the short; the cooldown counts bar closes after the exit', () => {
    expect(worked({}).fills).toEqual([
      [7, 'buy', 99],
      [8, 'sell', 103.5],
      [16, 'buy', 101],
      [17, 'sell', 96.68],
    ]);
    expect(worked({ cooldown_bars: 7 }).fills, 'bars 8–14 skipped, bar 15 signals').toHaveLength(4);
    expect(worked({ cooldown_bars: 8 }).fills, 'bar 15 is the 8th close after the exit: skipped').toEqual([
      [7, 'buy', 99],
      [8, 'sell', 103.5],
    ]);
  });

  it('partial fills: exits for the whole entry at its average price; a partial target fill cuts the stop', () => {
    // Volume 10 a bar and 20% participation: 2 units fill per bar. The entry of 4 fills 2 at 99 and
    // 2 at 102 (average 100.5): stop 100.5 − 4.5 = 96, target 105, placed when it is done (bar 8).
    // The target fills 2 in bar 9 (stop cut to 2 by modifyOrder) and 2 at bar 10's open 106; then
    // the stop is canceled.
    const rows = CLOSES.map((c, i): BarRow => {
      const open = i === 0 ? c : CLOSES[i - 1]!;
      return [open, Math.max(open, c) + 1, Math.min(open, c) - 1, c];
    });
    const params = { rsi_period: 2, rsi_entry: 60, trend_period: 3, atr_period: 2, stop_atr: 1, target_atr: 1 };
    const { result } = runStrategy(
      new TrendFollowerStrategy(trendFollowerParameters.parse({ ...params, quantity: 4 })),
      {
        series: barSeriesFromRows(rows, INSTRUMENT, 10),
        instrument: INSTRUMENT,
        config: { exchange: { maxVolumeParticipation: 0.2 } },
      },
    );
    expect(result.fills.slice(0, 4).map((f) => [barOf(f.timestamp), f.side, f.lastQuantity, f.lastPrice])).toEqual([
      [7, 'buy', 2, 99],
      [8, 'buy', 2, 102],
      [9, 'sell', 2, 105],
      [10, 'sell', 2, 106],
    ]);
    const [, target, stop] = result.orders;
    expect(
      [stop!.triggerPrice, stop!.quantity, stop!.filledQuantity, stop!.status],
      'stop cut to 2, then canceled',
    ).toEqual([96, 2, 0, 'canceled']);
    expect([target!.price, target!.quantity, target!.status]).toEqual([105, 4, 'filled']);
  });

  it('a refused target leaves the trade on its stop (logged); no fallback exit', () => {
    // A 4% price collar refuses the target 103.5 (4.5% from 99); the stop 94.5 (a stop-market, not
    // collared) works and closes the trade in bar 17 (low 89). The bar-15 signal comes in the trade.
    const rows = CLOSES.map((c, i): BarRow => {
      const open = i === 0 ? c : CLOSES[i - 1]!;
      return [open, Math.max(open, c) + 1, Math.min(open, c) - 1, c];
    });
    const params = { rsi_period: 2, rsi_entry: 60, trend_period: 3, atr_period: 2, stop_atr: 1, target_atr: 1 };
    const { result, logs } = runStrategy(
      new TrendFollowerStrategy(trendFollowerParameters.parse({ ...params, quantity: 1 })),
      {
        series: barSeriesFromRows(rows, INSTRUMENT, 1_000),
        instrument: INSTRUMENT,
        config: {
          risk: { policy: new RiskPolicy({ limits: { ...OPEN_RISK_LIMITS, priceCollar: 0.04 } }) },
        },
      },
    );
    expect(result.fills.map((f) => [barOf(f.timestamp), f.side, f.lastPrice])).toEqual([
      [7, 'buy', 99],
      [17, 'sell', 94.5],
    ]);
    expect(result.orders.map((o) => [o.tags[0], o.status])).toEqual([
      ['rsi_cross_up', 'filled'],
      ['take_profit', 'denied'],
      ['stop_loss', 'filled'],
    ]);
    expect(logs.filter((l) => l.event.startsWith('trend_follower')).map((l) => [l.level, l.event])).toEqual([
      ['warn', 'trend_follower_target_refused'],
    ]);
  });

  it('a refused stop flattens the trade at market; a refused fallback is retried at the next bar', () => {
    // At most one open order: the target (sent first) works, the stop is denied, so the strategy
    // cancels the target and sends a reduce-only market order.
    const rows = CLOSES.map((c, i): BarRow => {
      const open = i === 0 ? c : CLOSES[i - 1]!;
      return [open, Math.max(open, c) + 1, Math.min(open, c) - 1, c];
    });
    const params = { rsi_period: 2, rsi_entry: 60, trend_period: 3, atr_period: 2, stop_atr: 1, target_atr: 1 };
    const { result } = runStrategy(
      new TrendFollowerStrategy(trendFollowerParameters.parse({ ...params, quantity: 1 })),
      {
        series: barSeriesFromRows(rows, INSTRUMENT, 1_000),
        instrument: INSTRUMENT,
        config: { risk: { policy: new RiskPolicy({ limits: { ...OPEN_RISK_LIMITS, maxOpenOrders: 1 } }) } },
      },
    );
    // The fallback is denied while the target's cancel is in flight, retried at the closes of bars
    // 7 and 8, and fills at bar 9's open 104.
    expect(result.orders.slice(0, 6).map((o) => [barOf(o.createdAt), o.tags[0], o.status])).toEqual([
      [7, 'rsi_cross_up', 'filled'],
      [7, 'take_profit', 'canceled'],
      [7, 'stop_loss', 'denied'],
      [7, 'exit_fallback', 'denied'],
      [8, 'exit_fallback', 'denied'],
      [9, 'exit_fallback', 'filled'],
    ]);
    expect(result.fills.map((f) => [barOf(f.timestamp), f.side, f.lastPrice]).slice(0, 3)).toEqual([
      [7, 'buy', 99],
      [9, 'sell', 104],
      [16, 'buy', 101],
    ]);
  });

  it('validates its parameters', () => {
    expect(() => trendFollowerParameters.parse({ rsi_entry: 45 }), 'entry above 50').toThrow();
    expect(() => trendFollowerParameters.parse({ stop_atr: 2, stop_atrr: 3 }), 'typos are refused').toThrow();
    expect(
      () => trendFollowerParameters.parse({ auto_tune: true, stop_atr: 5, stop_atr_bounds: [1, 4] }),
      'a starting value outside its bounds',
    ).toThrow(/stop_atr_bounds/);
    expect(trendFollowerParameters.parse({}), 'defaults').toMatchObject({
      rsi_period: 14,
      quantity: 0.2,
      mode: 'long_only',
      auto_tune: false,
    });
  });
});

describe('TrendFollowerStrategy on real BTC-PERP 1-minute bars', () => {
  let series: BarSeries;
  beforeAll(async () => {
    series = (await loadBars({ path: BTC_PERP_SAMPLE, instrumentId: BTC_PERP.id, timeframe: '1m' })).series;
  });
  const PARAMS = { mode: 'long_short', rsi_entry: 60, trend_period: 50, stop_atr: 2, target_atr: 3 } as const;

  it('enters on RSI crosses with the trend and exits at its ATR stop or target', () => {
    const params = trendFollowerParameters.parse(PARAMS);
    const { result } = runStrategy(new TrendFollowerStrategy(params), { series, instrument: BTC_PERP });
    const close = series.close;
    const rsiValues = rsi(close, { period: params.rsi_period });
    const trend = ema(close, { period: params.trend_period });
    const atrValues = atr(series, { period: params.atr_period });
    const barAt = barIndexByTime(series);
    const byId = new Map<string, Order>(result.orders.map((o) => [o.clientOrderId, o]));
    const entries = result.orders.filter((o) => o.type === 'market' && o.tags[0]?.startsWith('rsi_cross'));
    expect(entries.length, 'a month of minutes gives many trades').toBeGreaterThan(100);
    const problems: string[] = [];
    for (const entry of entries) {
      const t = barAt.get(entry.createdAt - MINUTE)!;
      const long = entry.side === 'buy';
      const crossed = long
        ? rsiValues[t - 1]! < 60 && rsiValues[t]! >= 60 && close[t]! > trend[t]!
        : rsiValues[t - 1]! > 40 && rsiValues[t]! <= 40 && close[t]! < trend[t]!;
      if (!crossed) problems.push(`${entry.clientOrderId}: no signal at bar ${t}`);
      const seq = Number(entry.clientOrderId.split('-')[1]);
      const stop = byId.get(`S-${String(seq + 2).padStart(6, '0')}`);
      const target = byId.get(`S-${String(seq + 1).padStart(6, '0')}`);
      if (stop === undefined || target === undefined) continue; // the run ended first
      const d = long ? 1 : -1;
      const fill = entry.averageFillPrice;
      if (stop.triggerPrice !== Math.round(fill - d * 2 * atrValues[t]!))
        problems.push(`${stop.clientOrderId}: stop ${stop.triggerPrice}, fill ${fill}, ATR ${atrValues[t]}`);
      if (target.price !== Math.round(fill + d * 3 * atrValues[t]!))
        problems.push(`${target.clientOrderId}: target ${target.price}, fill ${fill}, ATR ${atrValues[t]}`);
      if (stop.status === 'filled' && target.status === 'filled') problems.push(`${entry.clientOrderId}: both exits`);
    }
    const exits = result.fills.filter((f) => byId.get(f.clientOrderId)!.reduceOnly);
    for (const f of exits) {
      const order = byId.get(f.clientOrderId)!;
      const sell = f.side === 'sell';
      const ok =
        order.type === 'stop_market'
          ? sell
            ? f.lastPrice <= order.triggerPrice!
            : f.lastPrice >= order.triggerPrice!
          : sell
            ? f.lastPrice >= order.price!
            : f.lastPrice <= order.price!;
      if (!ok) problems.push(`${order.clientOrderId} ${order.type} filled at ${f.lastPrice}`);
    }
    expect(problems.slice(0, 10)).toEqual([]);
    const kinds = new Set(exits.map((f) => byId.get(f.clientOrderId)!.tags[0]));
    expect([...kinds].sort(), 'both exits happen').toEqual(['stop_loss', 'take_profit']);
    expect(result.roundTrips.length, 'every entry closed except perhaps the last').toBeGreaterThanOrEqual(
      entries.length - 1,
    );
  });

  it('no look-ahead: the orders up to bar t are the same when every later bar changes', () => {
    const head = headOf(series, 8_000);
    const t = 5_000;
    const run = (s: BarSeries) =>
      runStrategy(new TrendFollowerStrategy(trendFollowerParameters.parse(PARAMS)), { series: s, instrument: BTC_PERP })
        .result;
    const base = run(head);
    const changed = run(perturbAfter(head, t, 1.03));
    const closeOfT = head.timestamp[t]! + MINUTE;
    const before = ordersCreatedBy(base, closeOfT);
    expect(before.length, 'the strategy traded before t').toBeGreaterThan(20);
    expect(ordersCreatedBy(changed, closeOfT)).toEqual(before);
    expect(
      changed.orders.map((o) => o.createdAt),
      'the later bars changed the later orders',
    ).not.toEqual(base.orders.map((o) => o.createdAt));
  });

  it('auto-tune: adjusts within bounds every tune_every trades, logs old and new values, deterministic', () => {
    const params = trendFollowerParameters.parse({ ...PARAMS, auto_tune: true, tune_every: 5, tune_window: 10 });
    const run = () => runStrategy(new TrendFollowerStrategy(params), { series, instrument: BTC_PERP });
    const { result, logs } = run();
    const tuned = logs.filter((l) => l.event === 'trend_follower_tuned').map((l) => l.fields!);
    expect(tuned.length, 'several adjustments over the month').toBeGreaterThan(3);
    let previous = { rsi_period: 14, stop_atr: 2, target_atr: 3, cooldown_bars: 5 };
    for (const fields of tuned) {
      const old = fields.old as typeof previous;
      const next = fields.new as typeof previous;
      expect(old, 'each adjustment starts where the last one ended').toEqual(previous);
      expect((fields.trades as number) % 5, 'tuned after a multiple of tune_every trades').toBe(0);
      const rate = fields.win_rate as number;
      const losing = rate < 0.4;
      expect(rate < 0.4 || rate > 0.5, `win rate ${rate} outside the tolerance band`).toBe(true);
      // Losing: wider stop, closer target, longer cooldown and RSI window; winning: the reverse.
      const sign = losing ? 1 : -1;
      expect(sign * (next.stop_atr - old.stop_atr), 'stop').toBeGreaterThanOrEqual(0);
      expect(sign * (old.target_atr - next.target_atr), 'target').toBeGreaterThanOrEqual(0);
      expect(sign * (next.cooldown_bars - old.cooldown_bars), 'cooldown').toBeGreaterThanOrEqual(0);
      expect(sign * (next.rsi_period - old.rsi_period), 'rsi window').toBeGreaterThanOrEqual(0);
      expect(next, 'something changed').not.toEqual(old);
      expect(next.rsi_period).toBeGreaterThanOrEqual(7);
      expect(next.rsi_period).toBeLessThanOrEqual(28);
      expect(next.stop_atr).toBeGreaterThanOrEqual(1);
      expect(next.stop_atr).toBeLessThanOrEqual(4);
      expect(next.target_atr).toBeGreaterThanOrEqual(1.5);
      expect(next.target_atr).toBeLessThanOrEqual(6);
      expect(next.cooldown_bars).toBeLessThanOrEqual(60);
      previous = next;
    }
    const again = run();
    expect(again.logs, 'same data, same adjustments').toEqual(logs);
    expect(again.result.fills.length).toBe(result.fills.length);
  });
});

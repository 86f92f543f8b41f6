import { beforeAll, describe, expect, it } from 'vitest';
import { BTC_PERP, BTC_PERP_SAMPLE } from '../../../test/support/btc-perp.ts';
import { loadBars } from '../../adapters/data/index.ts';
import { bollingerBands } from '../../core/indicators/bollinger-bands.ts';
import type { BarSeries } from '../../core/model/data.ts';
import type { Order } from '../../core/model/order.ts';
import { type BarRow, barOf, barSeriesFromRows, testInstrument } from '../../core/testing/fixtures.ts';
import { barIndexByTime, headOf, ordersCreatedBy, perturbAfter, runStrategy } from '../testing/strategy-scenario.ts';
import { MeanReversionStrategy, meanReversionParameters } from './mean-reversion-strategy.ts';

const INSTRUMENT = testInstrument();
const MINUTE = 60_000;

/** Bars open at the previous close and reach half a unit beyond open and close. */
function worked(closes: readonly number[], params: Record<string, unknown>) {
  const rows = closes.map((c, i): BarRow => {
    const open = i === 0 ? c : closes[i - 1]!;
    return [open, Math.max(open, c) + 0.5, Math.min(open, c) - 0.5, c];
  });
  const strategy = new MeanReversionStrategy(
    meanReversionParameters.parse({ period: 3, entry_z: 1.2, quantity: 1, ...params }),
  );
  const { result } = runStrategy(strategy, {
    series: barSeriesFromRows(rows, INSTRUMENT, 1_000),
    instrument: INSTRUMENT,
  });
  return {
    fills: result.fills.map((f) => [
      barOf(f.timestamp),
      f.side,
      f.lastPrice,
      result.orders.find((o) => o.clientOrderId === f.clientOrderId)!.tags[0],
    ]),
    orders: result.orders,
  };
}

describe('MeanReversionStrategy on worked bars (period 3, population σ)', () => {
  const CLOSES = [10, 10, 10, 10, 7, 8, 10, 11, 10, 13, 12, 9, 6, 3];

  it('long_short with Bollinger bands: fades each band cross, exits at the middle', () => {
    // bar 4 [10,10,7]: z = −2/√2 = −1.41 crosses −1.2 → buy at bar 5's open 7.
    // bar 6 [7,8,10]: z = +1.34 ≥ 0 → sell at 7's open 10 (no short: the position was open).
    // bar 9 [11,10,13]: z +1.34 crosses +1.2 from −0.71 → short at 10's open 13.
    // bar 11 [13,12,9]: z = −1.37 ≤ 0 → buy back at 12's open 9. Bar 12 ([12,9,6], z −1.22) is
    // below the band but no cross (bar 11 was already below): no entry.
    expect(worked(CLOSES, { mode: 'long_short' }).fills).toEqual([
      [5, 'buy', 7, 'below_band'],
      [7, 'sell', 10, 'back_to_mean'],
      [10, 'sell', 13, 'above_band'],
      [12, 'buy', 9, 'back_to_mean'],
    ]);
  });

  it('zscore with exit_z 0.5 closes half a σ before the mean; long_only ignores the upper band', () => {
    // bar 5 [10,7,8]: z = −0.27 ≥ −0.5 → sell at 6's open 8. Bar 11: z −1.37 crosses from +0.27 → buy at 9.
    expect(worked(CLOSES, { indicator: 'zscore', exit_z: 0.5 }).fills).toEqual([
      [5, 'buy', 7, 'below_band'],
      [6, 'sell', 8, 'back_to_mean'],
      [12, 'buy', 9, 'below_band'],
    ]);
  });

  it('stop_sigma: a reduce-only stop one σ of the signal bar under the fill', () => {
    // Entry 7 at bar 5 (σ √2): stop 7 − 1.414 = 5.59, live from bar 6, whose low 4.5 fills it.
    // Bar 6 [7,6,5]: z = −1.22 crosses −1.2 again (bar 5 was −0.98) → buy 5, stop 5 − 0.816 = 4.18.
    const { fills, orders } = worked([10, 10, 10, 10, 7, 6, 5, 5], { stop_sigma: 1 });
    expect(fills).toEqual([
      [5, 'buy', 7, 'below_band'],
      [6, 'sell', 5.59, 'stop_loss'],
      [7, 'buy', 5, 'below_band'],
    ]);
    expect(orders.filter((o) => o.type === 'stop_market').map((o) => [o.triggerPrice, o.reduceOnly])).toEqual([
      [5.59, true],
      [4.18, true],
    ]);
  });

  it('validates its parameters', () => {
    expect(() => meanReversionParameters.parse({ entry_z: 1, exit_z: 1 }), 'exit inside the entry').toThrow();
    expect(() => meanReversionParameters.parse({ sigma: 2 }), 'unknown keys are refused').toThrow();
    expect(meanReversionParameters.parse({}), 'defaults').toMatchObject({
      indicator: 'bollinger',
      period: 20,
      entry_z: 2,
      exit_z: 0,
      quantity: 0.2,
    });
  });
});

describe('MeanReversionStrategy on real BTC-PERP 1-minute bars', () => {
  let series: BarSeries;
  beforeAll(async () => {
    series = (await loadBars({ path: BTC_PERP_SAMPLE, instrumentId: BTC_PERP.id, timeframe: '1m' })).series;
  });
  const PARAMS = { period: 60, entry_z: 2.5, exit_z: 0, stop_sigma: 3, mode: 'long_short' } as const;

  it('enters on band crosses and exits at the first close back at the mean, or at its σ stop', () => {
    const { result } = runStrategy(new MeanReversionStrategy(meanReversionParameters.parse(PARAMS)), {
      series,
      instrument: BTC_PERP,
    });
    const bands = bollingerBands(series.close, { period: 60, multiplier: 1 });
    const z = (i: number) => {
      const sigma = bands.upper[i]! - bands.middle[i]!;
      return sigma > 0 ? (series.close[i]! - bands.middle[i]!) / sigma : 0;
    };
    const barAt = barIndexByTime(series);
    const byId = new Map<string, Order>(result.orders.map((o) => [o.clientOrderId, o]));
    const problems: string[] = [];
    const kinds: Record<string, number> = {};
    let entry: Order | undefined;
    let signal = -1;
    for (const fill of result.fills) {
      const order = byId.get(fill.clientOrderId)!;
      const tag = order.tags[0]!;
      kinds[tag] = (kinds[tag] ?? 0) + 1;
      const t = barAt.get(order.createdAt - MINUTE)!; // the bar at whose close the order was made
      if (!order.reduceOnly) {
        const long = order.side === 'buy';
        const crossed = long ? z(t - 1) > -2.5 && z(t) <= -2.5 : z(t - 1) < 2.5 && z(t) >= 2.5;
        if (!crossed) problems.push(`${order.clientOrderId}: no band cross at bar ${t} (z ${z(t - 1)} → ${z(t)})`);
        entry = order;
        signal = t;
        continue;
      }
      const long = entry!.side === 'buy';
      const back = (i: number) => (long ? z(i) >= 0 : z(i) <= 0);
      const fillBar = barAt.get(entry!.createdAt)!;
      let expected = fillBar;
      while (expected < series.length && !back(expected)) expected++;
      if (tag === 'back_to_mean' && t !== expected)
        problems.push(`${order.clientOrderId}: exit at ${t}, mean at ${expected}`);
      if (tag === 'stop_loss') {
        const level = Math.round(
          entry!.averageFillPrice + (long ? -3 : 3) * (bands.upper[signal]! - bands.middle[signal]!),
        );
        if (order.triggerPrice !== level)
          problems.push(`${order.clientOrderId}: stop ${order.triggerPrice}, expected ${level}`);
        if (long ? fill.lastPrice > level : fill.lastPrice < level)
          problems.push(`${order.clientOrderId}: filled at ${fill.lastPrice}`);
        if (barAt.get(fill.timestamp)! > expected)
          problems.push(`${order.clientOrderId}: stopped after the mean exit bar`);
      }
    }
    expect(problems.slice(0, 10)).toEqual([]);
    expect(kinds.below_band, 'long entries').toBeGreaterThan(20);
    expect(kinds.above_band, 'short entries').toBeGreaterThan(20);
    expect(kinds.back_to_mean, 'exits at the mean').toBeGreaterThan(20);
    expect(kinds.stop_loss, 'stops').toBeGreaterThan(0);
  });

  it.each(['bollinger', 'zscore'] as const)(
    'no look-ahead (%s): orders up to bar t unchanged when later bars change',
    (indicator) => {
      const head = headOf(series, 8_000);
      const t = 5_000;
      const run = (s: BarSeries) =>
        runStrategy(new MeanReversionStrategy(meanReversionParameters.parse({ ...PARAMS, indicator })), {
          series: s,
          instrument: BTC_PERP,
        }).result;
      const base = run(head);
      const changed = run(perturbAfter(head, t, 0.97));
      const closeOfT = head.timestamp[t]! + MINUTE;
      const before = ordersCreatedBy(base, closeOfT);
      expect(before.length, 'the strategy traded before t').toBeGreaterThan(20);
      expect(ordersCreatedBy(changed, closeOfT)).toEqual(before);
      expect(
        changed.orders.map((o) => o.createdAt),
        'the later bars changed the later orders',
      ).not.toEqual(base.orders.map((o) => o.createdAt));
    },
  );
});

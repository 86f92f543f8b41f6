import { beforeAll, describe, expect, it } from 'vitest';
import { BTC_PERP, BTC_PERP_SAMPLE } from '../../../test/support/btc-perp.ts';
import { loadBars } from '../../adapters/data/index.ts';
import type { BarSeries } from '../../core/model/data.ts';
import type { Order } from '../../core/model/order.ts';
import { type BarRow, barOf, barSeriesFromRows, testInstrument } from '../../core/testing/fixtures.ts';
import { barIndexByTime, headOf, ordersCreatedBy, perturbAfter, runStrategy } from '../testing/strategy-scenario.ts';
import { MomentumStrategy, momentumParameters } from './momentum-strategy.ts';

const INSTRUMENT = testInstrument();
const MINUTE = 60_000;

/**
 * [close, volume]; each bar opens at the previous close. Window 2, volume_period 3: the window
 * volume is the sum of two bars, its average the mean of the previous three such sums.
 *  - bar 5: 106 / 100 (bar 3) − 1 = 6% ≥ 5%; window volume 60 > 1.5 × mean(20, 20, 40) = 40 → buy at
 *    bar 6's open 106; closes 108, 109, 110 (bars 6–8): held 3 closes → sell at bar 9's open 110.
 *  - bar 14: 116 / 110 = 5.45%; 80 > 1.5 × mean(20, 20, 50) = 45 → buy at 116; bar 15 closes 118
 *    (best), bar 16 at 114 ≤ 118 × 0.97 = 114.46 → reversal, sell at bar 17's open 114.
 *  - bar 23: 108 / 114 = −5.3%; 50 > 1.5 × 20 → long_short sells at 108; held 3 → buy at 106.
 */
const BARS: readonly (readonly [number, number])[] = [
  [100, 10],
  [100, 10],
  [100, 10],
  [100, 10],
  [100, 30],
  [106, 30],
  [108, 10],
  [109, 10],
  [110, 10],
  [110, 10],
  [110, 10],
  [110, 10],
  [110, 10],
  [110, 40],
  [116, 40],
  [118, 10],
  [114, 10],
  [114, 10],
  [114, 10],
  [114, 10],
  [114, 10],
  [114, 10],
  [114, 10],
  [108, 40],
  [107, 10],
  [106, 10],
  [106, 10],
  [106, 10],
];

function worked(params: Record<string, unknown>) {
  const rows = BARS.map(([close, volume], i): BarRow => {
    const open = i === 0 ? close : BARS[i - 1]![0];
    return [open, Math.max(open, close) + 0.5, Math.min(open, close) - 0.5, close, volume];
  });
  const strategy = new MomentumStrategy(
    momentumParameters.parse({
      window: 2,
      move_threshold: 0.05,
      volume_multiple: 1.5,
      volume_period: 3,
      hold_bars: 3,
      exit_threshold: 0.03,
      quantity: 1,
      ...params,
    }),
  );
  const { result } = runStrategy(strategy, { series: barSeriesFromRows(rows, INSTRUMENT, 0), instrument: INSTRUMENT });
  const tagOf = (id: string) => result.orders.find((o) => o.clientOrderId === id)!.tags[0];
  return result.fills.map((f) => [barOf(f.timestamp), f.side, f.lastPrice, tagOf(f.clientOrderId)]);
}

describe('MomentumStrategy on worked bars', () => {
  it('long_short: moves on heavy volume, exits after hold_bars or on a reversal', () => {
    expect(worked({ mode: 'long_short' })).toEqual([
      [6, 'buy', 106, 'momentum_up'],
      [9, 'sell', 110, 'hold_done'],
      [15, 'buy', 116, 'momentum_up'],
      [17, 'sell', 114, 'reversal'],
      [24, 'sell', 108, 'momentum_down'],
      [27, 'buy', 106, 'hold_done'],
    ]);
  });

  it('long_only skips the move down; the volume gate filters the weaker surge', () => {
    expect(worked({}), 'no short').toHaveLength(4);
    // volume_multiple 2.5: bar 5 needs 60 > 66.7 (no), bar 14 needs 80 > 75 (yes).
    expect(worked({ volume_multiple: 2.5 })).toEqual([
      [15, 'buy', 116, 'momentum_up'],
      [17, 'sell', 114, 'reversal'],
    ]);
    expect(worked({ move_threshold: 0.07 }), 'no move of 7%').toEqual([]);
  });

  it('validates its parameters', () => {
    expect(() => momentumParameters.parse({ window: 0 }), 'a window of at least one bar').toThrow();
    expect(() => momentumParameters.parse({ hold: 3 }), 'unknown keys are refused').toThrow();
    expect(momentumParameters.parse({}), 'defaults').toMatchObject({ window: 5, hold_bars: 10, quantity: 0.2 });
  });
});

describe('MomentumStrategy on real BTC-PERP 1-minute bars', () => {
  let series: BarSeries;
  beforeAll(async () => {
    series = (await loadBars({ path: BTC_PERP_SAMPLE, instrumentId: BTC_PERP.id, timeframe: '1m' })).series;
  });
  const PARAMS = {
    mode: 'long_short',
    window: 5,
    move_threshold: 0.004,
    volume_multiple: 2,
    volume_period: 60,
  } as const;

  it('enters on a move with volume and exits where the hold or the reversal rule says', () => {
    const params = momentumParameters.parse(PARAMS);
    const { result } = runStrategy(new MomentumStrategy(params), { series, instrument: BTC_PERP });
    const { close, volume } = series;
    const windowVolume = (t: number) => {
      let sum = 0;
      for (let k = t - 4; k <= t; k++) sum += volume[k]!;
      return sum;
    };
    const barAt = barIndexByTime(series);
    const byId = new Map<string, Order>(result.orders.map((o) => [o.clientOrderId, o]));
    const problems: string[] = [];
    const kinds: Record<string, number> = {};
    let expectedExit: [number, string] | undefined;
    for (const fill of result.fills) {
      const order = byId.get(fill.clientOrderId)!;
      const tag = order.tags[0]!;
      kinds[tag] = (kinds[tag] ?? 0) + 1;
      const t = barAt.get(order.createdAt - MINUTE)!;
      if (!order.reduceOnly) {
        const d = order.side === 'buy' ? 1 : -1;
        let average = 0;
        for (let k = t - 60; k < t; k++) average += windowVolume(k) / 60;
        const move = close[t]! / close[t - 5]! - 1;
        if (!(d * move >= 0.004)) problems.push(`${order.clientOrderId}: move ${move} at bar ${t}`);
        if (!(windowVolume(t) > 2 * average * (1 - 1e-9)))
          problems.push(`${order.clientOrderId}: volume ${windowVolume(t)} vs average ${average}`);
        // The exit the rules call for: the first close from the fill bar on that reverses 0.3% from
        // the best (fill price or a later close), else the 10th close.
        let best = fill.lastPrice;
        let i = barAt.get(fill.timestamp)!;
        for (let held = 1; i < series.length; i++, held++) {
          if (d * (close[i]! - best) > 0) best = close[i]!;
          if (d > 0 ? close[i]! <= best * 0.997 : close[i]! >= best * 1.003) {
            expectedExit = [i, 'reversal'];
            break;
          }
          if (held >= 10) {
            expectedExit = [i, 'hold_done'];
            break;
          }
        }
      } else if (expectedExit === undefined || expectedExit[0] !== t || expectedExit[1] !== tag) {
        problems.push(`${order.clientOrderId}: ${tag} at bar ${t}, expected ${expectedExit?.join(' ')}`);
      }
    }
    expect(problems.slice(0, 10)).toEqual([]);
    expect(kinds.momentum_up, 'long entries').toBeGreaterThan(10);
    expect(kinds.momentum_down, 'short entries').toBeGreaterThan(10);
    expect(kinds.reversal, 'reversal exits').toBeGreaterThan(5);
    expect(kinds.hold_done, 'exits after the hold').toBeGreaterThan(5);
  });

  it('no look-ahead: orders up to bar t unchanged when later bars change', () => {
    const head = headOf(series, 20_000);
    const t = 12_000;
    const run = (s: BarSeries) =>
      runStrategy(new MomentumStrategy(momentumParameters.parse(PARAMS)), { series: s, instrument: BTC_PERP }).result;
    const base = run(head);
    const changed = run(perturbAfter(head, t, 1.02));
    const closeOfT = head.timestamp[t]! + MINUTE;
    const before = ordersCreatedBy(base, closeOfT);
    expect(before.length, 'the strategy traded before t').toBeGreaterThan(10);
    expect(ordersCreatedBy(changed, closeOfT)).toEqual(before);
    expect(
      changed.orders.map((o) => o.createdAt),
      'the later bars changed the later orders',
    ).not.toEqual(base.orders.map((o) => o.createdAt));
  });
});

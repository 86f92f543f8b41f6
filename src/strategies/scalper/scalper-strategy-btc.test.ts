import { beforeAll, describe, expect, it } from 'vitest';
import { BTC_PERP, BTC_PERP_SAMPLE } from '../../../test/support/btc-perp.ts';
import { loadBars } from '../../adapters/data/index.ts';
import type { BarSeries } from '../../core/model/data.ts';
import { isOpen, type Order } from '../../core/model/order.ts';
import { type BacktestRun, runBacktest } from '../../runtime/backtest/run-backtest.ts';
import { backtestConfig } from '../../runtime/config/backtest-config.ts';
import { DEFAULT_BACKTEST_CONFIG } from '../../runtime/config/default-backtest-config.ts';
import { barIndexByTime, headOf, orderSignature, perturbAfter, runStrategy } from '../testing/strategy-scenario.ts';
import { AbdiRanaldoSpread } from './abdi-ranaldo-spread.ts';
import { scalperParameters } from './scalper-parameters.ts';
import { ScalperStrategy } from './scalper-strategy.ts';

const MINUTE = 60_000;
/** The module by path, as a config names a strategy that is not (yet) a built-in. */
const BY_PATH = 'src/strategies/scalper/index.ts#ScalperStrategy';

describe('scalper by module path with its defaults, on the real BTC-PERP month under the default config', () => {
  let run: BacktestRun;
  const events: string[] = [];
  const defaults = scalperParameters.parse({});
  beforeAll(async () => {
    const config = backtestConfig.parse({
      ...DEFAULT_BACKTEST_CONFIG,
      strategy: { name: BY_PATH, params: {} },
      data: { ...DEFAULT_BACKTEST_CONFIG.data, path: BTC_PERP_SAMPLE },
    });
    const line = (event: string) => {
      events.push(event);
    };
    const logger = { debug: line, info: line, warn: line, error: line };
    run = await runBacktest(config, { baseDir: '.', logger });
  });

  it('trades within the default risk limits and leaves nothing working but its last cycle', () => {
    const { result } = run;
    expect(result.roundTrips.length, 'closed trades over the month').toBeGreaterThan(10);
    const refused = result.orders.filter((o) => o.status === 'denied' || o.status === 'rejected');
    expect(refused.map((o) => [o.tags[0], o.reason]).slice(0, 3), 'nothing denied or rejected').toEqual([]);
    const entries = result.orders.filter((o) => !o.reduceOnly);
    expect(new Set(entries.map((o) => o.quantity)), 'every entry is 0.2 BTC').toEqual(new Set([0.2]));
    const lastEntry = entries[entries.length - 1]!;
    const dangling = result.orders.filter((o) => isOpen(o) && o.createdAt < lastEntry.createdAt);
    expect(
      dangling.map((o) => [o.clientOrderId, o.tags[0], o.status]),
      'working orders of earlier cycles',
    ).toEqual([]);
    const net = result.fills.reduce((q, f) => q + (f.side === 'buy' ? f.lastQuantity : -f.lastQuantity), 0);
    expect(Math.abs(net)).toBeLessThanOrEqual(0.2);
  });

  it('rests each entry at the stated price from its signal close and fills it only where the bar traded', () => {
    const { result, data } = run;
    const { close, high, low, open } = data.series;
    const barAt = barIndexByTime(data.series);
    const problems: string[] = [];
    const byId = new Map<string, Order>(result.orders.map((o) => [o.clientOrderId, o]));
    for (const order of result.orders.filter((o) => !o.reduceOnly)) {
      const t = barAt.get(order.createdAt - MINUTE)!;
      // The highest 1 USD tick at or under close × (1 − offset).
      const stated = close[t]! * (1 - defaults.entry_offset_bps / 1e4);
      if (!(order.price! <= stated + 1e-6 && order.price! > stated - 1 && Number.isInteger(order.price)))
        problems.push(`${order.clientOrderId}: price ${order.price}, stated ${stated}`);
      if (order.expireAfterBars !== defaults.timeout_bars) problems.push(`${order.clientOrderId}: no timeout`);
      // Expired at the open of the bar after its timeout_bars bars (later only across a data gap).
      if (order.status === 'expired' && order.updatedAt < order.createdAt + defaults.timeout_bars * MINUTE)
        problems.push(`${order.clientOrderId}: expired early`);
    }
    for (const fill of result.fills) {
      const i = barAt.get(fill.timestamp)!;
      const order = byId.get(fill.clientOrderId)!;
      // The price the path reached, before the (adverse) slippage of a taker fill.
      const reached = fill.side === 'buy' ? fill.lastPrice - fill.slippage : fill.lastPrice + fill.slippage;
      if (!(reached <= high[i]! && reached >= low[i]!))
        problems.push(`${fill.clientOrderId}: ${reached} outside bar ${i} [${low[i]}, ${high[i]}]`);
      // A resting limit fills at its price without slippage; one already through on arrival is a
      // taker at the bar's open (slipped, but never past its limit).
      if (order.type === 'limit' && fill.liquiditySide === 'maker' && fill.slippage !== 0)
        problems.push(`${fill.clientOrderId}: a maker fill slipped`);
      if (order.type === 'limit' && order.side === 'buy' && !(fill.lastPrice <= order.price!))
        problems.push(`${fill.clientOrderId}: bought ${fill.lastPrice} above its limit ${order.price}`);
      if (order.type === 'limit' && order.side === 'sell' && !(fill.lastPrice >= order.price!))
        problems.push(`${fill.clientOrderId}: sold ${fill.lastPrice} below its limit ${order.price}`);
      if (order.type === 'limit' && fill.liquiditySide === 'taker' && reached !== open[i])
        problems.push(`${fill.clientOrderId}: a taker limit fill off the open`);
    }
    expect(problems.slice(0, 10)).toEqual([]);
  });

  it('closes every trade by its target, its stop or its time stop, cancels the sibling, and cools down', () => {
    const { result, data } = run;
    const barAt = barIndexByTime(data.series);
    const byId = new Map<string, Order>(result.orders.map((o) => [o.clientOrderId, o]));
    const kinds: Record<string, number> = {};
    const problems: string[] = [];
    let position = 0;
    let closedAt = Number.NEGATIVE_INFINITY;
    const entries = result.orders.filter((o) => !o.reduceOnly);
    let nextEntry = 0;
    for (const fill of result.fills) {
      const order = byId.get(fill.clientOrderId)!;
      position += fill.side === 'buy' ? fill.lastQuantity : -fill.lastQuantity;
      position = Math.round(position * 1e4) / 1e4;
      if (!order.reduceOnly || position !== 0) continue;
      kinds[order.tags[0]!] = (kinds[order.tags[0]!] ?? 0) + 1;
      closedAt = barAt.get(fill.timestamp)!;
      // The next entry comes at a close at least cooldown_bars after the exit bar (the exit bar's own is the first).
      while (nextEntry < entries.length && entries[nextEntry]!.createdAt <= fill.timestamp) nextEntry++;
      const next = entries[nextEntry];
      if (next !== undefined && barAt.get(next.createdAt - MINUTE)! < closedAt + defaults.cooldown_bars)
        problems.push(
          `${next.clientOrderId} at bar ${barAt.get(next.createdAt - MINUTE)} within the cooldown of bar ${closedAt}`,
        );
    }
    expect(problems.slice(0, 5)).toEqual([]);
    expect(kinds.take_profit, 'targets hit').toBeGreaterThan(10);
    expect(kinds.stop_loss, 'stops hit').toBeGreaterThan(10);
    expect(kinds.time_stop, 'time stops').toBeGreaterThan(10);
    // One-cancels-other: no trade has both its target and its stop fill.
    const filledExits = result.orders.filter((o) => o.reduceOnly && o.filledQuantity > 0).length;
    expect(filledExits, 'one exit fill per closed trade').toBe(result.roundTrips.length);
    expect(events).toContain('scalper_spread_guard');
    expect(events).toContain('scalper_cooldown_started');
  });

  it('places no entry while the Abdi–Ranaldo estimate of its signal bar exceeds max_spread_bps', () => {
    const { result, data } = run;
    const { high, low, close } = data.series;
    const estimator = new AbdiRanaldoSpread({ period: defaults.spread_window });
    const estimate = Array.from(close, (c, i) => estimator.update(high[i]!, low[i]!, c) * 1e4);
    const barAt = barIndexByTime(data.series);
    const signals = result.orders.filter((o) => !o.reduceOnly).map((o) => barAt.get(o.createdAt - MINUTE)!);
    const over = signals.filter((t) => !(estimate[t]! <= defaults.max_spread_bps));
    expect(over.slice(0, 5), 'entries over the guard or before the estimate').toEqual([]);
    const blocked = estimate.filter((s) => s > defaults.max_spread_bps).length;
    expect(blocked / estimate.length, 'the guard is in force on some bars, not most').toBeGreaterThan(0.02);
    expect(blocked / estimate.length).toBeLessThan(0.5);
  });
});

describe('scalper on real BTC-PERP bars: no look-ahead', () => {
  let series: BarSeries;
  beforeAll(async () => {
    series = (await loadBars({ path: BTC_PERP_SAMPLE, instrumentId: BTC_PERP.id, timeframe: '1m' })).series;
  });

  it.each([
    ['long_only', 12_000],
    ['long_short', 8_000],
  ] as const)(
    '%s: the orders decided up to bar %i are the same with the future absent, as it was, or changed',
    (mode, t) => {
      const head = headOf(series, 16_000);
      const run = (s: BarSeries) =>
        runStrategy(new ScalperStrategy(scalperParameters.parse({ mode })), { series: s, instrument: BTC_PERP }).result;
      // Up to bar t alone: every order it holds was decided by bar t's close (entries, time stops)
      // or at fills up to bar t (exits).
      const known = run(headOf(head, t + 1)).orders.map(orderSignature);
      expect(known.length, 'the strategy traded before t').toBeGreaterThan(50);
      const base = run(head).orders.map(orderSignature);
      const changed = run(perturbAfter(head, t, 1.01)).orders.map(orderSignature);
      expect(base.slice(0, known.length), 'with the real future').toEqual(known);
      expect(changed.slice(0, known.length), 'with a changed future').toEqual(known);
      expect(changed.slice(known.length), 'the later bars changed the later orders').not.toEqual(
        base.slice(known.length),
      );
    },
  );
});

import { beforeAll, describe, expect, it } from 'vitest';
import { BTC_PERP as BTC, BTC_PERP_SAMPLE } from '../../../test/support/btc-perp.ts';
import { loadBars } from '../../adapters/data/index.ts';
import { BacktestEngine } from '../../core/kernel/backtest-engine.ts';
import { type BarSeries, sliceBarSeries } from '../../core/model/data.ts';
import { timeframeMillis } from '../../core/model/time.ts';
import { ordersCreatedBy, perturbAfter, runStrategy } from '../testing/strategy-scenario.ts';
import { MaHmmEnsembleStrategy, maHmmEnsembleParameters } from './ma-hmm-ensemble-strategy.ts';

/** Small fits so the tests stay quick: 1,500-return windows refitted daily, on 12,000 real 1m bars. */
const PARAMS = { fit_bars: 1500, refit_bars: 1440, restarts: 1, mode: 'long_short' } as const;

describe('ma_hmm_ensemble on real BTC-PERP 1m bars', () => {
  let series: BarSeries;
  beforeAll(async () => {
    const all = (await loadBars({ path: BTC_PERP_SAMPLE, instrumentId: BTC.id, timeframe: '1m' })).series;
    series = sliceBarSeries(all, 0, 12_000);
  });

  it('trades only after its first fit, in the MA direction, sized by regime confidence, exits tagged', () => {
    const params = maHmmEnsembleParameters.parse(PARAMS);
    const { result } = runStrategy(new MaHmmEnsembleStrategy(params), { series, instrument: BTC });
    const entries = result.orders.filter((o) => o.tags.includes('regime_long') || o.tags.includes('regime_short'));
    expect(entries.length, 'it trades').toBeGreaterThan(3);
    const firstFit = series.timestamp[PARAMS.fit_bars]! + timeframeMillis('1m');
    expect(entries[0]!.createdAt, 'no entry before the first fit (fit_bars returns seen)').toBeGreaterThanOrEqual(
      firstFit,
    );
    for (const order of entries) {
      expect(order.quantity, 'at most quantity × 1 × quote_multiplier 1').toBeLessThanOrEqual(params.quantity);
      expect(
        order.quantity,
        'confidence ≥ min_confidence sizes at least 20% of quantity, rounded down',
      ).toBeGreaterThanOrEqual(params.quantity * params.min_confidence - BTC.sizeIncrement);
    }
    const exits = result.orders.filter((o) => o.reduceOnly);
    expect(exits.length).toBeGreaterThan(0);
    expect(exits.every((o) => o.tags.includes('signal_turned') || o.tags.includes('confidence_lost'))).toBe(true);
  });

  it('never looks ahead: the orders up to bar t are the same when every later bar changes', () => {
    const params = maHmmEnsembleParameters.parse(PARAMS);
    for (const t of [3000, 6500]) {
      const base = runStrategy(new MaHmmEnsembleStrategy(params), { series, instrument: BTC }).result;
      const changed = runStrategy(new MaHmmEnsembleStrategy(params), {
        series: perturbAfter(series, t, 0.97),
        instrument: BTC,
      }).result;
      const cut = series.timestamp[t]! + timeframeMillis('1m');
      expect(ordersCreatedBy(changed, cut), `orders up to bar ${t}`).toEqual(ordersCreatedBy(base, cut));
      expect(ordersCreatedBy(base, cut).length, `orders exist before bar ${t}`).toBeGreaterThan(0);
    }
  });

  it('a calibration event replaces the per-symbol calibration from its time on', () => {
    const params = maHmmEnsembleParameters.parse(PARAMS);
    const engine = new BacktestEngine({ startingCash: 100_000, baseCurrency: 'USD', accountType: 'margin', seed: 1 });
    engine.addInstrument(BTC);
    engine.addStrategy(new MaHmmEnsembleStrategy(params), 'ENSEMBLE');
    const switchAt = series.timestamp[6000]!;
    engine.addExternalEvents([
      {
        type: 'ExternalEvent',
        kind: 'calibration',
        source: 'calibration.json',
        timestamp: switchAt,
        payload: { 'BTC-PERP': { confidence_gain: 1, quote_multiplier: 0.5, cooldown_scale: 1 } },
      },
    ]);
    engine.processBars(series);
    const entries = engine.finish().orders.filter((o) => o.tags.some((t) => t.startsWith('regime_')));
    const after = entries.filter((o) => o.createdAt > switchAt);
    expect(after.length).toBeGreaterThan(0);
    for (const order of after)
      expect(order.quantity, 'half size after the event').toBeLessThanOrEqual(params.quantity * 0.5 + 1e-12);
    expect(
      entries.some((o) => o.createdAt < switchAt && o.quantity > params.quantity * 0.5),
      'full size before it',
    ).toBe(true);
  });
});

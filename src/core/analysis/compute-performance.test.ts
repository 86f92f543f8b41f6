import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computePerformance, METRIC_CAP, type PerformanceInput, type RoundTrip } from './compute-performance.ts';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const T0 = Date.UTC(2024, 0, 1);

function input(equity: readonly number[], overrides: Partial<PerformanceInput> = {}, step = DAY): PerformanceInput {
  return {
    timestamps: Float64Array.from(equity, (_, index) => T0 + (index + 1) * step),
    equity: Float64Array.from(equity),
    length: equity.length,
    initialEquity: 100,
    periodsPerYear: 365,
    roundTrips: [],
    feesPaid: 0,
    tradedNotional: 0,
    stepsInMarket: 0,
    ...overrides,
  };
}

function trip(pnl: number): RoundTrip {
  return {
    instrumentId: 'BTCUSDT.BINANCE',
    side: 'long',
    entryTime: T0,
    exitTime: T0 + DAY,
    entryPrice: 100,
    exitPrice: 100 + pnl,
    quantity: 1,
    pnl,
    fees: 0.1,
  };
}

function sampleStdev(values: readonly number[]): number {
  const mean = values.reduce((sum, value) => sum + value, 0) / values.length;
  return Math.sqrt(values.reduce((sum, value) => sum + (value - mean) ** 2, 0) / (values.length - 1));
}

// Initial 100, daily closes 110, 99, 121: returns +10%, −10%, +22.2…%.
const RETURNS = [0.1, -0.1, 121 / 99 - 1];
const MEAN = (RETURNS[0] + RETURNS[1] + RETURNS[2]) / 3;

describe('computePerformance', () => {
  it('computes the hand-checked metrics of 100 → 110 → 99 → 121 over days', () => {
    const metrics = computePerformance(
      input([110, 99, 121], {
        roundTrips: [trip(10), trip(-5), trip(20), trip(-10)],
        feesPaid: 0.4,
        tradedNotional: 1100,
        stepsInMarket: 2,
      }),
    );
    const cagr = 1.21 ** (365.25 / 3) - 1;
    expect(metrics.total_return).toBeCloseTo(0.21, 12);
    expect(metrics.max_drawdown, '110 → 99').toBeCloseTo(0.1, 12);
    expect(metrics.max_drawdown_duration_ms, 'peak on day 1, recovered on day 3').toBe(2 * DAY);
    expect(metrics.cagr, 'elapsed: one bar step before the first bar to the last bar = 3 days').toBeCloseTo(cagr, 6);
    expect(metrics.calmar).toBeCloseTo(cagr / 0.1, 4);
    expect(metrics.sharpe).toBeCloseTo((MEAN / sampleStdev(RETURNS)) * Math.sqrt(365), 10);
    expect(metrics.sortino, 'downside deviation = sqrt(0.01 / 3)').toBeCloseTo(
      (MEAN / Math.sqrt(0.01 / 3)) * Math.sqrt(365),
      10,
    );
    expect(metrics.annualized_volatility).toBeCloseTo(sampleStdev(RETURNS) * Math.sqrt(365), 10);
    expect(metrics.turnover, 'mean equity is 110').toBeCloseTo(10, 12);
    expect(metrics.hit_rate).toBe(0.5);
    expect(metrics.profit_factor, '30 won / 15 lost').toBeCloseTo(2, 12);
    expect(metrics.average_trade).toBeCloseTo(3.75, 12);
    expect(metrics.exposure_time).toBeCloseTo(2 / 3, 12);
    expect(metrics.fees_paid).toBe(0.4);
    expect(metrics.trades).toBe(4);
    expect(metrics.start).toBe(T0 + DAY);
    expect(metrics.end).toBe(T0 + 3 * DAY);
  });

  it('counts a loss on the first bar as a drawdown from initialEquity', () => {
    const metrics = computePerformance(input([90, 95, 92]));
    expect(metrics.max_drawdown, '100 before the first bar, 90 after it').toBeCloseTo(0.1, 12);
    expect(metrics.max_drawdown_duration_ms, 'from one bar step before the first bar to the end').toBe(3 * DAY);
  });

  it('annualizes with the square root of periodsPerYear', () => {
    const crypto = computePerformance(input([110, 99, 121], { periodsPerYear: 365 }));
    const equities = computePerformance(input([110, 99, 121], { periodsPerYear: 252 }));
    expect(crypto.sharpe / equities.sharpe).toBeCloseTo(Math.sqrt(365 / 252), 12);
    expect(crypto.sortino / equities.sortino).toBeCloseTo(Math.sqrt(365 / 252), 12);
    expect(equities.annualized_volatility).toBeCloseTo(sampleStdev(RETURNS) * Math.sqrt(252), 12);
  });

  it('resamples intraday equity to the last value of each UTC day, but takes drawdown per bar', () => {
    // Hourly bars; an intraday dip to 55 on day 2 recovers before the day's close.
    const hourly: number[] = [];
    for (let hour = 0; hour < 71; hour++) {
      const day = Math.floor((hour + 1) / 24);
      hourly.push(hour === 30 ? 55 : [110, 99, 121, 121][day]);
    }
    const intraday = computePerformance(input(hourly, {}, HOUR));
    const closes = computePerformance(input([110, 99, 121]));
    expect(intraday.sharpe, 'same daily closes, same Sharpe').toBeCloseTo(closes.sharpe, 10);
    expect(intraday.annualized_volatility).toBeCloseTo(closes.annualized_volatility, 10);
    expect(intraday.max_drawdown, 'the intraday dip 110 → 55 counts').toBeCloseTo(0.5, 12);
  });

  it('gives no return for days without bars', () => {
    // Bars on days 1, 2 and 5 (a long weekend between): three returns, not six.
    const withGap = input([110, 99, 121]);
    withGap.timestamps = Float64Array.from([T0 + DAY, T0 + 2 * DAY, T0 + 5 * DAY]);
    const contiguous = computePerformance(input([110, 99, 121]));
    expect(computePerformance(withGap).sharpe).toBeCloseTo(contiguous.sharpe, 12);
  });

  it('subtracts the compounded daily risk-free rate', () => {
    const riskFree = 0.05;
    const daily = 1.05 ** (1 / 365) - 1;
    const metrics = computePerformance(input([110, 99, 121], { riskFreeRate: riskFree }));
    const excess = RETURNS.map((value) => value - daily);
    expect(metrics.sharpe).toBeCloseTo(((MEAN - daily) / sampleStdev(excess)) * Math.sqrt(365), 10);
  });

  it('reports 0, never NaN or Infinity, for undefined values', () => {
    const cases: PerformanceInput[] = [
      input([]),
      input([100]),
      input([100, 100, 100]),
      input([101, 102.01, 103.0301]), // constant 1% a day: zero variance
      input([120, 130, 140], { roundTrips: [trip(0)] }),
    ];
    for (const metrics of cases.map(computePerformance)) {
      for (const [name, value] of Object.entries(metrics)) expect(Number.isFinite(value), name).toBe(true);
      expect(JSON.parse(JSON.stringify(metrics))).toEqual(metrics);
    }
    const [empty, single, flat, steady, rising] = cases.map(computePerformance);
    expect(empty.total_return).toBe(0);
    expect(empty.trades).toBe(0);
    expect(single.sharpe, 'one day is not enough for a standard deviation').toBe(0);
    expect(flat.sharpe).toBe(0);
    expect(flat.calmar, 'zero drawdown').toBe(0);
    expect(steady.sharpe, 'zero variance').toBe(0);
    expect(steady.sortino, 'no down day').toBe(0);
    expect(rising.profit_factor, 'no gross profit and no gross loss').toBe(0);
    expect(rising.hit_rate).toBe(0);
  });

  it('caps the profit factor when no trade lost', () => {
    const metrics = computePerformance(input([110, 120], { roundTrips: [trip(5), trip(7)] }));
    expect(metrics.profit_factor).toBe(METRIC_CAP);
    expect(metrics.hit_rate).toBe(1);
  });

  it('caps a CAGR that would overflow over a very short run', () => {
    const metrics = computePerformance(input([200, 400], {}, 60_000));
    expect(metrics.cagr).toBe(METRIC_CAP);
  });

  it('gives a CAGR of −1 when the account is wiped out', () => {
    expect(computePerformance(input([50, -10])).cagr).toBe(-1);
  });

  it('throws on broken invariants', () => {
    const unordered = input([110, 99]);
    unordered.timestamps = Float64Array.from([T0 + DAY, T0 + DAY]);
    expect(() => computePerformance(unordered)).toThrow(/strictly increasing/);
    expect(() => computePerformance(input([110], { length: 2 }))).toThrow(/length/);
    expect(() => computePerformance(input([110], { initialEquity: 0 }))).toThrow(/initialEquity/);
    expect(() => computePerformance(input([110], { periodsPerYear: 0 }))).toThrow(/periodsPerYear/);
    expect(() => computePerformance(input([110, Number.NaN]))).toThrow(/finite/);
  });

  it('keeps max_drawdown in [0, 1) for positive equity and 0 for rising equity (property)', () => {
    const positive = fc.double({ min: 1e-3, max: 1e6, noNaN: true });
    fc.assert(
      fc.property(fc.array(positive, { minLength: 1, maxLength: 300 }), positive, (values, initialEquity) => {
        const metrics = computePerformance(input(values, { initialEquity }, HOUR));
        expect(metrics.max_drawdown).toBeGreaterThanOrEqual(0);
        expect(metrics.max_drawdown).toBeLessThan(1);
        for (const value of Object.values(metrics)) expect(Number.isFinite(value)).toBe(true);
      }),
    );
    fc.assert(
      fc.property(fc.uniqueArray(positive, { minLength: 1, maxLength: 300 }), (values) => {
        const rising = [...values].sort((a, b) => a - b);
        const metrics = computePerformance(input(rising, { initialEquity: rising[0] }, HOUR));
        expect(metrics.max_drawdown).toBe(0);
        expect(metrics.max_drawdown_duration_ms).toBe(0);
        expect(metrics.calmar).toBe(0);
      }),
    );
  });
});

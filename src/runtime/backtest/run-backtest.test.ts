import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { backtestConfig } from '../config/backtest-config.ts';
import { runBacktest } from './run-backtest.ts';

const ORCL_2015 = fileURLToPath(new URL('../../../test/fixtures/orcl-1995-2014-2015download.txt', import.meta.url));

/** Yahoo rows of 2000, adjusted as backtrader does by default: x / (close / adjClose), rounded to cents. */
function referenceBars(): { date: string; open: number; close: number }[] {
  const round2 = (x: number): number => Math.round(x * 100) / 100;
  return readFileSync(ORCL_2015, 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => line.split(','))
    .filter(([date]) => date >= '2000-01-01' && date < '2001-01-01')
    .map(([date, open, , , close, , adj]) => {
      const f = Number(close) / Number(adj);
      return { date, open: round2(Number(open) / f), close: round2(Number(adj)) };
    });
}

/**
 * The expected trade list, worked out independently of the engine: close crosses SMA(15)
 * upward → buy 10 at the next day's open; downward → sell 10 at the next day's open;
 * commission 0.1% of notional, rounded to the cent.
 */
function referenceTrades(): { date: string; side: 'buy' | 'sell'; price: number; fee: number }[] {
  const bars = referenceBars();
  const trades: { date: string; side: 'buy' | 'sell'; price: number; fee: number }[] = [];
  let previous = Number.NaN;
  let long = false;
  for (let i = 14; i < bars.length - 1; i++) {
    let sum = 0;
    for (let j = i - 14; j <= i; j++) sum += bars[j].close;
    const diff = bars[i].close - sum / 15;
    const side: 'buy' | 'sell' | undefined =
      diff > 0 && previous <= 0 && !long ? 'buy' : diff < 0 && previous >= 0 && long ? 'sell' : undefined;
    previous = diff;
    if (side === undefined) continue;
    long = side === 'buy';
    const price = bars[i + 1].open;
    trades.push({ date: bars[i + 1].date, side, price, fee: Math.round(price * 10 * 0.001 * 100) / 100 });
  }
  return trades;
}

describe('backtest of daily ORCL (backtrader quickstart data, 2015 download)', () => {
  it('trades the hand-checked list: next-day open fills, 0.1% commission, 10 shares', async () => {
    const config = backtestConfig.parse({
      strategy: { name: 'sma_cross', params: { fast_period: 1, slow_period: 15, quantity: 10 } },
      data: { path: ORCL_2015, adjust: true },
      instrument: { symbol: 'ORCL', venue: 'NASDAQ', kind: 'equity', price_increment: 0.01 },
      account: { type: 'cash', starting_cash: 100_000 },
      execution: { fee_bps: 10 },
      period: { from: '2000-01-01', to: '2001-01-01' },
    });
    const run = await runBacktest(config, { baseDir: '.' });
    const fills = run.result.fills.map((f) => ({
      date: new Date(f.timestamp).toISOString().slice(0, 10),
      side: f.side,
      price: f.lastPrice,
      fee: f.fee,
    }));
    const expected = referenceTrades();
    expect(expected.length, 'the reference finds trades in 2000').toBeGreaterThan(10);
    // Checked by hand against the file: 2000-01-24 closes at 25.55 (adjusted), below its SMA(15)
    // 25.847; 2000-01-25 closes at 26.61, above 25.765: buy at 2000-01-26's open 56.75 / (55.06 /
    // 25.96) = 26.76, fee 0.27. 2000-01-27 closes at 24.43 below 25.828: sell at 2000-01-28's
    // open 51.50 / (47.38 / 22.34) = 24.28, fee 0.24.
    expect(fills.slice(0, 2), 'first round trip, worked out by hand').toEqual([
      { date: '2000-01-26', side: 'buy', price: 26.76, fee: 0.27 },
      { date: '2000-01-28', side: 'sell', price: 24.28, fee: 0.24 },
    ]);
    expect(fills.slice(0, expected.length), 'the engine trades exactly the reference list').toEqual(
      expected.slice(0, fills.length),
    );
    expect(fills.length, 'one fill per signal, the last one may be left open').toBe(expected.length);
    const cashFlow = expected.reduce((sum, t) => sum + (t.side === 'buy' ? -1 : 1) * t.price * 10 - t.fee, 0);
    const openShares =
      expected.filter((t) => t.side === 'buy').length - expected.filter((t) => t.side === 'sell').length;
    const lastClose = referenceBars().at(-1)!.close;
    expect(run.result.finalEquity, 'value = cash + position × close').toBeCloseTo(
      100_000 + cashFlow + openShares * 10 * lastClose,
      6,
    );
    expect(run.metrics.fees_paid).toBeCloseTo(
      expected.reduce((s, t) => s + t.fee, 0),
      9,
    );
  });

  it('risk.daily_drawdown from the config reaches the engine: a bad day flattens and halts', async () => {
    const base = {
      strategy: { name: 'sma_cross', params: { fast_period: 1, slow_period: 15, quantity: 3000 } },
      data: { path: ORCL_2015, adjust: true },
      instrument: { symbol: 'ORCL', venue: 'NASDAQ', kind: 'equity', price_increment: 0.01 },
      account: { type: 'cash', starting_cash: 100_000 },
      period: { from: '2000-01-01', to: '2001-01-01' },
      // A 75% position: past the blueprint's 10% position and 50% exposure limits, lifted here.
      risk: { limits: { max_position: 'none', max_gross_exposure: 'none', max_net_exposure: 'none' } },
    } as const;
    const railed = await runBacktest(
      backtestConfig.parse({
        ...base,
        risk: { ...base.risk, daily_drawdown: { limit: 0.05, cooldown_minutes: 1440 } },
      }),
      { baseDir: '.' },
    );
    const flattens = railed.result.fills.filter((f) => f.strategyId === 'RISK');
    expect(flattens.length, 'ORCL in 2000 has days 5% down for a position of about 75,000').toBeGreaterThan(0);
    const free = await runBacktest(backtestConfig.parse(base), { baseDir: '.' });
    expect(
      free.result.fills.some((f) => f.strategyId === 'RISK'),
      'no rail, no risk orders',
    ).toBe(false);
    expect(
      () => backtestConfig.parse({ ...base, risk: { daily_drawdown: { limit: 2 } } }),
      'limit is a fraction',
    ).toThrow();
  });

  it('the blueprint limits apply when the config names none: a 75% position is denied MAX_POSITION', async () => {
    const run = await runBacktest(
      backtestConfig.parse({
        strategy: { name: 'sma_cross', params: { fast_period: 1, slow_period: 15, quantity: 3000 } },
        data: { path: ORCL_2015, adjust: true },
        instrument: { symbol: 'ORCL', venue: 'NASDAQ', kind: 'equity', price_increment: 0.01 },
        account: { type: 'cash', starting_cash: 100_000 },
        period: { from: '2000-01-01', to: '2001-01-01' },
      }),
      { baseDir: '.' },
    );
    expect(run.result.fills.length, 'every entry is denied, so nothing fills').toBe(0);
    const denials = run.result.riskEvents.filter((e) => e.type === 'OrderDenied');
    expect(denials.length).toBeGreaterThan(10);
    expect(new Set(denials.map((e) => (e.type === 'OrderDenied' ? e.reason : '')))).toEqual(new Set(['MAX_POSITION']));
    expect(
      denials[0]?.type === 'OrderDenied' && denials[0].detail,
      'the numbers: share of equity and the limit',
    ).toMatch(/account: position would reach [\d.]+ = [\d.]+% of equity [\d.]+, limit 10%/);
  });
});

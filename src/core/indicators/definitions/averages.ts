import { Ema, ema, emaLookback } from '../ema.ts';
import { defineIndicator, type IndicatorDefinition } from '../indicator.ts';

const period = (fallback: number, description = 'bars in the average') =>
  ({ name: 'period', kind: 'integer', default: fallback, min: 1, description }) as const;

/** Moving averages and rolling statistics of one value series (closes, in the registry). */
export const AVERAGE_INDICATORS: readonly IndicatorDefinition[] = [
  defineIndicator<{ period: number; seed: 'sma' | 'first' }>({
    name: 'ema',
    title: 'Exponential moving average',
    description:
      'α = 2 / (period + 1). seed=sma (default, TA-Lib): first value = SMA of the first period closes, at bar period − 1. ' +
      'seed=first (TradingView, Tulip, pandas adjust=False): first value = first close, at bar 0.',
    input: 'value',
    parameters: [
      period(20),
      {
        name: 'seed',
        kind: 'choice',
        default: 'sma',
        choices: ['sma', 'first'],
        description: 'how the average starts',
      },
    ],
    outputs: ['value'],
    lookback: (p) => emaLookback(p),
    batch: ({ bars }, p, out) => [ema(bars.close, p, out?.[0])],
    create: (p) => new Ema(p),
  }),
];

import { beforeAll, describe, expect, it } from 'vitest';
import { accumulationDistribution } from '../../src/core/indicators/accumulation-distribution.ts';
import { chaikinOscillator } from '../../src/core/indicators/chaikin-oscillator.ts';
import { obv } from '../../src/core/indicators/obv.ts';
import { type Dataset, realDatasets, syntheticDatasets } from './datasets.ts';
import { expectMatchesTalib, talib } from './talib-harness.ts';

let datasets: readonly Dataset[] = [];
beforeAll(async () => {
  datasets = [...(await realDatasets()), ...syntheticDatasets()];
});

describe('volume indicators match TA-Lib', () => {
  it('OBV, first value = first volume', () => {
    for (const { name, bars } of datasets) {
      const theirs = talib('OBV', { inReal: bars.close, volume: bars.volume });
      expectMatchesTalib(obv(bars), theirs.outputs.outReal!, `OBV on ${name}`);
    }
  });

  it('AD (Chaikin A/D line)', () => {
    for (const { name, bars } of datasets) {
      const { high, low, close, volume } = bars;
      const theirs = talib('AD', { high, low, close, volume });
      expectMatchesTalib(accumulationDistribution(bars), theirs.outputs.outReal!, `AD on ${name}`);
    }
  });

  it('ADOSC for (3, 10), (2, 5), (10, 3) and (12, 26): first-value seeding, lookback max(fast, slow) − 1', () => {
    for (const { name, bars } of datasets) {
      const { high, low, close, volume } = bars;
      for (const [fastPeriod, slowPeriod] of [
        [3, 10],
        [2, 5],
        [10, 3],
        [12, 26],
      ] as const) {
        const theirs = talib(
          'ADOSC',
          { high, low, close, volume },
          { optInFastPeriod: fastPeriod, optInSlowPeriod: slowPeriod },
        );
        expectMatchesTalib(
          chaikinOscillator(bars, { fastPeriod, slowPeriod }),
          theirs.outputs.outReal!,
          `ADOSC(${fastPeriod}, ${slowPeriod}) on ${name}`,
        );
      }
    }
  });

  it('the datasets exercise the zero-range and equal-close branches', () => {
    const flatBars = datasets.some(({ bars }) => bars.high.some((h, i) => h === bars.low[i]));
    const equalCloses = datasets.some(({ bars }) => bars.close.some((c, i) => i > 0 && c === bars.close[i - 1]));
    expect(flatBars, 'some bar has high = low (A/D adds nothing there)').toBe(true);
    expect(equalCloses, 'some close equals the previous one (OBV unchanged there)').toBe(true);
  });
});

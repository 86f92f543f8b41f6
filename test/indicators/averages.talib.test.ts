import { beforeAll, describe, it } from 'vitest';
import { ema } from '../../src/core/indicators/ema.ts';
import { type Dataset, realDatasets, syntheticDatasets } from './datasets.ts';
import { expectMatchesTalib, talib } from './talib-harness.ts';

let datasets: readonly Dataset[] = [];
beforeAll(async () => {
  datasets = [...(await realDatasets()), ...syntheticDatasets()];
});

describe('moving averages match TA-Lib', () => {
  it('EMA (SMA-seeded) for periods 2, 9, 20, 200', () => {
    for (const { name, bars } of datasets) {
      for (const period of [2, 9, 20, 200]) {
        const theirs = talib('EMA', { inReal: bars.close }, { optInTimePeriod: period });
        expectMatchesTalib(ema(bars.close, { period }), theirs.outputs.outReal!, `EMA(${period}) on ${name}`);
      }
    }
  });
});

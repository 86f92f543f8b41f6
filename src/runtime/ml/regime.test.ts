import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadBars } from '../../adapters/data/index.ts';
import { instrumentId } from '../../core/model/ids.ts';
import { ConfigError } from '../config/load-backtest-config.ts';
import { defaultBarsPerYear, type RegimeResult, regimeResultJson, runRegime, writeRegimeCsv } from './regime.ts';
import { regimeObservations, stationaryDistribution } from './regime-analysis.ts';

const ORCL = fileURLToPath(new URL('../../../test/fixtures/orcl-1995-2014.txt', import.meta.url));

describe('runRegime on ORCL daily, 2 states', () => {
  let result: RegimeResult;
  beforeAll(async () => {
    result = await runRegime({ data: ORCL, states: 2, seed: 7 });
  });

  it('fits one bull and one bear state with parameters that hang together', () => {
    const { analysis, series } = result;
    expect(series.length, 'every daily bar of 1995-2014').toBe(5036);
    expect(analysis.rows, 'one log return per bar after the first').toBe(series.length - 1);
    expect(analysis.barsPerYear, 'no weekend bars: 252 trading days').toBe(252);
    expect(analysis.parameters.map((p) => p.label).sort()).toEqual(['bear', 'bull']);
    const bull = analysis.parameters.find((p) => p.label === 'bull');
    const bear = analysis.parameters.find((p) => p.label === 'bear');
    expect(bull?.meanReturn).toBeGreaterThan(bear?.meanReturn ?? Number.POSITIVE_INFINITY);
    const { transitions } = analysis.model;
    for (const p of analysis.parameters) {
      expect(p.annualMeanReturn).toBeCloseTo(p.meanReturn * 252, 12);
      expect(p.annualVolatility).toBeCloseTo(p.volatility * Math.sqrt(252), 12);
      expect(p.expectedDuration).toBeCloseTo(1 / (1 - transitions[p.state * 2 + p.state]), 9);
      expect(p.expectedDuration, 'daily regimes last more than a few days').toBeGreaterThan(5);
    }
    const shares = analysis.parameters.map((p) => p.stationaryShare);
    expect(shares[0] + shares[1]).toBeCloseTo(1, 12);
    // π P = π for the stationary share.
    for (let j = 0; j < 2; j++)
      expect(shares[0] * transitions[j] + shares[1] * transitions[2 + j], `π P = π at ${j}`).toBeCloseTo(shares[j], 12);
    const viterbiShares = analysis.parameters.map((p) => p.viterbiShare);
    expect(viterbiShares[0] + viterbiShares[1]).toBeCloseTo(1, 12);
  });

  it('splits both timelines into runs that cover the modelled bars once, in order, with their returns', () => {
    const { analysis, series } = result;
    for (const [name, runs, states] of [
      ['viterbi', analysis.viterbiRuns, analysis.viterbiStates],
      ['filtered', analysis.filteredRuns, analysis.filteredStates],
    ] as const) {
      let next = analysis.firstIndex;
      for (const [i, run] of runs.entries()) {
        expect(run.fromIndex, `${name} run ${i} starts where the previous ended`).toBe(next);
        expect(run.bars).toBe(run.toIndex - run.fromIndex + 1);
        expect(run.from).toBe(series.timestamp[run.fromIndex]);
        expect(states[run.fromIndex - analysis.firstIndex]).toBe(run.state);
        if (i > 0) expect(run.state, `${name} runs ${i - 1} and ${i} differ`).not.toBe(runs[i - 1].state);
        expect(run.return).toBeCloseTo(series.close[run.toIndex] / series.close[run.fromIndex - 1] - 1, 12);
        next = run.toIndex + 1;
      }
      expect(next, `${name} runs end at the last bar`).toBe(series.length);
    }
    expect(analysis.agreement).toBeGreaterThan(0.5);
    expect(analysis.agreement).toBeLessThanOrEqual(1);
  });

  it('is deterministic under its seed and serialises to JSON without ∞ or NaN', async () => {
    const again = await runRegime({ data: ORCL, states: 2, seed: 7 });
    expect(JSON.stringify(regimeResultJson(again))).toBe(JSON.stringify(regimeResultJson(result)));
    const json = JSON.parse(JSON.stringify(regimeResultJson(result)));
    expect(json.states).toBe(2);
    expect(json.transitions).toHaveLength(2);
    expect(json.viterbiRuns.length).toBe(result.analysis.viterbiRuns.length);
    expect(typeof json.logLikelihood).toBe('number');
  });

  it('writes one CSV row per modelled bar whose filtered probabilities sum to 1', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'tradewind-regime-')), 'orcl.csv');
    await writeRegimeCsv(path, result);
    const lines = readFileSync(path, 'utf8').trim().split('\n');
    expect(lines[0]).toMatch(
      /^timestamp,close,viterbi_state,viterbi_label,filtered_state,filtered_label,p_0_\w+,p_1_\w+$/,
    );
    expect(lines.length - 1).toBe(result.analysis.rows);
    for (const line of lines.slice(1)) {
      const cells = line.split(',');
      expect(Number(cells[6]) + Number(cells[7]), line).toBeCloseTo(1, 9);
    }
  });

  it('names --states when the range holds too few bars', async () => {
    const attempt = runRegime({ data: ORCL, states: 2, to: Date.UTC(1995, 0, 20) });
    await expect(attempt).rejects.toThrow(ConfigError);
    await expect(runRegime({ data: ORCL, states: 2, to: Date.UTC(1995, 0, 20) })).rejects.toThrow(/--states 2/);
  });
});

describe('regime observations and helpers', () => {
  it('computes the rolling volatility from bars up to t only', async () => {
    const { series } = await loadBars({ path: ORCL, instrumentId: instrumentId('ORCL', 'FILE') });
    const window = 5;
    const { observations, firstIndex, dimensions } = regimeObservations(series, ['returns', 'volatility'], window);
    expect(dimensions).toBe(2);
    expect(firstIndex, 'first bar with a full window of returns').toBe(window);
    const t = 100;
    const returns = Array.from({ length: window }, (_, i) => Math.log(series.close[t - i] / series.close[t - i - 1]));
    const mean = returns.reduce((a, b) => a + b, 0) / window;
    const sd = Math.sqrt(returns.reduce((a, r) => a + (r - mean) ** 2, 0) / window);
    const row = t - firstIndex;
    expect(observations[row * 2]).toBeCloseTo(returns[0], 15);
    expect(observations[row * 2 + 1]).toBeCloseTo(sd, 15);
    // Changing a later bar leaves row `row` untouched.
    const close = Float64Array.from(series.close);
    close[t + 1] *= 2;
    const changed = regimeObservations({ ...series, close }, ['returns', 'volatility'], window).observations;
    expect(Array.from(changed.subarray(0, (row + 1) * 2))).toEqual(Array.from(observations.subarray(0, (row + 1) * 2)));
    expect(defaultBarsPerYear(series)).toBe(252);
  });

  it('solves the stationary distribution of a 3-state chain', () => {
    const p = Float64Array.from([0.9, 0.1, 0, 0.05, 0.9, 0.05, 0, 0.2, 0.8]);
    const pi = stationaryDistribution(p, 3);
    // Detailed balance: π0·0.1 = π1·0.05 and π1·0.05 = π2·0.2 → π ∝ (1, 2, 0.5).
    expect(Array.from(pi).map((v) => v * 3.5)).toEqual([
      expect.closeTo(1, 12),
      expect.closeTo(2, 12),
      expect.closeTo(0.5, 12),
    ]);
  });
});

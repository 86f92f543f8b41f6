import type { GaussianHmm } from './gaussian-hmm.ts';

/** Market regime names given to HMM states. */
export const Regime = { Bull: 'bull', Bear: 'bear', Range: 'range' } as const;
export type Regime = (typeof Regime)[keyof typeof Regime];

/** One state's label and the figures it was chosen from (all of observation dimension 0). */
export interface RegimeLabel {
  readonly state: number;
  readonly regime: Regime;
  /** Emission mean of dimension 0 (e.g. the mean log return per bar). */
  readonly mean: number;
  /** Emission standard deviation of dimension 0. */
  readonly volatility: number;
  /** 0 for the lowest mean … states − 1 for the highest. */
  readonly meanRank: number;
  /** 0 for the calmest state … states − 1 for the most volatile. */
  readonly volatilityRank: number;
}

function ranks(values: Float64Array): Int32Array {
  const order = Array.from(values.keys()).sort((a, b) => values[a] - values[b] || a - b);
  const rank = new Int32Array(values.length);
  order.forEach((state, position) => {
    rank[state] = position;
  });
  return rank;
}

/**
 * Names each state by its emission in dimension 0, which must be a return series (a log return
 * per bar): the state with the highest mean is `bull`, the one with the lowest mean is `bear`,
 * every other state is `range`. With one state it is `range`; with two, one bull and one bear.
 * Equal means rank by state index. Volatility does not decide the name; it is reported as a
 * rank beside it so callers can tell, say, a calm bull from a volatile one.
 *
 * Returned in state order (`labels[k].state === k`).
 */
export function labelRegimes(model: GaussianHmm): RegimeLabel[] {
  const { states, dimensions } = model;
  const means = new Float64Array(states);
  const volatilities = new Float64Array(states);
  for (let k = 0; k < states; k++) {
    means[k] = model.means[k * dimensions];
    volatilities[k] = Math.sqrt(model.variances[k * dimensions]);
  }
  const meanRanks = ranks(means);
  const volatilityRanks = ranks(volatilities);
  const labels: RegimeLabel[] = [];
  for (let k = 0; k < states; k++) {
    const rank = meanRanks[k];
    const regime =
      states === 1 ? Regime.Range : rank === states - 1 ? Regime.Bull : rank === 0 ? Regime.Bear : Regime.Range;
    labels.push({
      state: k,
      regime,
      mean: means[k],
      volatility: volatilities[k],
      meanRank: rank,
      volatilityRank: volatilityRanks[k],
    });
  }
  return labels;
}

import { SeededRandom } from '../../core/kernel/random.ts';
import type { ParameterRange, ParameterValue } from './optimize-config.ts';

/** One point of the search: strategy parameter name → value. */
export type ParameterSet = Readonly<Record<string, ParameterValue>>;

/** Values of a range on a grid: its list, or min, min + step, … ≤ max (float steps rounded to 12 digits). */
export function gridValues(name: string, range: ParameterRange): readonly ParameterValue[] {
  if ('values' in range) return range.values;
  if (range.step === undefined)
    throw new RangeError(`parameter '${name}': a grid needs 'values' or a 'step' between min and max`);
  const count = Math.floor((range.max - range.min) / range.step + 1e-9) + 1;
  const values: number[] = [];
  for (let i = 0; i < count; i++) {
    const value = Number((range.min + i * range.step).toPrecision(12));
    values.push(range.integer ? Math.round(value) : value);
  }
  return [...new Set(values)];
}

/** Every combination of the ranges' grid values, the last parameter varying fastest. */
export function gridParameterSets(ranges: Readonly<Record<string, ParameterRange>>, maxTrials: number): ParameterSet[] {
  const names = Object.keys(ranges);
  const axes = names.map((name) => gridValues(name, ranges[name]));
  const total = axes.reduce((product, axis) => product * axis.length, 1);
  if (total > maxTrials)
    throw new RangeError(
      `the grid has ${total} combinations (${names.map((n, i) => `${n}: ${axes[i].length}`).join(', ')}), more than max_trials ${maxTrials}; coarsen a step or use method: random`,
    );
  const sets: ParameterSet[] = [];
  const index = new Array<number>(names.length).fill(0);
  for (let n = 0; n < total; n++) {
    const set: Record<string, ParameterValue> = {};
    for (let p = 0; p < names.length; p++) set[names[p]] = axes[p][index[p]];
    sets.push(set);
    for (let p = names.length - 1; p >= 0; p--) {
      index[p]++;
      if (index[p] < axes[p].length) break;
      index[p] = 0;
    }
  }
  return sets;
}

/** One random value of a range: a listed value or step point uniformly, else uniform (or log-uniform) in [min, max]. */
function drawValue(name: string, range: ParameterRange, random: SeededRandom): ParameterValue {
  if ('values' in range || range.step !== undefined) {
    const values = gridValues(name, range);
    return values[Math.floor(random.next() * values.length)];
  }
  const u = random.next();
  const value =
    range.scale === 'log'
      ? Math.exp(Math.log(range.min) + u * (Math.log(range.max) - Math.log(range.min)))
      : range.min + u * (range.max - range.min);
  return range.integer ? Math.min(range.max, Math.max(range.min, Math.round(value))) : value;
}

/**
 * `trials` parameter sets drawn under `seed`, each accepted by `isValid` (e.g. fast < slow):
 * a rejected draw is drawn again, up to 100 times per trial. Duplicates are kept (a repeated
 * point is a repeated trial), so the draws depend on the seed only.
 */
export function randomParameterSets(
  ranges: Readonly<Record<string, ParameterRange>>,
  options: { readonly trials: number; readonly seed: number; readonly isValid?: (set: ParameterSet) => boolean },
): ParameterSet[] {
  const random = new SeededRandom(options.seed);
  const names = Object.keys(ranges);
  const sets: ParameterSet[] = [];
  for (let trial = 0; trial < options.trials; trial++) {
    let attempts = 0;
    for (;;) {
      const set: Record<string, ParameterValue> = {};
      for (const name of names) set[name] = drawValue(name, ranges[name], random);
      if (options.isValid === undefined || options.isValid(set)) {
        sets.push(set);
        break;
      }
      if (++attempts >= 100)
        throw new RangeError(
          `no valid parameter set in 100 random draws (last: ${JSON.stringify(set)}); the ranges and the strategy's rules (e.g. fast < slow) hardly overlap`,
        );
    }
  }
  return sets;
}

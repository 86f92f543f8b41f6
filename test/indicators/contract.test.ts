import { beforeAll, describe, expect, it } from 'vitest';
import type { BarColumns, IndicatorSource, StreamingIndicator } from '../../src/core/indicators/indicator.ts';
import { INDICATOR_DEFINITIONS, parseIndicatorSpec } from '../../src/core/indicators/registry.ts';
import { barAt } from '../../src/core/testing/random-series.ts';
import { type Dataset, realDatasets, syntheticDatasets } from './datasets.ts';

/**
 * The contract every registered indicator passes, with its default parameters, on real and
 * synthetic series: the warm-up is exactly `lookback` NaNs and then finite values; streaming and
 * batch agree bar by bar; `isReady` flips on bar `lookback`; `reset()` restores the initial state;
 * NaN input throws; caller buffers are reused; and no output reads a later bar.
 */

const AGREEMENT = 1e-12;
/** Real series are cut to this many bars: the contract is about behaviour, TA-Lib tests use full lengths. */
const MAX_BARS = 6_000;

let datasets: readonly Dataset[] = [];
beforeAll(async () => {
  const real = (await realDatasets()).map((d) => (d.length > MAX_BARS ? prefix(d, MAX_BARS) : d));
  datasets = [...real, ...syntheticDatasets()];
});

function prefix(dataset: Dataset, length: number): Dataset {
  const b = dataset.bars;
  const cut = (a: Float64Array) => a.slice(0, length);
  const bars = {
    timestamp: cut(b.timestamp),
    open: cut(b.open),
    high: cut(b.high),
    low: cut(b.low),
    close: cut(b.close),
    volume: cut(b.volume),
  };
  return { name: `${dataset.name}[0:${length}]`, bars, length };
}

/** Pair indicators compare closes with opens: two real, related, different series. */
const sourceOf = (bars: BarColumns): IndicatorSource => ({ bars, reference: bars.open });

function feed(indicator: StreamingIndicator, input: string, source: IndicatorSource, i: number): void {
  if (input === 'value') indicator.update(source.bars.close[i]!);
  else if (input === 'bar') indicator.update(barAt(source.bars, i));
  else indicator.update(source.bars.close[i]!, source.reference![i]!);
}

const read = (indicator: StreamingIndicator, output: string): number =>
  (indicator as unknown as Record<string, number>)[output]!;

const agree = (a: number, b: number) =>
  (Number.isNaN(a) && Number.isNaN(b)) || Math.abs(a - b) <= AGREEMENT * Math.max(1, Math.abs(b));

function withNanAt(bars: BarColumns, k: number): BarColumns {
  const poison = (a: Float64Array) => {
    const copy = a.slice();
    copy[k] = Number.NaN;
    return copy;
  };
  return {
    timestamp: bars.timestamp,
    open: poison(bars.open),
    high: poison(bars.high),
    low: poison(bars.low),
    close: poison(bars.close),
    volume: poison(bars.volume),
  };
}

describe.each(INDICATOR_DEFINITIONS.map((d) => [d.name, d] as const))('indicator contract: %s', (name, definition) => {
  const spec = parseIndicatorSpec(name);
  const parameters = spec.parameters;
  const lookback = definition.lookback(parameters);

  it('declares outputs, parameters and a non-negative integer lookback', () => {
    expect(definition.outputs.length, 'at least one output').toBeGreaterThan(0);
    expect(Number.isInteger(lookback) && lookback >= 0, `lookback ${lookback}`).toBe(true);
    expect(definition.description.length, 'a description of its conventions').toBeGreaterThan(20);
  });

  it('batch: exactly `lookback` leading NaNs, then finite values', () => {
    for (const { name: data, bars, length } of datasets) {
      const outputs = definition.batch(sourceOf(bars), parameters);
      expect(outputs.length, 'one array per declared output').toBe(definition.outputs.length);
      outputs.forEach((values, o) => {
        const label = `${spec.text}.${definition.outputs[o]} on ${data}`;
        expect(values.length, `${label}: length`).toBe(length);
        for (let i = 0; i < length; i++) {
          if (i < lookback) {
            if (!Number.isNaN(values[i]!)) expect.fail(`${label}: bar ${i} is ${values[i]} inside the warm-up`);
          } else if (!Number.isFinite(values[i]!)) {
            expect.fail(`${label}: bar ${i} is ${values[i]} after the warm-up of ${lookback}`);
          }
        }
      });
    }
  });

  it('streaming agrees with batch bar by bar and isReady flips on bar `lookback`', () => {
    for (const { name: data, bars, length } of datasets) {
      const source = sourceOf(bars);
      const batch = definition.batch(source, parameters);
      const indicator = definition.create(parameters);
      expect(indicator.isReady, `${data}: ready before any update`).toBe(false);
      for (let i = 0; i < length; i++) {
        feed(indicator, definition.input, source, i);
        if (indicator.isReady !== i >= lookback)
          expect.fail(`${spec.text} on ${data}: isReady is ${indicator.isReady} after bar ${i} (lookback ${lookback})`);
        definition.outputs.forEach((output, o) => {
          const streamed = read(indicator, output);
          if (!agree(streamed, batch[o]![i]!))
            expect.fail(`${spec.text}.${output} on ${data}, bar ${i}: streaming ${streamed}, batch ${batch[o]![i]}`);
        });
      }
    }
  });

  it('reset() restores the initial state', () => {
    const { bars } = datasets[0]!;
    const source = sourceOf(bars);
    const indicator = definition.create(parameters);
    const first: number[] = [];
    const n = Math.min(bars.close.length, lookback + 40);
    for (let i = 0; i < n; i++) {
      feed(indicator, definition.input, source, i);
      for (const output of definition.outputs) first.push(read(indicator, output));
    }
    indicator.reset();
    expect(indicator.isReady, 'not ready after reset').toBe(n <= 0);
    const again: number[] = [];
    for (let i = 0; i < n; i++) {
      feed(indicator, definition.input, source, i);
      for (const output of definition.outputs) again.push(read(indicator, output));
    }
    expect(again).toEqual(first);
  });

  it('rejects NaN input in both forms with a RangeError naming the bar', () => {
    const { bars } = datasets[0]!;
    const k = Math.min(lookback + 5, bars.close.length - 1);
    const poisoned = withNanAt(bars, k);
    const source = { bars: poisoned, reference: poisoned.open };
    expect(() => definition.batch(source, parameters), `${spec.text} batch`).toThrow(RangeError);
    expect(() => definition.batch(source, parameters), `${spec.text} batch names the index`).toThrow(`[${k}]`);
    const indicator = definition.create(parameters);
    for (let i = 0; i < k; i++) feed(indicator, definition.input, source, i);
    expect(() => feed(indicator, definition.input, source, k), `${spec.text} streaming`).toThrow(RangeError);
  });

  it('writes into caller buffers (longer ones too) and refuses short ones', () => {
    const { bars, length } = datasets[0]!;
    const source = sourceOf(bars);
    const fresh = definition.batch(source, parameters);
    const buffers = definition.outputs.map(() => new Float64Array(length + 7).fill(42));
    const reused = definition.batch(source, parameters, buffers);
    reused.forEach((values, o) => {
      expect(values.buffer, `${definition.outputs[o]} written into the caller's buffer`).toBe(buffers[o]!.buffer);
      expect(values.length).toBe(length);
      expect(Array.from(values)).toEqual(Array.from(fresh[o]!));
    });
    const short = definition.outputs.map(() => new Float64Array(length - 1));
    expect(() => definition.batch(source, parameters, short)).toThrow(RangeError);
  });

  it('reads no later bar: the batch over a prefix equals the full batch on that prefix', () => {
    for (const dataset of datasets.slice(0, 2)) {
      const full = definition.batch(sourceOf(dataset.bars), parameters);
      const cut = Math.min(dataset.length, lookback + 120);
      const part = prefix(dataset, cut);
      const partial = definition.batch(sourceOf(part.bars), parameters);
      partial.forEach((values, o) => {
        for (let i = 0; i < cut; i++)
          if (!agree(values[i]!, full[o]![i]!))
            expect.fail(
              `${spec.text}.${definition.outputs[o]} bar ${i}: ${values[i]} on a prefix, ${full[o]![i]} in full`,
            );
      });
    }
  });
});

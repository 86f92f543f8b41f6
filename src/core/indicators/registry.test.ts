import { describe, expect, it } from 'vitest';
import { Ema } from './ema.ts';
import {
  computeIndicator,
  findIndicator,
  INDICATOR_DEFINITIONS,
  IndicatorSpecError,
  indicatorColumnNames,
  parseIndicatorSpec,
} from './registry.ts';

describe('indicator specs', () => {
  it('fills defaults, reads positional and named values, ignores case and spaces', () => {
    expect(parseIndicatorSpec('ema').parameters).toEqual({ period: 20, seed: 'sma' });
    expect(parseIndicatorSpec(' EMA : 50 ').parameters).toEqual({ period: 50, seed: 'sma' });
    expect(parseIndicatorSpec('ema:seed=first,period=7').parameters).toEqual({ period: 7, seed: 'first' });
    expect(parseIndicatorSpec('ema:9,').parameters, 'an empty trailing value takes the default').toEqual({
      period: 9,
      seed: 'sma',
    });
  });

  it('canonical text and column names list numbers, and choices only when not the default', () => {
    expect(parseIndicatorSpec('ema').text).toBe('ema:20');
    expect(parseIndicatorSpec('ema:5,first').text).toBe('ema:5,first');
    expect(indicatorColumnNames(parseIndicatorSpec('ema:5,first'))).toEqual(['ema_5_first']);
  });

  it.each([
    ['nosuch', /unknown indicator 'nosuch'; known: .*ema/],
    ['ema:1,sma,3', /ema takes at most 2 parameters \(period, seed\)/],
    ['ema:length=3', /ema has no parameter 'length'/],
    ['ema:3,period=4', /parameter 'period' is given twice/],
    ['ema:0', /period must be 1 or more, got 0/],
    ['ema:1e400', /period must be an integer, got '1e400'/],
    ['ema:abc', /period must be an integer, got 'abc'/],
    ['ema:3,median', /seed must be one of sma, first, got 'median'/],
  ])('%s is refused with a message naming the spec', (text, message) => {
    expect(() => parseIndicatorSpec(text)).toThrow(IndicatorSpecError);
    expect(() => parseIndicatorSpec(text)).toThrow(message);
    expect(() => parseIndicatorSpec(text)).toThrow(`indicator '${text}'`);
  });

  it('every definition is reachable by its name and aliases, and its defaults parse and validate', () => {
    for (const definition of INDICATOR_DEFINITIONS) {
      for (const name of [definition.name, ...(definition.aliases ?? [])])
        expect(findIndicator(name), name).toBe(definition);
      const spec = parseIndicatorSpec(definition.name);
      for (const p of definition.parameters)
        expect(spec.parameters[p.name], `${definition.name}.${p.name}`).toBe(p.default);
      expect(definition.name, 'registry names are lower-case words').toMatch(/^[a-z][a-z0-9_]*$/);
    }
  });

  it('computes through the batch form and the streaming form gives the same last value', () => {
    const close = Float64Array.from({ length: 50 }, (_, i) => 100 + Math.sin(i / 4) * 3);
    const bars = { timestamp: close, open: close, high: close, low: close, close, volume: close };
    const [values] = computeIndicator(parseIndicatorSpec('ema:10'), { bars });
    const ema = new Ema({ period: 10 });
    for (const x of close) ema.update(x);
    expect(values![49]).toBe(ema.value);
  });
});

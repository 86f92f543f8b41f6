import { AVERAGE_INDICATORS } from './definitions/averages.ts';
import { MOMENTUM_INDICATORS } from './definitions/momentum.ts';
import { VOLATILITY_INDICATORS } from './definitions/volatility.ts';
import { VOLUME_INDICATORS } from './definitions/volume.ts';
import type { IndicatorDefinition, IndicatorParameters, IndicatorSource, ParameterValue } from './indicator.ts';

/** Every built-in indicator, in catalogue order. */
export const INDICATOR_DEFINITIONS: readonly IndicatorDefinition[] = [
  ...AVERAGE_INDICATORS,
  ...MOMENTUM_INDICATORS,
  ...VOLATILITY_INDICATORS,
  ...VOLUME_INDICATORS,
];

const BY_NAME = new Map<string, IndicatorDefinition>();
for (const definition of INDICATOR_DEFINITIONS) {
  for (const name of [definition.name, ...(definition.aliases ?? [])]) {
    if (BY_NAME.has(name)) throw new Error(`indicator registry: '${name}' is registered twice`);
    BY_NAME.set(name, definition);
  }
}

/** The definition registered under `name` (or one of its aliases), if any. */
export function findIndicator(name: string): IndicatorDefinition | undefined {
  return BY_NAME.get(name.toLowerCase());
}

/** A bad indicator spec: what was written and what is wrong with it. */
export class IndicatorSpecError extends Error {
  constructor(
    readonly spec: string,
    detail: string,
  ) {
    super(`indicator '${spec}': ${detail}`);
    this.name = 'IndicatorSpecError';
  }
}

/** A parsed spec: the definition and every parameter, defaults filled in. */
export interface IndicatorSpec {
  readonly definition: IndicatorDefinition;
  readonly parameters: IndicatorParameters;
  /**
   * Canonical text: the name and every numeric parameter in order, choices only where they differ
   * from the default: `macd:12,26,9`, `ema:20`, `ema:20,first`. Not always re-parseable
   * positionally (a skipped choice shifts later values); it names columns.
   */
  readonly text: string;
}

/**
 * Parses `name[:value,…]`: values in the order of the definition's parameters, or `key=value`
 * for any of them (`bbands:20,multiplier=2.5`); unnamed trailing ones take their defaults.
 */
export function parseIndicatorSpec(text: string): IndicatorSpec {
  const trimmed = text.trim();
  const colon = trimmed.indexOf(':');
  const name = (colon < 0 ? trimmed : trimmed.slice(0, colon)).trim();
  const definition = findIndicator(name);
  if (definition === undefined)
    throw new IndicatorSpecError(text, `unknown indicator '${name}'; known: ${[...BY_NAME.keys()].sort().join(', ')}`);
  const values = new Map<string, string>();
  const args = colon < 0 ? [] : trimmed.slice(colon + 1).split(',');
  if (args.length > definition.parameters.length)
    throw new IndicatorSpecError(
      text,
      `${name} takes at most ${definition.parameters.length} parameters (${definition.parameters.map((p) => p.name).join(', ')})`,
    );
  args.forEach((arg, position) => {
    const equals = arg.indexOf('=');
    const key = equals < 0 ? definition.parameters[position]!.name : arg.slice(0, equals).trim();
    const raw = (equals < 0 ? arg : arg.slice(equals + 1)).trim();
    if (!definition.parameters.some((p) => p.name === key))
      throw new IndicatorSpecError(
        text,
        `${name} has no parameter '${key}' (${definition.parameters.map((p) => p.name).join(', ')})`,
      );
    if (values.has(key)) throw new IndicatorSpecError(text, `parameter '${key}' is given twice`);
    if (raw !== '') values.set(key, raw);
  });
  const parameters: Record<string, ParameterValue> = {};
  for (const spec of definition.parameters) {
    const raw = values.get(spec.name);
    if (raw === undefined) {
      parameters[spec.name] = spec.default;
    } else if (spec.kind === 'choice') {
      if (!spec.choices.includes(raw))
        throw new IndicatorSpecError(text, `${spec.name} must be one of ${spec.choices.join(', ')}, got '${raw}'`);
      parameters[spec.name] = raw;
    } else {
      const value = Number(raw);
      const bounds = `${spec.min}${spec.max === undefined ? ' or more' : ` to ${spec.max}`}`;
      if (!Number.isFinite(value) || (spec.kind === 'integer' && !Number.isInteger(value)))
        throw new IndicatorSpecError(
          text,
          `${spec.name} must be ${spec.kind === 'integer' ? 'an integer' : 'a number'}, got '${raw}'`,
        );
      if (value < spec.min || (spec.max !== undefined && value > spec.max))
        throw new IndicatorSpecError(text, `${spec.name} must be ${bounds}, got ${value}`);
      parameters[spec.name] = value;
    }
  }
  const canonical = definition.parameters
    .filter((p) => p.kind !== 'choice' || parameters[p.name] !== p.default)
    .map((p) => String(parameters[p.name]))
    .join(',');
  return {
    definition,
    parameters: Object.freeze(parameters),
    text: canonical === '' ? definition.name : `${definition.name}:${canonical}`,
  };
}

/**
 * Output column names for a spec: `rsi_14` for a single output, `macd_12_26_9_signal` for one of
 * several. Dots in values become `p` (`bbands_20_2p5_upper`).
 */
export function indicatorColumnNames(spec: IndicatorSpec): readonly string[] {
  const base = spec.text.replace(':', '_').replaceAll(',', '_').replaceAll('.', 'p').replaceAll('-', 'm');
  const outputs = spec.definition.outputs;
  return outputs.length === 1 ? [base] : outputs.map((output) => `${base}_${output}`);
}

/** Computes a spec over a source with the batch form; one array per output, in column order. */
export function computeIndicator(spec: IndicatorSpec, source: IndicatorSource): readonly Float64Array[] {
  if (spec.definition.input === 'pair' && source.reference === undefined)
    throw new IndicatorSpecError(spec.text, `${spec.definition.name} needs a reference series (a benchmark)`);
  return spec.definition.batch(source, spec.parameters);
}

import type { Strategy, StrategyClass } from '../core/strategy/strategy.ts';
import { MaCrossStrategy } from './ma-cross/index.ts';
import { MaHmmEnsembleStrategy } from './ma-hmm-ensemble/index.ts';
import { MeanReversionStrategy } from './mean-reversion/index.ts';
import { type GateModel, type MlGateParameters, MlGateStrategy } from './ml-gate/index.ts';
import { MomentumStrategy } from './momentum/index.ts';
import { ScalperStrategy } from './scalper/index.ts';
import { TrendFollowerStrategy } from './trend-follower/index.ts';

/** A built-in strategy: its class (parameters schema, description) and the preset under its name. */
export interface BuiltInStrategy {
  readonly strategy: StrategyClass<never>;
  readonly defaults: Record<string, unknown>;
  /**
   * Present when the strategy needs a trained model (strategies do no I/O): `reference` reads the
   * model's name and registry folder from the validated parameters, the runtime loads it, and
   * `create` builds the strategy with it instead of `new strategy(params)`.
   */
  /**
   * Parameters that name a JSON file (strategies do no I/O): the runtime reads the file (relative
   * to the config), puts its content in parameter `into` and validates the whole again; a node that
   * runs live watches the file and, on each valid change, publishes an external event of kind
   * `eventKind` with the content as payload (the strategy subscribes to it).
   */
  readonly fileParameters?: Readonly<Record<string, { readonly into: string; readonly eventKind: string }>>;
  readonly withModel?: {
    reference(params: Readonly<Record<string, unknown>>): { readonly model: string; readonly registry?: string };
    create(params: Readonly<Record<string, unknown>>, model: GateModel): Strategy;
    /** The parameters the run records: a registry name pinned to the version loaded (`name@3`). */
    pinned(params: Readonly<Record<string, unknown>>, model: GateModel): Readonly<Record<string, unknown>>;
  };
}

/** A base strategy name or parameters the gate cannot use (a config error). */
export class BaseStrategyError extends Error {
  constructor(detail: string) {
    super(detail);
    this.name = 'BaseStrategyError';
  }
}

/** Built-in strategies by the name configs and the CLI use. */
export const BUILT_IN_STRATEGIES: Readonly<Record<string, BuiltInStrategy>> = {
  ema_cross: { strategy: MaCrossStrategy as unknown as StrategyClass<never>, defaults: { average: 'ema' } },
  sma_cross: { strategy: MaCrossStrategy as unknown as StrategyClass<never>, defaults: { average: 'sma' } },
  ma_hmm_ensemble: {
    strategy: MaHmmEnsembleStrategy as unknown as StrategyClass<never>,
    defaults: {},
    fileParameters: { calibration_file: { into: 'calibration', eventKind: 'calibration' } },
  },
  mean_reversion: { strategy: MeanReversionStrategy as unknown as StrategyClass<never>, defaults: {} },
  ml_gate: {
    strategy: MlGateStrategy as unknown as StrategyClass<never>,
    defaults: {},
    withModel: {
      reference: (params) => {
        const { model, registry } = params as MlGateParameters;
        return registry === undefined ? { model } : { model, registry };
      },
      create: (params, model) => {
        const gate = params as MlGateParameters;
        return new MlGateStrategy(gate, { model, base: builtInStrategy(gate.base.name, gate.base.params) });
      },
      pinned: (params, model) => {
        const named = /^[a-z0-9][a-z0-9_-]*$/.test(String(params.model));
        return named && model.reference.startsWith(`${params.model}@`) ? { ...params, model: model.reference } : params;
      },
    },
  },
  momentum: { strategy: MomentumStrategy as unknown as StrategyClass<never>, defaults: {} },
  scalper: { strategy: ScalperStrategy as unknown as StrategyClass<never>, defaults: {} },
  trend_follower: { strategy: TrendFollowerStrategy as unknown as StrategyClass<never>, defaults: {} },
};

/**
 * A built-in strategy that needs no model, built from its preset overlaid with `params` and
 * validated by its schema (a ZodError names the bad field). Throws `BaseStrategyError` on an
 * unknown or model-gated name.
 */
export function builtInStrategy(name: string, params: Readonly<Record<string, unknown>>): Strategy {
  const entry = Object.hasOwn(BUILT_IN_STRATEGIES, name) ? BUILT_IN_STRATEGIES[name] : undefined;
  if (entry === undefined || entry.withModel !== undefined) {
    const names = Object.entries(BUILT_IN_STRATEGIES)
      .filter(([, e]) => e.withModel === undefined)
      .map(([n]) => n);
    throw new BaseStrategyError(`base strategy '${name}' is not one of ${names.join(', ')}`);
  }
  const raw = { ...entry.defaults, ...params };
  const schema = entry.strategy.parameters as { parse(input: unknown): unknown } | undefined;
  return new entry.strategy((schema === undefined ? raw : schema.parse(raw)) as never);
}

export { MaCrossStrategy } from './ma-cross/index.ts';
export { MaHmmEnsembleStrategy } from './ma-hmm-ensemble/index.ts';
export { MeanReversionStrategy } from './mean-reversion/index.ts';
export { type GateModel, MlGateStrategy } from './ml-gate/index.ts';
export { MomentumStrategy } from './momentum/index.ts';
export { ScalperStrategy } from './scalper/index.ts';
export { TrendFollowerStrategy } from './trend-follower/index.ts';

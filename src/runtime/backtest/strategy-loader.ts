import { access, readFile } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ZodError } from 'zod';
import { GradientBoostedModel, type GradientBoostedModelJson } from '../../core/ml/gbdt/index.ts';
import type { Strategy, StrategyClass } from '../../core/strategy/strategy.ts';
import {
  BaseStrategyError,
  BUILT_IN_STRATEGIES,
  type BuiltInStrategy,
  type GateModel,
} from '../../strategies/index.ts';
import { gateModelProblem } from '../../strategies/ml-gate/index.ts';
import { ConfigError, formatIssues } from '../config/load-backtest-config.ts';
import { readJsonFile as readJsonWithDigest } from '../files/watch-json-file.ts';
import { featureSpecs } from '../ml/ml-config.ts';
import { loadModel, type ModelMeta } from '../ml/model-registry.ts';

/** A strategy ready to add to an engine, with its validated parameters. */
export interface LoadedStrategy {
  readonly name: string;
  readonly id: string;
  readonly strategy: Strategy;
  readonly params: Readonly<Record<string, unknown>>;
  /** Files its parameters named, read at start: a live node watches each and publishes its changes as `eventKind` events. */
  readonly watchedFiles?: readonly WatchedParameterFile[];
}

/** A JSON file behind a strategy parameter (see `BuiltInStrategy.fileParameters`). */
export interface WatchedParameterFile {
  readonly parameter: string;
  /** Absolute path. */
  readonly path: string;
  readonly eventKind: string;
  /** The parameter it fills, and the sha-256 of the bytes read at start. */
  readonly into: string;
  readonly digest: string;
}

function isStrategyClass(value: unknown): value is StrategyClass {
  if (typeof value !== 'function' || value.prototype === undefined) return false;
  const proto = value.prototype as Record<string, unknown>;
  return ['onStart', 'onBar', 'onQuote', 'onTrade', 'onOrderFilled', 'onOrderEvent', 'onTimer'].some(
    (hook) => typeof proto[hook] === 'function',
  );
}

/** Finds the strategy class a module exports: the named one (`file.ts#Name`) or the only one. */
async function importStrategyClass(spec: string, baseDir: string): Promise<{ cls: StrategyClass; name: string }> {
  const [file, exportName] = spec.split('#');
  const path = isAbsolute(file) ? file : resolve(baseDir, file);
  try {
    await access(path);
  } catch {
    throw new ConfigError(
      `unknown strategy '${spec}': not a built-in (${Object.keys(BUILT_IN_STRATEGIES).join(', ')}) and no file at ${path}`,
    );
  }
  const module = (await import(pathToFileURL(path).href)) as Record<string, unknown>;
  const candidates = Object.entries(module).filter(([, value]) => isStrategyClass(value));
  if (exportName !== undefined) {
    const found = candidates.find(([name]) => name === exportName);
    if (found === undefined)
      throw new ConfigError(`strategy module ${path} exports no strategy class named '${exportName}'`);
    return { cls: found[1] as StrategyClass, name: exportName };
  }
  if (candidates.length === 0) {
    throw new ConfigError(`strategy module ${path} exports no class with strategy hooks (onStart, onBar, ...)`);
  }
  if (candidates.length > 1) {
    throw new ConfigError(
      `strategy module ${path} exports several strategy classes (${candidates.map(([n]) => n).join(', ')}); pick one with ${file}#Name`,
    );
  }
  return { cls: candidates[0][1] as StrategyClass, name: candidates[0][0] };
}

/** The fields of a zod object schema (what `parameters` schemas are) with their descriptions; none if it is not one. */
export function parameterFields(schema: unknown): [string, string][] {
  const shape = (schema as { def?: { shape?: Record<string, { description?: string }> } } | undefined)?.def?.shape;
  return shape === undefined ? [] : Object.entries(shape).map(([key, field]) => [key, field.description ?? '']);
}

/**
 * Resolves a strategy by built-in name or module path and validates its parameters against the
 * class's `parameters` schema (unknown parameters are errors). A class without a schema receives
 * the parameters as given.
 */
export async function loadStrategy(
  nameOrPath: string,
  params: Record<string, unknown>,
  baseDir: string,
): Promise<LoadedStrategy> {
  const builtIn = Object.hasOwn(BUILT_IN_STRATEGIES, nameOrPath) ? BUILT_IN_STRATEGIES[nameOrPath] : undefined;
  const { cls, name } =
    builtIn !== undefined
      ? { cls: builtIn.strategy as unknown as StrategyClass, name: nameOrPath }
      : await importStrategyClass(nameOrPath, baseDir);
  const raw = { ...(builtIn?.defaults ?? {}), ...params };
  let validated: Record<string, unknown> = raw;
  if (cls.parameters !== undefined) {
    try {
      validated = cls.parameters.parse(raw) as Record<string, unknown>;
    } catch (error) {
      const zodError = error as ZodError;
      if (Array.isArray(zodError.issues))
        throw new ConfigError(
          formatIssues(
            `strategy '${name}' parameters`,
            zodError,
            parameterFields(cls.parameters).map(([key]) => key),
          ),
        );
      throw new ConfigError(`strategy '${name}' parameters: ${(error as Error).message}`);
    }
  }
  const id = name.replace(/[^A-Za-z0-9_.:-]/g, '_');
  const files = await readParameterFiles(name, builtIn, cls, validated, baseDir);
  if (files !== undefined) validated = files.params;
  const watched = files === undefined ? {} : { watchedFiles: files.watched };
  if (builtIn?.withModel === undefined)
    return { name, id, strategy: new cls(validated as never), params: validated, ...watched };
  const { strategy, params: pinned } = await createWithModel(name, builtIn.withModel, validated, baseDir);
  return { name, id, strategy, params: pinned };
}

/**
 * Reads the JSON files a built-in's file parameters name (relative to `baseDir`) into the
 * parameters they fill, and validates the result again, so a bad file is a ConfigError naming the
 * parameter, the file and the field. Undefined when no file parameter is set.
 */
async function readParameterFiles(
  name: string,
  builtIn: BuiltInStrategy | undefined,
  cls: StrategyClass,
  params: Record<string, unknown>,
  baseDir: string,
): Promise<{ params: Record<string, unknown>; watched: WatchedParameterFile[] } | undefined> {
  const entries = Object.entries(builtIn?.fileParameters ?? {}).filter(
    ([parameter]) => typeof params[parameter] === 'string',
  );
  if (entries.length === 0) return undefined;
  const filled = { ...params };
  const watched: WatchedParameterFile[] = [];
  for (const [parameter, { into, eventKind }] of entries) {
    const path = resolve(baseDir, params[parameter] as string);
    try {
      const { value, digest } = await readJsonWithDigest(path, (json) => json);
      filled[into] = value;
      watched.push({ parameter, path, eventKind, into, digest });
    } catch (error) {
      throw new ConfigError(`strategy '${name}' parameter '${parameter}': ${(error as Error).message}`);
    }
  }
  try {
    return { params: (cls.parameters?.parse(filled) ?? filled) as Record<string, unknown>, watched };
  } catch (error) {
    const zodError = error as ZodError;
    const files = watched.map((w) => w.path).join(', ');
    if (Array.isArray(zodError.issues))
      throw new ConfigError(formatIssues(`strategy '${name}' parameters from ${files}`, zodError));
    throw new ConfigError(`strategy '${name}' parameters from ${files}: ${(error as Error).message}`);
  }
}

/**
 * A strategy that needs a trained model: the model its parameters name is loaded (registry or
 * path, relative paths from `baseDir`) and handed to its factory; the parameters the run records
 * name the version loaded. A bad base strategy or base parameters are config errors naming the field.
 */
async function createWithModel(
  name: string,
  withModel: NonNullable<BuiltInStrategy['withModel']>,
  params: Readonly<Record<string, unknown>>,
  baseDir: string,
): Promise<{ strategy: Strategy; params: Readonly<Record<string, unknown>> }> {
  const { model, registry } = withModel.reference(params);
  const loaded = await loadGateModel(model, { registry, baseDir, what: `strategy '${name}' parameter 'model'` });
  try {
    return { strategy: withModel.create(params, loaded), params: withModel.pinned(params, loaded) };
  } catch (error) {
    if (error instanceof BaseStrategyError)
      throw new ConfigError(`strategy '${name}' field 'base.name': ${error.message}`);
    const zodError = error as ZodError;
    if (Array.isArray(zodError.issues))
      throw new ConfigError(formatIssues(`strategy '${name}' base strategy parameters (base.params)`, zodError));
    throw error;
  }
}

/** The registry `tradewind ml` uses when given no --registry: models/ in the working directory. */
const DEFAULT_MODEL_REGISTRY = 'models';

async function readJsonFile(path: string, what: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new ConfigError(`${what}: cannot read ${path}: ${(error as Error).message}`);
  }
}

/**
 * Loads the model a strategy's parameters name, with the features and training window its
 * meta.json records: `name` (latest version) or `name@version` from the registry (`registry`
 * relative to `baseDir`; default models/ in the working directory, as `tradewind ml` uses), or a
 * path (with a `/` or ending in `.json`, relative to `baseDir`) to a version folder or its
 * model.json. Every problem is a ConfigError starting with `what`.
 */
export async function loadGateModel(
  reference: string,
  options: { readonly registry?: string; readonly baseDir: string; readonly what: string },
): Promise<GateModel> {
  const { what } = options;
  let meta: ModelMeta;
  let model: GradientBoostedModel;
  if (/[\\/]/.test(reference) || reference.endsWith('.json')) {
    const path = resolve(options.baseDir, reference);
    const dir = path.endsWith('.json') ? dirname(path) : path;
    const modelFile = path.endsWith('.json') ? path : join(dir, 'model.json');
    meta = (await readJsonFile(join(dir, 'meta.json'), what)) as ModelMeta;
    try {
      model = GradientBoostedModel.fromJSON((await readJsonFile(modelFile, what)) as GradientBoostedModelJson);
    } catch (error) {
      if (error instanceof ConfigError) throw error;
      throw new ConfigError(`${what}: ${modelFile}: ${(error as Error).message}`);
    }
  } else {
    const registry =
      options.registry === undefined ? resolve(DEFAULT_MODEL_REGISTRY) : resolve(options.baseDir, options.registry);
    try {
      ({ meta, model } = await loadModel(registry, reference));
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      throw new ConfigError(`${what}: ${error.message.replace(/^--model /, '')}`);
    }
  }
  if (!Array.isArray(meta.features)) throw new ConfigError(`${what}: the meta.json of ${reference} lists no features`);
  const label = meta.version === undefined ? basename(reference) : `${meta.name}@${meta.version}`;
  const from = Date.parse(meta.training?.from ?? '');
  const to = Date.parse(meta.training?.last_label_bar ?? '');
  const gate: GateModel = {
    reference: label,
    model,
    features: featureSpecs(meta.features),
    ...(meta.data?.timeframe === undefined ? {} : { timeframe: meta.data.timeframe }),
    ...(Number.isFinite(from) && Number.isFinite(to) ? { trainedOn: { from, to } } : {}),
  };
  const problem = gateModelProblem(gate);
  if (problem !== undefined) throw new ConfigError(`${what}: ${problem}`);
  if (meta.feature_columns !== undefined && meta.feature_columns.length !== model.featureCount)
    throw new ConfigError(
      `${what}: ${label} records ${meta.feature_columns.length} feature columns for a model of ${model.featureCount}`,
    );
  return gate;
}

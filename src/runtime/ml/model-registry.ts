import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { GradientBoostedModel, type GradientBoostedModelJson } from '../../core/ml/gbdt/index.ts';
import { ConfigError } from '../config/load-backtest-config.ts';
import type { MlFeatureConfig, MlLabelConfig } from './ml-config.ts';
import type { BinaryMetrics } from './ml-metrics.ts';

/** A window of bars: indices (half-open) and the open times of its first and last bar (ISO). */
export interface RegistryWindow {
  readonly start: number;
  readonly end: number;
  readonly from: string;
  readonly to: string;
}

/** meta.json of one registered model version. */
export interface ModelMeta {
  readonly name: string;
  readonly version: number;
  /** Wall-clock time of registration (ISO). */
  readonly created_at: string;
  readonly seed: number;
  readonly features: readonly MlFeatureConfig[];
  readonly feature_columns: readonly string[];
  readonly label: MlLabelConfig;
  readonly walk_forward: Record<string, unknown>;
  readonly model: Record<string, unknown>;
  readonly data: {
    readonly source: string;
    readonly symbol: string;
    readonly timeframe: string;
    readonly from: string;
    readonly to: string;
    readonly bars: number;
  };
  /** The final model's training window; `last_label_bar` is the last bar one of its labels read. */
  readonly training: RegistryWindow & { readonly rows: number; readonly last_label_bar: string };
  readonly folds: readonly {
    readonly index: number;
    readonly train: RegistryWindow;
    readonly test: RegistryWindow;
    readonly metrics: BinaryMetrics;
  }[];
  readonly pooled: BinaryMetrics;
  readonly config_source: string;
  readonly config_hash: string;
}

/** A loaded registry entry. */
export interface RegisteredModel {
  readonly meta: ModelMeta;
  readonly model: GradientBoostedModel;
  readonly dir: string;
}

/** Test hook: runs after the files are in the temporary folder, before it is renamed into place. */
export interface RegisterOptions {
  readonly beforeRename?: (temporaryDir: string) => Promise<void> | void;
}

const VERSION = /^[1-9][0-9]*$/;

async function versionsOf(modelDir: string): Promise<number[]> {
  const entries = await readdir(modelDir, { withFileTypes: true }).catch(() => []);
  return entries
    .filter((entry) => entry.isDirectory() && VERSION.test(entry.name))
    .map((entry) => Number(entry.name))
    .sort((a, b) => a - b);
}

/**
 * Registers a model as `<registry>/<name>/<version>/` (version: the next integer) holding model.json
 * and meta.json. Both are written into a temporary sibling folder that is renamed into place, so a
 * crash leaves either no new version or a whole one (temporary `.tmp-*` folders are never listed).
 */
export async function registerModel(
  registry: string,
  meta: Omit<ModelMeta, 'version'>,
  model: GradientBoostedModelJson,
  options: RegisterOptions = {},
): Promise<{ version: number; dir: string }> {
  const modelDir = join(registry, meta.name);
  await mkdir(modelDir, { recursive: true });
  const versions = await versionsOf(modelDir);
  const version = (versions[versions.length - 1] ?? 0) + 1;
  const temporary = join(modelDir, `.tmp-${version}-${process.pid}`);
  await rm(temporary, { recursive: true, force: true });
  await mkdir(temporary);
  const dir = join(modelDir, String(version));
  try {
    await writeFile(join(temporary, 'model.json'), `${JSON.stringify(model)}\n`);
    await writeFile(join(temporary, 'meta.json'), `${JSON.stringify({ ...meta, version }, null, 2)}\n`);
    await options.beforeRename?.(temporary);
    // rename fails on an existing non-empty folder: a concurrent train cannot overwrite a version.
    await rename(temporary, dir);
  } catch (error) {
    await rm(temporary, { recursive: true, force: true });
    throw error;
  }
  return { version, dir };
}

/** Every registered version's meta, by name then version. */
export async function listModels(registry: string): Promise<ModelMeta[]> {
  const names = await readdir(registry, { withFileTypes: true }).catch(() => []);
  const metas: ModelMeta[] = [];
  for (const entry of names
    .filter((e) => e.isDirectory() && !e.name.startsWith('.'))
    .sort((a, b) => (a.name < b.name ? -1 : 1)))
    for (const version of await versionsOf(join(registry, entry.name)))
      metas.push(await readMeta(join(registry, entry.name, String(version))));
  return metas;
}

async function readJson(path: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new ConfigError(`cannot read ${path}: ${(error as Error).message}`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`${path}: invalid JSON: ${(error as Error).message}`);
  }
}

async function readMeta(dir: string): Promise<ModelMeta> {
  return (await readJson(join(dir, 'meta.json'))) as ModelMeta;
}

/** Loads `name` (latest version) or `name@version` from the registry. */
export async function loadModel(registry: string, reference: string): Promise<RegisteredModel> {
  const at = reference.lastIndexOf('@');
  const name = at < 0 ? reference : reference.slice(0, at);
  const versionText = at < 0 ? undefined : reference.slice(at + 1);
  if (versionText !== undefined && !VERSION.test(versionText))
    throw new ConfigError(`--model ${reference}: the version must be a positive integer`);
  const versions = await versionsOf(join(registry, name));
  if (versions.length === 0)
    throw new ConfigError(`--model ${reference}: no model '${name}' in the registry ${registry}`);
  const version = versionText === undefined ? versions[versions.length - 1]! : Number(versionText);
  if (!versions.includes(version))
    throw new ConfigError(`--model ${reference}: '${name}' has versions ${versions.join(', ')}, not ${version}`);
  const dir = join(registry, name, String(version));
  const meta = await readMeta(dir);
  const json = (await readJson(join(dir, 'model.json'))) as GradientBoostedModelJson;
  let model: GradientBoostedModel;
  try {
    model = GradientBoostedModel.fromJSON(json);
  } catch (error) {
    throw new ConfigError(`${join(dir, 'model.json')}: ${(error as Error).message}`);
  }
  return { meta, model, dir };
}

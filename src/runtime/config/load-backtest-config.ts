import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { type BacktestConfig, backtestConfig } from './backtest-config.ts';
import { DEFAULT_BACKTEST_CONFIG } from './default-backtest-config.ts';
import { backtestRiskConfig, type RiskConfig, riskConfig } from './risk-config.ts';

/** The repository root (where data/samples lives), for resolving the embedded defaults. */
export const PACKAGE_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** A configuration problem: names the source (file or flag) and the field. Exit code 2. */
export class ConfigError extends Error {}

/** Settings given as command-line flags; each overrides the config file. */
export interface BacktestFlags {
  config?: string;
  strategy?: string;
  param?: string[];
  data?: string;
  /** Catalog folder to read bars from (`default`: $TRADEWIND_CATALOG, else data/catalog/). */
  catalog?: string;
  format?: string;
  timeframe?: string;
  symbol?: string;
  venue?: string;
  from?: string;
  to?: string;
  cash?: string;
  feeBps?: string;
  slippageBps?: string;
  seed?: string;
  out?: string;
  /** A risk.yaml file: replaces the config's `risk` section. */
  risk?: string;
}

/** A resolved configuration plus the directory its relative paths are relative to. */
export interface ResolvedBacktestConfig {
  readonly config: Readonly<BacktestConfig>;
  readonly baseDir: string;
  readonly source: string;
  /** The file's top-level sections named in `extraSections`, unvalidated, taken out before the backtest's schema saw it. */
  readonly extras: Readonly<Record<string, unknown>>;
}

type Layer = Record<string, unknown>;

function section(layer: Layer, key: string): Layer {
  const value = layer[key];
  if (value === undefined || value === null) {
    const created: Layer = {};
    layer[key] = created;
    return created;
  }
  if (typeof value !== 'object' || Array.isArray(value))
    throw new ConfigError(`config field '${key}' must be a mapping`);
  return value as Layer;
}

function number(flag: string, text: string): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value)) throw new ConfigError(`flag --${flag}: '${text}' is not a number`);
  return value;
}

/** Parses `key=value`; the value is read as YAML, so `10` is a number and `true` a boolean. */
export function parseParam(text: string): [string, unknown] {
  const eq = text.indexOf('=');
  if (eq <= 0) throw new ConfigError(`flag --param: '${text}' must look like key=value`);
  const key = text.slice(0, eq).trim();
  const raw = text.slice(eq + 1);
  let value: unknown;
  try {
    value = parseYaml(raw);
  } catch {
    value = raw;
  }
  return [key, value ?? raw];
}

function applyFlags(layer: Layer, flags: BacktestFlags): void {
  if (flags.strategy !== undefined) {
    const strategy = section(layer, 'strategy');
    // Parameters belong to a strategy: another strategy starts from its own defaults.
    if (strategy.name !== flags.strategy) strategy.params = {};
    strategy.name = flags.strategy;
  }
  if (flags.param !== undefined && flags.param.length > 0) {
    const strategy = section(layer, 'strategy');
    const params = section(strategy, 'params');
    for (const p of flags.param) {
      const [key, value] = parseParam(p);
      params[key] = value;
    }
  }
  if (flags.data !== undefined && flags.catalog !== undefined)
    throw new ConfigError('flags --data and --catalog are exclusive: bars come from a file or from the catalog');
  if (flags.data !== undefined) {
    const data = section(layer, 'data');
    data.path = resolve(flags.data);
    delete data.catalog;
  }
  if (flags.catalog !== undefined) {
    const data = section(layer, 'data');
    data.catalog = flags.catalog === 'default' ? 'default' : resolve(flags.catalog);
    delete data.path;
  }
  if (flags.format !== undefined) section(layer, 'data').format = flags.format;
  if (flags.timeframe !== undefined) section(layer, 'data').timeframe = flags.timeframe;
  if (flags.symbol !== undefined) section(layer, 'instrument').symbol = flags.symbol;
  if (flags.venue !== undefined) section(layer, 'instrument').venue = flags.venue;
  if (flags.from !== undefined) section(layer, 'period').from = flags.from;
  if (flags.to !== undefined) section(layer, 'period').to = flags.to;
  if (flags.cash !== undefined) section(layer, 'account').starting_cash = number('cash', flags.cash);
  if (flags.feeBps !== undefined) section(layer, 'execution').fee_bps = number('fee-bps', flags.feeBps);
  if (flags.slippageBps !== undefined)
    section(layer, 'execution').slippage_bps = number('slippage-bps', flags.slippageBps);
  if (flags.seed !== undefined) layer.seed = number('seed', flags.seed);
  if (flags.out !== undefined) section(layer, 'output').dir = resolve(flags.out);
}

/** Renders zod issues as `source: field 'a.b': message` lines. */
export function formatIssues(source: string, error: z.ZodError, known?: readonly string[]): string {
  return error.issues
    .map((issue) => {
      const field = issue.path.join('.');
      const unknownKeys = issue.code === 'unrecognized_keys' && known !== undefined;
      const hint = unknownKeys ? `; the known ones are ${known.join(', ')}` : '';
      return `${source}: ${field === '' ? '' : `field '${field}': `}${issue.message}${hint}`;
    })
    .join('\n');
}

/**
 * Builds the backtest configuration from, in increasing priority: a base, the YAML file, and
 * the flags. Without --config the base is, with --data, an EMA cross on that file; else, with
 * --catalog or with both --symbol and --timeframe, an EMA cross on the catalog's bars of that
 * symbol (and --venue); else the embedded default (`npm start`). Validated once, then frozen.
 * Relative paths in a file are relative to that file.
 */
export async function loadBacktestConfig(
  flags: BacktestFlags,
  options: { readonly extraSections?: readonly string[] } = {},
): Promise<ResolvedBacktestConfig> {
  let layer: Layer;
  let baseDir: string;
  let source: string;
  const extras: Record<string, unknown> = {};
  if (flags.config !== undefined) {
    const path = resolve(flags.config);
    layer = await readYamlMapping(path);
    for (const name of options.extraSections ?? []) {
      if (name in layer) extras[name] = layer[name];
      delete layer[name];
    }
    baseDir = dirname(path);
    source = path;
  } else if (flags.data !== undefined) {
    const stem = flags.data.replace(/^.*[\\/]/, '').replace(/\..*$/, '');
    layer = { strategy: { name: 'ema_cross' }, instrument: { symbol: flags.symbol ?? stem.toUpperCase() } };
    baseDir = process.cwd();
    source = 'command line';
  } else if (flags.catalog !== undefined || (flags.symbol !== undefined && flags.timeframe !== undefined)) {
    if (flags.symbol === undefined || flags.timeframe === undefined)
      throw new ConfigError('reading from the catalog needs --symbol and --timeframe (and --venue unless SIM)');
    layer = { strategy: { name: 'ema_cross' }, instrument: { symbol: flags.symbol }, data: { catalog: 'default' } };
    baseDir = process.cwd();
    source = 'command line';
  } else {
    layer = structuredClone(DEFAULT_BACKTEST_CONFIG) as Layer;
    baseDir = PACKAGE_ROOT;
    source = 'embedded default config';
  }
  applyFlags(layer, flags);
  if (flags.risk !== undefined) layer.risk = await readRiskFile(flags.risk);
  const parsed = backtestConfig.safeParse(layer);
  if (!parsed.success) throw new ConfigError(formatIssues(source, parsed.error));
  const config = parsed.data;
  try {
    backtestRiskConfig(config.risk);
  } catch (error) {
    throw new ConfigError(`${flags.risk === undefined ? source : resolve(flags.risk)}: ${(error as Error).message}`);
  }
  if (config.data.path !== undefined && !isAbsolute(config.data.path))
    config.data.path = resolve(baseDir, config.data.path);
  if (config.data.catalog !== undefined && config.data.catalog !== 'default' && !isAbsolute(config.data.catalog))
    config.data.catalog = resolve(baseDir, config.data.catalog);
  if (config.events !== undefined && !isAbsolute(config.events.path))
    config.events.path = resolve(baseDir, config.events.path);
  if (config.output.dir !== undefined && !isAbsolute(config.output.dir))
    config.output.dir = resolve(baseDir, config.output.dir);
  return { config: deepFreeze(config), baseDir, source, extras };
}

/** A risk.yaml file, validated on its own so that errors name it and its fields. */
async function readRiskFile(file: string): Promise<RiskConfig> {
  const path = resolve(file);
  const layer = await readYamlMapping(path);
  const parsed = riskConfig.safeParse(layer);
  if (!parsed.success) throw new ConfigError(formatIssues(path, parsed.error));
  return parsed.data;
}

/** A YAML file whose top level is a mapping (an empty file is an empty mapping). */
async function readYamlMapping(path: string): Promise<Layer> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new ConfigError(`cannot read config file ${path}: ${(error as Error).message}`);
  }
  let layer: Layer;
  try {
    layer = (parseYaml(text) as Layer | null) ?? {};
  } catch (error) {
    throw new ConfigError(`${path}: invalid YAML: ${(error as Error).message}`);
  }
  if (typeof layer !== 'object' || Array.isArray(layer))
    throw new ConfigError(`${path}: the top level must be a mapping`);
  return layer;
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
  }
  return value;
}

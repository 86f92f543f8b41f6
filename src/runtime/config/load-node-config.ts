import { readdir, readFile } from 'node:fs/promises';
import { isAbsolute, join, resolve } from 'node:path';
import { parseEnv } from 'node:util';
import { parse as parseYaml } from 'yaml';
import { coerceEnvValue, ENV_BINDINGS } from './env-bindings.ts';
import { isMapping, LayeredConfig, type Mapping, sourceOf } from './layered-config.ts';
import { ConfigError } from './load-backtest-config.ts';
import {
  type NodeConfig,
  nodeConfig,
  SECRET_FIELDS,
  SECRET_KEY_PATTERN,
  TRADING_MODES,
  type TradingMode,
} from './node-config.ts';
import { parseInstant } from './parse-instant.ts';
import { backtestRiskConfig } from './risk-config.ts';

/** Where to load a node configuration from. */
export interface NodeConfigOptions {
  /** The config directory holding base.yaml and the other layers. */
  readonly dir: string;
  /** The `--mode` flag (any case); wins over TRADEWIND_MODE and the files. */
  readonly mode?: string;
  /** The process environment (default `process.env`); it wins over the directory's .env file. */
  readonly env?: NodeJS.ProcessEnv;
  /** Directory that paths from the environment and defaults are relative to (default: the working directory). */
  readonly cwd?: string;
}

/** A resolved, validated, frozen node configuration with the provenance of every leaf. */
export interface LoadedNodeConfig {
  readonly config: Readonly<NodeConfig>;
  readonly mode: TradingMode;
  /** The config directory, absolute. */
  readonly dir: string;
  /** The layers that contributed, in merge order: file names relative to `dir`, `.env`, `environment`, `flag --mode`. */
  readonly layers: readonly string[];
  /**
   * Which layer set each leaf (dotted path → `base.yaml`, `risk.yaml`, `.env DATABASE_URL`,
   * `env DATABASE_URL`, `flag --mode`); leaves absent here hold schema defaults.
   */
  readonly provenance: ReadonlyMap<string, string>;
  /** `period.from` / `period.to` as UTC epoch milliseconds (independent of the machine's time zone). */
  readonly periodMs: { readonly from?: number; readonly to?: number };
}

/**
 * Loads a node configuration from a directory, merging in increasing priority: `base.yaml`
 * (required) → `broker.<mode>.yaml` → `strategy.*.yaml` (sorted by name) → `risk.yaml` (as the
 * `risk` section) → `llm.policy.yaml` (as the `llm` section) → the directory's `.env` → the
 * process environment → the `--mode` flag. The mode (flag, else TRADEWIND_MODE, else base.yaml,
 * else SIM) picks the broker file. Secrets come from the environment only: one written in a file
 * is an error naming the file and the field. Errors name the layer and the field (ConfigError)
 * and never contain a secret's value.
 */
export async function loadNodeConfig(options: NodeConfigOptions): Promise<LoadedNodeConfig> {
  const dir = resolve(options.dir);
  const cwd = options.cwd ?? process.cwd();
  const processEnv = options.env ?? process.env;
  const layered = new LayeredConfig();
  const layers: string[] = [];
  const names = await listDirectory(dir);

  const addFile = async (name: string, at: readonly string[] = []): Promise<Mapping> => {
    const content = await readYamlMapping(join(dir, name), name);
    refuseSecrets(content, name, at);
    layered.apply(content, name, at);
    layers.push(name);
    return content;
  };

  if (!names.includes('base.yaml')) throw new ConfigError(`${dir}: no base.yaml (every config directory needs one)`);
  const base = await addFile('base.yaml');
  const dotEnv = names.includes('.env') ? await readEnvFile(join(dir, '.env')) : {};
  const mode = chooseMode(options.mode, processEnv, dotEnv, base);

  const brokerFile = `broker.${mode.toLowerCase()}.yaml`;
  if (names.includes(brokerFile)) {
    const broker = await addFile(brokerFile);
    if (broker.mode !== undefined && broker.mode !== mode)
      throw new ConfigError(`${brokerFile}: field 'mode': '${String(broker.mode)}' contradicts the mode ${mode}`);
  }
  for (const name of names.filter((n) => /^strategy\..+\.yaml$/.test(n)).sort()) await addFile(name);
  if (names.includes('risk.yaml')) await addFile('risk.yaml', ['risk']);
  if (names.includes('llm.policy.yaml')) await addFile('llm.policy.yaml', ['llm']);

  for (const [origin, env] of [
    ['.env', dotEnv],
    ['env', processEnv],
  ] as const) {
    let used = false;
    for (const binding of ENV_BINDINGS) {
      const text = env[binding.name];
      if (text === undefined || text === '') continue;
      const source = `${origin} ${binding.name}`;
      layered.set(binding.path, coerceEnvValue(binding, text, source), source);
      used = true;
    }
    if (used) layers.push(origin === 'env' ? 'environment' : '.env');
  }
  if (options.mode !== undefined) {
    layered.set('mode', mode, 'flag --mode');
    layers.push('flag --mode');
  }

  const provenance = layered.sources();
  const where = (path: string) => sourceOf(provenance, path) ?? `${dir} (no layer sets it)`;
  const parsed = nodeConfig.safeParse(layered.value());
  if (!parsed.success)
    throw new ConfigError(
      parsed.error.issues
        .map((issue) => {
          const field = issue.path.join('.');
          const keys = 'keys' in issue && Array.isArray(issue.keys) ? ` (${issue.keys.join(', ')})` : '';
          return `${where(field)}: ${field === '' ? '' : `field '${field}': `}${issue.message}${keys}`;
        })
        .join('\n'),
    );
  const config = parsed.data;
  try {
    backtestRiskConfig(config.risk);
  } catch (error) {
    throw new ConfigError(`${where('risk')}: ${(error as Error).message}`);
  }
  const periodMs = {
    from: instant(where('period.from'), 'period.from', config.period.from),
    to: instant(where('period.to'), 'period.to', config.period.to),
  };

  // Paths written in a file are relative to the config directory; from the environment or a default, to cwd.
  const anchor = (path: string, value: string) =>
    isAbsolute(value) ? value : resolve(/\.yaml(,|$)/.test(provenance.get(path) ?? '') ? dir : cwd, value);
  if (config.data.path !== undefined) config.data.path = anchor('data.path', config.data.path);
  if (config.data.catalog !== undefined && config.data.catalog !== 'default')
    config.data.catalog = anchor('data.catalog', config.data.catalog);
  if (config.events !== undefined) config.events.path = anchor('events.path', config.events.path);
  if (config.output.dir !== undefined) config.output.dir = anchor('output.dir', config.output.dir);
  config.store.sqlite_path = anchor('store.sqlite_path', config.store.sqlite_path);

  return deepFreeze({ config, mode, dir, layers, provenance, periodMs });
}

function instant(source: string, field: string, value: string | number | undefined): number | undefined {
  try {
    return parseInstant(field, value);
  } catch (error) {
    throw new ConfigError(`${source}: ${(error as Error).message}`);
  }
}

/** The mode: the flag, else TRADEWIND_MODE (process environment, then .env), else base.yaml, else SIM. */
function chooseMode(
  flag: string | undefined,
  env: NodeJS.ProcessEnv,
  dotEnv: NodeJS.Dict<string>,
  base: Mapping,
): TradingMode {
  const candidates: [string, unknown][] = [
    ['flag --mode', flag?.toUpperCase()],
    ['env TRADEWIND_MODE', env.TRADEWIND_MODE || undefined],
    ['.env TRADEWIND_MODE', dotEnv.TRADEWIND_MODE || undefined],
    ['base.yaml', base.mode],
  ];
  for (const [source, value] of candidates) {
    if (value === undefined) continue;
    if (!(TRADING_MODES as readonly unknown[]).includes(value))
      throw new ConfigError(`${source}: field 'mode': '${String(value)}' is not one of ${TRADING_MODES.join(', ')}`);
    return value as TradingMode;
  }
  return 'SIM';
}

/** Refuses a secret field (or a credential-like key in the free-form `llm` section) written in a file. */
function refuseSecrets(content: Mapping, file: string, at: readonly string[]): void {
  const placed: Mapping = at.reduceRight<Mapping>((inner, key) => ({ [key]: inner }), content);
  for (const field of SECRET_FIELDS) {
    const value = field.path
      .split('.')
      .reduce<unknown>((node, key) => (isMapping(node) ? node[key] : undefined), placed);
    if (value !== undefined && value !== null)
      throw new ConfigError(
        `${file}: field '${field.path}' is a secret: set it in the environment or .env as ${field.env}, never in a config file`,
      );
  }
  const visit = (node: unknown, path: string): void => {
    if (!isMapping(node)) return;
    for (const [key, child] of Object.entries(node)) {
      const childPath = `${path}.${key}`;
      if (SECRET_KEY_PATTERN.test(key) && child !== null && child !== undefined && child !== '')
        throw new ConfigError(
          `${file}: field '${childPath}' looks like a credential: secrets come from the environment, never a config file`,
        );
      visit(child, childPath);
    }
  };
  visit(placed.llm, 'llm');
}

async function listDirectory(dir: string): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch (error) {
    throw new ConfigError(`cannot read config directory ${dir}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
  }
}

/** A YAML file whose top level is a mapping (an empty file is an empty mapping). */
async function readYamlMapping(path: string, name: string): Promise<Mapping> {
  const text = await readFile(path, 'utf8');
  let content: unknown;
  try {
    content = parseYaml(text) ?? {};
  } catch (error) {
    // The first line has the position; the excerpt after it could quote a misplaced secret.
    throw new ConfigError(`${name}: invalid YAML: ${(error as Error).message.split('\n')[0]}`);
  }
  if (!isMapping(content)) throw new ConfigError(`${name}: the top level must be a mapping`);
  return content;
}

/**
 * A dotenv file (`NAME=value`, `#` comments, quoted values, `export` prefix) read with Node's own
 * `util.parseEnv` (Node ≥ 20.12). Its parse errors are not echoed: the file holds secrets.
 */
export async function readEnvFile(path: string): Promise<NodeJS.Dict<string>> {
  if (typeof parseEnv !== 'function') throw new ConfigError(`${path}: reading .env files needs Node 20.12 or later`);
  return { ...parseEnv(await readFile(path, 'utf8')) };
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    if (value instanceof Map) return Object.freeze(value);
    Object.freeze(value);
    for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
  }
  return value;
}

import { ConfigError } from './load-backtest-config.ts';
import { nodeConfig, SECRET_FIELDS } from './node-config.ts';

/**
 * One environment variable and the configuration field it sets. The description and default are
 * the field's own (its zod `.describe()` text and `.default()`), so the table cannot drift from
 * the schema; `.env.example` is generated from it.
 */
export interface EnvBinding {
  /** Variable name, e.g. `TRADEWIND_MODE` or `DATABASE_URL`. */
  readonly name: string;
  /** Dotted configuration path it sets, e.g. `store.database_url`. */
  readonly path: string;
  /** A secret: settable only here (never in a YAML file) and never printed. */
  readonly secret: boolean;
}

/**
 * The environment variables Tradewind reads, in `.env.example` order. Non-secret ones are
 * `TRADEWIND_` + the field's path in upper case with `.` → `_`; secrets keep their conventional
 * names (`DATABASE_URL`). A variable set to the empty string counts as unset.
 */
export const ENV_BINDINGS: readonly EnvBinding[] = [
  { name: 'TRADEWIND_MODE', path: 'mode', secret: false },
  { name: 'TRADEWIND_SEED', path: 'seed', secret: false },
  { name: 'TRADEWIND_ACCOUNT_STARTING_CASH', path: 'account.starting_cash', secret: false },
  { name: 'TRADEWIND_OUTPUT_DIR', path: 'output.dir', secret: false },
  { name: 'TRADEWIND_STORE_SQLITE_PATH', path: 'store.sqlite_path', secret: false },
  { name: 'TRADEWIND_VENUE_NAME', path: 'venue.name', secret: false },
  { name: 'TRADEWIND_VENUE_SANDBOX', path: 'venue.sandbox', secret: false },
  ...SECRET_FIELDS.map((field) => ({ name: field.env, path: field.path, secret: true })),
];

/** The subset of zod 4's internal definition this module reads. */
interface SchemaNode {
  readonly description?: string;
  readonly def: {
    readonly type: string;
    readonly innerType?: SchemaNode;
    readonly shape?: Record<string, SchemaNode>;
    readonly defaultValue?: unknown;
    readonly entries?: Record<string, string>;
    readonly options?: readonly SchemaNode[];
  };
}

/** What the schema says about one field: its description, default, leaf type and allowed values. */
export interface FieldInfo {
  readonly description: string;
  readonly defaultValue: unknown;
  /** zod's type of the unwrapped leaf: `string`, `number`, `boolean`, `enum`, `union`, ... */
  readonly type: string;
  /** Allowed values of an enum field. */
  readonly values?: readonly string[];
}

const WRAPPERS = new Set(['optional', 'default', 'nullable', 'readonly', 'prefault']);

/** Describes the field at `path` of {@link nodeConfig}; throws if the schema has no such field (a table bug). */
export function fieldInfo(path: string): FieldInfo {
  let node = nodeConfig as unknown as SchemaNode;
  let description: string | undefined;
  let defaultValue: unknown;
  const parts = path.split('.');
  for (let i = 0; ; i++) {
    // Outer wrappers first: the description and default closest to the parent win.
    while (WRAPPERS.has(node.def.type)) {
      description ??= node.description;
      if (node.def.type === 'default' && defaultValue === undefined) defaultValue = node.def.defaultValue;
      node = node.def.innerType!;
    }
    description ??= node.description;
    if (i === parts.length) break;
    const child = node.def.shape?.[parts[i]!];
    if (child === undefined) throw new Error(`env bindings: the config schema has no field '${path}'`);
    node = child;
    description = undefined;
    // A parent's default (e.g. `{ sandbox: false }`) is not the child's.
    defaultValue = undefined;
  }
  return {
    description: description ?? '',
    defaultValue,
    type: node.def.type,
    values: node.def.type === 'enum' ? Object.values(node.def.entries ?? {}) : undefined,
  };
}

/**
 * Converts a variable's text to the field's type (numbers, booleans `true|false|1|0`); secrets and
 * strings stay text. A bad value is a ConfigError naming the variable; a secret's value is never echoed.
 */
export function coerceEnvValue(binding: EnvBinding, text: string, origin: string): unknown {
  const info = fieldInfo(binding.path);
  if (binding.secret || info.type === 'string' || info.type === 'enum') return text;
  if (info.type === 'number') {
    const value = Number(text);
    if (text.trim() === '' || !Number.isFinite(value))
      throw new ConfigError(`${origin}: field '${binding.path}': '${text}' is not a number`);
    return value;
  }
  if (info.type === 'boolean') {
    if (/^(true|1)$/i.test(text)) return true;
    if (/^(false|0)$/i.test(text)) return false;
    throw new ConfigError(`${origin}: field '${binding.path}': '${text}' is not true, false, 1 or 0`);
  }
  throw new Error(`env bindings: no conversion for field '${binding.path}' of type ${info.type}`);
}

import { access } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ZodError } from 'zod';
import type { Strategy, StrategyClass } from '../../core/strategy/strategy.ts';
import { BUILT_IN_STRATEGIES } from '../../strategies/index.ts';
import { ConfigError, formatIssues } from '../config/load-backtest-config.ts';

/** A strategy ready to add to an engine, with its validated parameters. */
export interface LoadedStrategy {
  readonly name: string;
  readonly id: string;
  readonly strategy: Strategy;
  readonly params: Readonly<Record<string, unknown>>;
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
  const builtIn = BUILT_IN_STRATEGIES[nameOrPath];
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
        throw new ConfigError(formatIssues(`strategy '${name}' parameters`, zodError));
      throw new ConfigError(`strategy '${name}' parameters: ${(error as Error).message}`);
    }
  }
  const id = name.replace(/[^A-Za-z0-9_.:-]/g, '_');
  return { name, id, strategy: new cls(validated as never), params: validated };
}

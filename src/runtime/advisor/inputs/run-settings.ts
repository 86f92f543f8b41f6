import { allocateBarSeries } from '../../../core/model/data.ts';
import { instrumentId } from '../../../core/model/ids.ts';
import { DEFAULT_RISK_LIMITS, type RiskLimits } from '../../../core/risk/index.ts';
import { BUILT_IN_STRATEGIES } from '../../../strategies/index.ts';
import { inferInstrument } from '../../backtest/infer-instrument.ts';
import { type BacktestConfig, backtestConfig } from '../../config/backtest-config.ts';
import { backtestRiskConfig } from '../../config/risk-config.ts';
import { AdvisorInputError } from './advisor-input-error.ts';
import type { RunSettings, StrategySetting } from './run-record.ts';

/** What the files beside the configuration tell about it. */
export interface SettingsHints {
  /** Bar timeframe (summary.json `timeframe`), for inferring an equity instrument; default `1m`. */
  readonly timeframe?: string;
  /** The single strategy's name as the run recorded it (summary.json `strategy`): a module strategy's class name. */
  readonly strategyName?: string;
  /** Strategy ids seen in the orders, for strategies whose id the configuration cannot tell (module files). */
  readonly tradedStrategyIds?: readonly string[];
}

/** The id `loadStrategy` gives a strategy name. */
const idOf = (name: string): string => name.replace(/[^A-Za-z0-9_.:-]/g, '_');

/** The name a strategy spec resolves to without importing it: a built-in's, or `file.ts#Class`'s class; else undefined. */
function resolvedName(spec: string): string | undefined {
  if (Object.hasOwn(BUILT_IN_STRATEGIES, spec)) return spec;
  const hash = spec.indexOf('#');
  return hash >= 0 ? spec.slice(hash + 1) : undefined;
}

/** A strategy's numeric parameters in force: a built-in's preset under the configured ones, as its schema resolves them. */
function numericParameters(name: string, params: Readonly<Record<string, unknown>>): Record<string, number> {
  const builtIn = Object.hasOwn(BUILT_IN_STRATEGIES, name) ? BUILT_IN_STRATEGIES[name] : undefined;
  let resolved: Record<string, unknown> = { ...(builtIn?.defaults ?? {}), ...params };
  try {
    const schema = builtIn?.strategy.parameters as { parse(input: unknown): unknown } | undefined;
    if (schema !== undefined) resolved = schema.parse(resolved) as Record<string, unknown>;
  } catch {
    // The run accepted these parameters when it started; a schema that changed since leaves them as configured.
  }
  const out: Record<string, number> = {};
  for (const key of Object.keys(resolved).sort()) {
    const value = resolved[key];
    if (typeof value === 'number' && Number.isFinite(value)) out[key] = value;
  }
  return out;
}

function strategiesOf(config: BacktestConfig, hints: SettingsHints): StrategySetting[] {
  const out: StrategySetting[] = [];
  if (config.strategy !== undefined) {
    const name = resolvedName(config.strategy.name) ?? hints.strategyName;
    const id =
      name !== undefined
        ? idOf(name)
        : (hints.tradedStrategyIds?.find((s) => s !== 'RISK') ?? idOf(config.strategy.name));
    out.push({ id, parameters: numericParameters(config.strategy.name, config.strategy.params) });
    return out;
  }
  const entries = config.strategies ?? [];
  const taken = new Set(entries.flatMap((e) => (e.id === undefined ? [] : [e.id])));
  for (const entry of entries) {
    let id = entry.id;
    const name = resolvedName(entry.name);
    if (id === undefined && name !== undefined) {
      const base = idOf(name);
      id = base;
      for (let n = 2; taken.has(id); n++) id = `${base}_${n}`;
      taken.add(id);
    }
    // A module strategy without an id: its id is its class name, known once it traded (added from the orders).
    if (id !== undefined) out.push({ id, parameters: numericParameters(entry.name, entry.params) });
  }
  return out;
}

/**
 * The settings of a run from its resolved configuration (config.yaml of a run directory, or the
 * configuration a paper run stored): strategies and parameters, account limits, slippage model,
 * currency and precision. `file` names the source in errors.
 */
export function runSettings(raw: unknown, file: string, hints: SettingsHints = {}): RunSettings {
  const parsed = backtestConfig.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue === undefined ? '' : `${issue.path.join('.') || '(top)'}: ${issue.message}`;
    throw new AdvisorInputError(file, undefined, `not a valid run configuration: ${where}`);
  }
  const config = parsed.data;
  let limits: RiskLimits;
  try {
    limits = backtestRiskConfig(config.risk).policy?.limits ?? DEFAULT_RISK_LIMITS;
  } catch (error) {
    throw new AdvisorInputError(file, undefined, `risk: ${(error as Error).message}`);
  }
  const timeframe = config.data.timeframe ?? hints.timeframe ?? '1m';
  const instrument = inferInstrument(
    config,
    allocateBarSeries(instrumentId(config.instrument.symbol, config.instrument.venue), timeframe, 0),
    timeframe,
  );
  const strategies = strategiesOf(config, hints);
  return {
    strategies,
    multiStrategy: config.strategies !== undefined,
    limits,
    slippage: { halfSpreadBps: config.execution.slippage_bps, impactBps: config.execution.impact_bps },
    startingCash: config.account.starting_cash,
    currency: instrument.quoteCurrency.code,
    currencyPrecision: instrument.quoteCurrency.precision,
    sizePrecision: instrument.sizePrecision,
    periodsPerYear: instrument.kind === 'equity' ? 252 : 365,
  };
}

/** The settings of a run without a readable configuration: its strategies, the blueprint's limits, no fill model. */
export function fallbackSettings(strategyIds: readonly string[]): RunSettings {
  return {
    strategies: strategyIds.map((id) => ({ id, parameters: {} })),
    multiStrategy: strategyIds.length > 1,
    limits: DEFAULT_RISK_LIMITS,
    slippage: undefined,
    startingCash: undefined,
    currency: 'USD',
    currencyPrecision: 2,
    sizePrecision: 8,
    periodsPerYear: 365,
  };
}

import type { BarSeries } from '../../core/model/data.ts';
import type { ExternalEvent } from '../../core/model/events.ts';
import type { Instrument } from '../../core/model/instrument.ts';
import { createEngine } from '../backtest/run-backtest.ts';
import { loadStrategy } from '../backtest/strategy-loader.ts';
import type { BacktestConfig } from '../config/backtest-config.ts';
import type { ParameterSet } from './parameter-space.ts';
import { type BarWindow, type RunCalendar, runCalendar, type WindowResult, windowResult } from './window-metrics.ts';

/** Every trial of a setup marks equity at the same bar closes: their calendar is computed once. */
const calendars = new WeakMap<TrialSetup, RunCalendar>();

/** What every trial of a search shares: the run's config, its bars, and the windows to measure. */
export interface TrialSetup {
  readonly config: Readonly<BacktestConfig>;
  readonly baseDir: string;
  readonly instrument: Instrument;
  readonly series: BarSeries;
  readonly windows: readonly BarWindow[];
  /** The run's recorded external events (`events.path`), released to every trial as to the backtest. */
  readonly events: readonly ExternalEvent[];
}

/** One trial: its parameter set's results in every window of the setup, or why it could not run. */
export type TrialOutcome =
  | { readonly ok: true; readonly windows: readonly WindowResult[] }
  | { readonly ok: false; readonly error: string };

/**
 * Backtests the config's strategy with `parameters` laid over its `strategy.params`, in one pass
 * over every bar with the run's own engine (the same risk rails, fees, slippage and seed as
 * `tradewind backtest`), and measures each window of the setup. Invalid parameters (the
 * strategy's schema refuses them) are an outcome, not an exception.
 */
export async function evaluateTrial(setup: TrialSetup, parameters: ParameterSet): Promise<TrialOutcome> {
  const { config, instrument, series } = setup;
  if (config.strategy === undefined)
    throw new Error('an optimization searches the parameters of one strategy (strategy:)');
  let strategy: Awaited<ReturnType<typeof loadStrategy>>;
  try {
    strategy = await loadStrategy(config.strategy.name, { ...config.strategy.params, ...parameters }, setup.baseDir);
  } catch (error) {
    return { ok: false, error: (error as Error).message };
  }
  const engine = createEngine(config, instrument, strategy, undefined);
  engine.addExternalEvents(setup.events);
  engine.processBars(series);
  const result = engine.finish();
  if (result.equity.length !== series.length)
    throw new Error(
      `the run marked equity ${result.equity.length} times over ${series.length} bars; windows need one mark per bar`,
    );
  // Trading days a year, as the backtest's own metrics count them.
  const periodsPerYear = instrument.kind === 'equity' ? 252 : 365;
  let calendar = calendars.get(setup);
  if (calendar === undefined) {
    calendar = runCalendar(result.equity.timestamps, result.equity.length);
    calendars.set(setup, calendar);
  }
  const shared = calendar;
  return { ok: true, windows: setup.windows.map((w) => windowResult(result, w, periodsPerYear, shared)) };
}

/**
 * A worker thread of the optimizer: receives the shared bars and the run's config once (as
 * `workerData`), then evaluates one parameter set per message, answering with its index so that
 * the results are put back in trial order whatever thread ran them.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { ExternalEvent } from '../../core/model/events.ts';
import type { Instrument } from '../../core/model/instrument.ts';
import type { BacktestConfig } from '../config/backtest-config.ts';
import { evaluateTrial, type TrialOutcome } from './evaluate-trial.ts';
import type { ParameterSet } from './parameter-space.ts';
import { type SharedBarSeries, sharedBarSeriesView } from './shared-bar-series.ts';
import type { BarWindow } from './window-metrics.ts';

/** What the pool hands every worker at start. */
export interface OptimizeWorkerData {
  readonly config: BacktestConfig;
  readonly baseDir: string;
  readonly instrument: Instrument;
  readonly series: SharedBarSeries;
  readonly windows: readonly BarWindow[];
  readonly events: readonly ExternalEvent[];
}

/** One task, and its answer. */
export interface TrialTask {
  readonly index: number;
  readonly parameters: ParameterSet;
}
export interface TrialAnswer {
  readonly index: number;
  readonly outcome?: TrialOutcome;
  /** A broken invariant in the run: the search stops with this message. */
  readonly failure?: string;
}

if (parentPort !== null) {
  const port = parentPort;
  const data = workerData as OptimizeWorkerData;
  const setup = {
    config: data.config,
    baseDir: data.baseDir,
    instrument: data.instrument,
    series: sharedBarSeriesView(data.series),
    windows: data.windows,
    events: data.events,
  };
  port.on('message', (task: TrialTask) => {
    evaluateTrial(setup, task.parameters).then(
      (outcome) => {
        const transfer = outcome.ok ? outcome.windows.flatMap((w) => [w.dailyReturns.buffer, w.tradePnls.buffer]) : [];
        port.postMessage({ index: task.index, outcome } satisfies TrialAnswer, transfer as ArrayBuffer[]);
      },
      (error: unknown) => {
        port.postMessage({ index: task.index, failure: (error as Error).stack ?? String(error) } satisfies TrialAnswer);
      },
    );
  });
}

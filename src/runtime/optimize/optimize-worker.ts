/**
 * A worker thread of the optimizer: starts (loading the engine) before the bars are read, receives
 * the shared bars and the run's config once (an `init` message), then evaluates one parameter set
 * per message, answering with its index so that
 * the results are put back in trial order whatever thread ran them.
 */
import { parentPort } from 'node:worker_threads';
import type { ExternalEvent } from '../../core/model/events.ts';
import type { Instrument } from '../../core/model/instrument.ts';
import type { BacktestConfig } from '../config/backtest-config.ts';
import { evaluateTrial, type TrialOutcome, type TrialSetup } from './evaluate-trial.ts';
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

/** The first message a worker gets: what every trial shares. Trials follow. */
export interface WorkerInit {
  readonly init: OptimizeWorkerData;
}

if (parentPort !== null) {
  const port = parentPort;
  let setup: TrialSetup | undefined;
  port.on('message', (message: WorkerInit | TrialTask) => {
    if ('init' in message) {
      const data = message.init;
      setup = {
        config: data.config,
        baseDir: data.baseDir,
        instrument: data.instrument,
        series: sharedBarSeriesView(data.series),
        windows: data.windows,
        events: data.events,
      };
      return;
    }
    const task = message;
    if (setup === undefined) {
      port.postMessage({ index: task.index, failure: 'a trial came before the init message' } satisfies TrialAnswer);
      return;
    }
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

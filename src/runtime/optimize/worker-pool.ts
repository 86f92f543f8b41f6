import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { startTypeScriptWorker } from '../../adapters/threads/index.ts';
import type { TrialOutcome } from './evaluate-trial.ts';
import type { OptimizeWorkerData, TrialAnswer, TrialTask, WorkerInit } from './optimize-worker.ts';
import type { ParameterSet } from './parameter-space.ts';

const WORKER_MODULE = new URL('./optimize-worker.ts', import.meta.url);

/** Worker threads started ahead of the work (see {@link startWorkerPool}). */
export interface WorkerPool {
  /**
   * Hands every worker the shared data, then evaluates the parameter sets, each worker taking the
   * next set as soon as it is free, and returns the outcomes in the order of `sets`: which thread
   * ran which set does not show in the result, so one worker and many give the same answer.
   */
  evaluate(
    data: OptimizeWorkerData,
    sets: readonly ParameterSet[],
    onProgress?: (done: number, total: number) => void,
  ): Promise<TrialOutcome[]>;
  close(): Promise<void>;
}

/**
 * Starts `workers` threads (default: every core) at once, so that each loads and compiles the
 * engine while the caller reads the bars; close it when done (also after a failure).
 */
export function startWorkerPool(workers?: number): WorkerPool {
  const threads: Worker[] = [];
  const count = Math.max(1, workers ?? availableParallelism());
  for (let w = 0; w < count; w++) threads.push(startTypeScriptWorker(WORKER_MODULE));
  return {
    close: async () => {
      await Promise.all(threads.map((t) => t.terminate()));
    },
    evaluate: (data, sets, onProgress) => {
      const outcomes = new Array<TrialOutcome>(sets.length);
      let next = 0;
      let done = 0;
      const used = threads.slice(0, Math.min(threads.length, sets.length));
      return new Promise<TrialOutcome[]>((resolve, reject) => {
        if (sets.length === 0) return resolve(outcomes);
        const feed = (worker: Worker): void => {
          if (next >= sets.length) return;
          const index = next++;
          worker.postMessage({ index, parameters: sets[index] } satisfies TrialTask);
        };
        for (const worker of used) {
          worker.removeAllListeners();
          worker.on('message', (answer: TrialAnswer) => {
            if (answer.failure !== undefined || answer.outcome === undefined)
              return reject(
                new Error(`trial ${answer.index} (${JSON.stringify(sets[answer.index])}) failed: ${answer.failure}`),
              );
            outcomes[answer.index] = answer.outcome;
            done++;
            onProgress?.(done, sets.length);
            if (done === sets.length) resolve(outcomes);
            else feed(worker);
          });
          worker.on('error', reject);
          worker.on('exit', (code) => {
            if (done < sets.length)
              reject(new Error(`an optimizer worker exited (code ${code}) with trials unfinished`));
          });
          worker.postMessage({ init: data } satisfies WorkerInit);
          feed(worker);
        }
      });
    },
  };
}

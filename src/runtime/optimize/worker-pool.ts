import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { TrialOutcome } from './evaluate-trial.ts';
import type { OptimizeWorkerData, TrialAnswer, TrialTask } from './optimize-worker.ts';
import type { ParameterSet } from './parameter-space.ts';

/**
 * The worker's bootstrap: registers tsx's ESM loader in the new thread, then imports the
 * TypeScript worker module, so that nothing needs a build step (a `--import tsx` flag alone does
 * not reach a worker's entry module on Node 20).
 */
const TSX_API = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api')).href.replace(/\.cjs$/, '.mjs');
const WORKER_MODULE = new URL('./optimize-worker.ts', import.meta.url).href;
const BOOTSTRAP = `import(${JSON.stringify(TSX_API)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(WORKER_MODULE)}); })`;

/** Options of {@link evaluateInWorkers}. */
export interface WorkerPoolOptions {
  /** Threads to start (default: every core); never more than the tasks. */
  readonly workers?: number;
  /** Called after each finished trial with the count done. */
  readonly onProgress?: (done: number, total: number) => void;
}

/**
 * Evaluates every parameter set on worker threads, each taking the next set as soon as it is
 * free, and returns the outcomes in the order of `sets`: which thread ran which set does not
 * show in the result, so one worker and many give the same answer.
 */
export async function evaluateInWorkers(
  data: OptimizeWorkerData,
  sets: readonly ParameterSet[],
  options: WorkerPoolOptions = {},
): Promise<TrialOutcome[]> {
  const count = Math.max(1, Math.min(options.workers ?? availableParallelism(), sets.length));
  const outcomes = new Array<TrialOutcome>(sets.length);
  let next = 0;
  let done = 0;
  const workers: Worker[] = [];
  try {
    await new Promise<void>((resolve, reject) => {
      if (sets.length === 0) return resolve();
      const feed = (worker: Worker): void => {
        if (next < sets.length) {
          const index = next++;
          worker.postMessage({ index, parameters: sets[index] } satisfies TrialTask);
        }
      };
      for (let w = 0; w < count; w++) {
        const worker = new Worker(BOOTSTRAP, { eval: true, workerData: data });
        workers.push(worker);
        worker.on('message', (answer: TrialAnswer) => {
          if (answer.failure !== undefined || answer.outcome === undefined)
            return reject(
              new Error(`trial ${answer.index} (${JSON.stringify(sets[answer.index])}) failed: ${answer.failure}`),
            );
          outcomes[answer.index] = answer.outcome;
          done++;
          options.onProgress?.(done, sets.length);
          if (done === sets.length) resolve();
          else feed(worker);
        });
        worker.on('error', reject);
        worker.on('exit', (code) => {
          if (done < sets.length) reject(new Error(`an optimizer worker exited (code ${code}) with trials unfinished`));
        });
        feed(worker);
      }
    });
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return outcomes;
}

import { availableParallelism } from 'node:os';
import { MessageChannel, type MessagePort, receiveMessageOnPort, type Worker } from 'node:worker_threads';
import { startTypeScriptWorker } from '../../adapters/threads/index.ts';
import { histogramBlockCount } from '../../core/ml/gbdt/histogram.ts';
import {
  type HistogramBuilder,
  type HistogramBuilderFactory,
  type HistogramSource,
  inThreadHistogramBuilders,
} from '../../core/ml/gbdt/histogram-builder.ts';
import { WasmHistogramTraining } from '../../core/ml/gbdt/wasm-histogram-training.ts';
import { Control, HistogramCommand, type HistogramWorkerData } from './histogram-worker-protocol.ts';

const WORKER_MODULE = new URL('./histogram-worker.ts', import.meta.url);

/** Default of ParallelHistogramOptions.minParallelCells. */
const MIN_PARALLEL_CELLS = 100_000;
/** A worker that neither starts nor answers within this long is taken as dead (milliseconds). */
const WORKER_TIMEOUT_MS = 120_000;

/** Options of {@link startParallelHistogramBuilders}. */
export interface ParallelHistogramOptions {
  /** Threads building each histogram, the training thread included (default: every core). */
  readonly threads?: number;
  /**
   * Builds of fewer row × feature cells stay on the training thread (default 100,000: waking
   * the workers costs about what that many cells take). The result is the same either way.
   */
  readonly minParallelCells?: number;
}

/** A {@link HistogramBuilderFactory} over worker threads; `close` ends the threads. */
export interface ParallelHistogramBuilders extends HistogramBuilderFactory {
  /** Threads per build, the training thread included (1: no workers). */
  readonly threads: number;
  /** Stops the workers; the factory cannot open trainings afterwards. */
  close(): Promise<void>;
}

/**
 * Row-parallel histogram construction within one process: `threads − 1` worker threads, started
 * at the first build worth sharing and kept for every later training of the factory, wait on
 * shared control words; in each build the threads claim blocks of HISTOGRAM_BLOCK_ROWS rows until
 * none is left, each block summed into its own partial histogram in one shared WebAssembly memory
 * with the same kernel (`WasmHistogramTraining`, ADR 0014), and the training thread adds the
 * partials in block order. The blocks depend on the rows alone, so the histograms — and the
 * trained model — are the same bits with any number of threads. The factory is synchronous to use
 * (the trainer is): builds block the training thread with Atomics.wait until the workers are
 * done. Workers do not keep the process alive.
 */
export function startParallelHistogramBuilders(options: ParallelHistogramOptions = {}): ParallelHistogramBuilders {
  const threads = Math.max(1, Math.floor(options.threads ?? availableParallelism()));
  const minParallelCells = options.minParallelCells ?? MIN_PARALLEL_CELLS;
  const control = new Int32Array(new SharedArrayBuffer(Control.Length * Int32Array.BYTES_PER_ELEMENT));
  const workers: Worker[] = [];
  const ports: MessagePort[] = [];
  /** Starts the workers at the first build worth sharing (small trainings never start them). */
  const startWorkers = (): void => {
    for (let part = 1; part < threads; part++) {
      const channel = new MessageChannel();
      const data: HistogramWorkerData = {
        control: control.buffer as SharedArrayBuffer,
        part,
        port: channel.port2,
      };
      const worker = startTypeScriptWorker(WORKER_MODULE, { workerData: data, transferList: [channel.port2] });
      worker.unref();
      // A worker that fails is reported by the control words (Failed, or a timeout); the event
      // itself would only arrive once the training thread is free again.
      worker.on('error', () => {});
      workers.push(worker);
      ports.push(channel.port1);
    }
  };
  let stopped = false;
  let opened = false;

  /** Blocks until `index` reaches `target` (Pending down to 0, Ready up to the worker count). */
  const waitFor = (index: number, target: number, what: string): void => {
    for (;;) {
      const value = Atomics.load(control, index);
      if (value === target) break;
      if (Atomics.wait(control, index, value, WORKER_TIMEOUT_MS) === 'timed-out') {
        throw new Error(`parallel histograms: no answer from the workers within ${WORKER_TIMEOUT_MS} ms (${what})`);
      }
    }
    if (Atomics.load(control, Control.Failed) !== 0) {
      const reasons = ports.map((port) => receiveMessageOnPort(port)?.message).filter((m) => m !== undefined);
      throw new Error(`parallel histograms: a worker failed (${what}): ${reasons.join('; ')}`);
    }
  };
  /** Runs a command on every worker and waits for all of them. */
  const command = (code: number, what: string): void => {
    Atomics.store(control, Control.Command, code);
    Atomics.store(control, Control.Pending, workers.length);
    Atomics.add(control, Control.Sequence, 1);
    Atomics.notify(control, Control.Sequence);
    waitFor(Control.Pending, 0, what);
  };

  return {
    threads,
    open(source: HistogramSource): HistogramBuilder {
      if (stopped) throw new Error('parallel histograms: the builders were closed');
      if (opened) throw new Error('parallel histograms: one training at a time');
      const training = WasmHistogramTraining.open(source);
      // Without WebAssembly (or past its 4 GiB) every build stays on this thread.
      if (training === null) return inThreadHistogramBuilders.open(source);
      // The workers get the training at the first build big enough to share (small trainings
      // never wait for the threads to start).
      let workersOpen = false;
      let closed = false;
      opened = true;
      return {
        rows: training.rows,
        orderedGradientHessian: training.orderedGradientHessian,
        build(histogram, start, end, features) {
          const m = features.length;
          const blocks = histogramBlockCount(start, end);
          if (threads === 1 || blocks === 1 || (end - start) * m < minParallelCells) {
            training.build(histogram, start, end, features);
            return;
          }
          if (!workersOpen) {
            if (workers.length === 0) startWorkers();
            waitFor(Control.Ready, workers.length, 'start');
            for (const port of ports) port.postMessage(training.share());
            command(HistogramCommand.Open, 'open');
            workersOpen = true;
          }
          training.setFeatures(features);
          // Blocks of rows claimed by whichever thread is free: a worker that the busy machine
          // does not schedule in time leaves its blocks to this thread instead of stalling it.
          Atomics.store(control, Control.Start, start);
          Atomics.store(control, Control.End, end);
          Atomics.store(control, Control.FeatureCount, m);
          Atomics.store(control, Control.BlockCount, blocks);
          Atomics.store(control, Control.NextBlock, 0);
          Atomics.store(control, Control.Command, HistogramCommand.Build);
          Atomics.store(control, Control.Pending, workers.length);
          Atomics.add(control, Control.Sequence, 1);
          Atomics.notify(control, Control.Sequence);
          for (;;) {
            const block = Atomics.add(control, Control.NextBlock, 1);
            if (block >= blocks) break;
            training.buildBlock(start, end, block);
          }
          waitFor(Control.Pending, 0, 'build');
          training.merge(histogram, features, blocks);
        },
        close() {
          if (closed) return;
          closed = true;
          opened = false;
          if (workersOpen && !stopped) command(HistogramCommand.Close, 'close');
        },
      };
    },
    async close() {
      if (stopped) return;
      stopped = true;
      Atomics.store(control, Control.Command, HistogramCommand.Stop);
      Atomics.add(control, Control.Sequence, 1);
      Atomics.notify(control, Control.Sequence);
      for (const port of ports) port.close();
      await Promise.all(workers.map((worker) => worker.terminate()));
    },
  };
}

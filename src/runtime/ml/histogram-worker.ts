/**
 * A histogram worker thread: waits on the shared control words, and on each Build claims chunks
 * of the features until none is left, filling their slots in the shared output histogram with
 * the same loop the training thread runs, so the sums are the same bits whoever builds them.
 */
import { receiveMessageOnPort, workerData } from 'node:worker_threads';
import { buildHistogram } from '../../core/ml/gbdt/histogram.ts';
import {
  Control,
  HistogramCommand,
  type HistogramTrainingBuffers,
  type HistogramWorkerData,
} from './histogram-worker-protocol.ts';

const { control: controlBuffer, port } = workerData as HistogramWorkerData;
const control = new Int32Array(controlBuffer);
let training: HistogramTrainingBuffers | null = null;

function run(command: number): void {
  if (command === HistogramCommand.Open) {
    const received = receiveMessageOnPort(port);
    if (received === undefined) throw new Error('histogram worker: Open without buffers on the port');
    training = received.message as HistogramTrainingBuffers;
  } else if (command === HistogramCommand.Close) {
    training = null;
  } else if (command === HistogramCommand.Build) {
    const t = training;
    if (t === null) throw new Error('histogram worker: Build before Open');
    const count = control[Control.FeatureCount];
    const size = control[Control.ChunkSize];
    const features = t.features.subarray(0, count);
    const start = control[Control.Start];
    const end = control[Control.End];
    for (;;) {
      const from = Atomics.add(control, Control.NextChunk, 1) * size;
      if (from >= count) break;
      const to = Math.min(count, from + size);
      buildHistogram(
        t.output,
        t.globalBins,
        t.featureCount,
        t.rows,
        t.orderedGradientHessian,
        start,
        end,
        t,
        features,
        from,
        to,
      );
    }
  }
}

let seen = Atomics.load(control, Control.Sequence);
Atomics.add(control, Control.Ready, 1);
Atomics.notify(control, Control.Ready);
for (;;) {
  Atomics.wait(control, Control.Sequence, seen);
  const sequence = Atomics.load(control, Control.Sequence);
  if (sequence === seen) continue;
  seen = sequence;
  const command = Atomics.load(control, Control.Command);
  if (command === HistogramCommand.Stop) break;
  try {
    run(command);
  } catch (error) {
    port.postMessage(String((error as Error).stack ?? error));
    Atomics.store(control, Control.Failed, 1);
  }
  if (Atomics.sub(control, Control.Pending, 1) === 1) Atomics.notify(control, Control.Pending);
}
port.close();

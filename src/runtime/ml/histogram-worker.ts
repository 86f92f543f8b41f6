/**
 * A histogram worker thread: waits on the shared control words, and on each Build claims blocks
 * of rows until none is left, filling each block's partial histogram in the training's shared
 * memory with the same WebAssembly kernel the training thread runs, so the sums are the same
 * bits whoever builds them.
 */
import { receiveMessageOnPort, workerData } from 'node:worker_threads';
import { type SharedHistogramTraining, WasmHistogramTraining } from '../../core/ml/gbdt/wasm-histogram-training.ts';
import { Control, HistogramCommand, type HistogramWorkerData } from './histogram-worker-protocol.ts';

const { control: controlBuffer, port } = workerData as HistogramWorkerData;
const control = new Int32Array(controlBuffer);
let training: WasmHistogramTraining | null = null;

function run(command: number): void {
  if (command === HistogramCommand.Open) {
    const received = receiveMessageOnPort(port);
    if (received === undefined) throw new Error('histogram worker: Open without buffers on the port');
    training = WasmHistogramTraining.attach(received.message as SharedHistogramTraining);
  } else if (command === HistogramCommand.Close) {
    training = null;
  } else if (command === HistogramCommand.Build) {
    const t = training;
    if (t === null) throw new Error('histogram worker: Build before Open');
    const featureCount = control[Control.FeatureCount];
    const blocks = control[Control.BlockCount];
    const start = control[Control.Start];
    const end = control[Control.End];
    for (;;) {
      const block = Atomics.add(control, Control.NextBlock, 1);
      if (block >= blocks) break;
      t.buildBlock(start, end, block, featureCount);
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

/**
 * The protocol between {@link startParallelHistogramBuilders} and its histogram workers: one
 * shared Int32Array of control words, driven with Atomics so that the training thread can hand
 * out a histogram build and wait for it synchronously (the trainer is synchronous).
 */
import type { MessagePort } from 'node:worker_threads';

/** Control word indices. */
export const Control = {
  /** Bumped once per command; workers wait on it. */
  Sequence: 0,
  Command: 1,
  /** Row range [start, end) of the build. */
  Start: 2,
  End: 3,
  /** Number of features in the shared feature list. */
  FeatureCount: 4,
  /** Workers that have not finished the current command; the training thread waits on it. */
  Pending: 5,
  /** Workers started and waiting for commands. */
  Ready: 6,
  /** Set to 1 by a worker whose command threw (it posts the error text on its port). */
  Failed: 7,
  /** Next unclaimed block of the build's rows (threads claim blocks with Atomics.add). */
  NextBlock: 8,
  /** Blocks of HISTOGRAM_BLOCK_ROWS rows in the build. */
  BlockCount: 9,
  Length: 10,
} as const;

/** Commands (Control.Command). */
export const HistogramCommand = {
  /** Take the training's shared buffers from the port. */
  Open: 1,
  /** Claim blocks of rows until none is left, building each into its partial histogram. */
  Build: 2,
  /** Let go of the training's buffers. */
  Close: 3,
  /** Leave the loop (the thread ends). */
  Stop: 4,
} as const;

/** Given to each worker at start. */
export interface HistogramWorkerData {
  readonly control: SharedArrayBuffer;
  /** This worker's number, 1.. (the training thread is 0). */
  readonly part: number;
  /** Receives each training's buffers (read synchronously on Open). */
  readonly port: MessagePort;
}

import type { DataClientTimers } from '../../../core/data/data-client.ts';

/**
 * DataClientTimers on the machine's clock (Date.now, setTimeout) for paper and live nodes. A delay
 * of 0 runs on the next turn of the event loop (setImmediate): Node holds a `setTimeout(0)` back a
 * whole millisecond, which would cap a replay at `max` speed at one batch of bars per ms.
 */
export const wallClockTimers: DataClientTimers = Object.freeze({
  now: () => Date.now(),
  schedule(delayMs: number, callback: () => void): () => void {
    if (!(delayMs > 0)) {
      const immediate = setImmediate(callback);
      return () => clearImmediate(immediate);
    }
    const handle = setTimeout(callback, delayMs);
    return () => clearTimeout(handle);
  },
});

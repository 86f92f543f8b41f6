import type { DataClientTimers } from '../../../core/data/data-client.ts';

/** DataClientTimers on the machine's clock (Date.now, setTimeout) for paper and live nodes. */
export const wallClockTimers: DataClientTimers = Object.freeze({
  now: () => Date.now(),
  schedule(delayMs: number, callback: () => void): () => void {
    const handle = setTimeout(callback, Math.max(0, delayMs));
    return () => clearTimeout(handle);
  },
});

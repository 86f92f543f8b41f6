import type { DataClientTimers } from '../../src/core/data/data-client.ts';

interface Entry {
  readonly due: number;
  readonly sequence: number;
  readonly callback: () => void;
}

/**
 * DataClientTimers on a clock that moves only when a test says so: `advanceTo` fires every timer
 * due by then in time order (ties in scheduling order), setting the clock to each one's due time.
 */
export class ManualTimers implements DataClientTimers {
  private time: number;
  private sequence = 0;
  private readonly entries = new Set<Entry>();

  constructor(start: number) {
    this.time = start;
  }

  now(): number {
    return this.time;
  }

  schedule(delayMs: number, callback: () => void): () => void {
    const entry = { due: this.time + Math.max(0, delayMs), sequence: this.sequence++, callback };
    this.entries.add(entry);
    return () => this.entries.delete(entry);
  }

  /** Timers waiting to fire. */
  get pending(): number {
    return this.entries.size;
  }

  /** Due times of the waiting timers, ascending. */
  dueTimes(): number[] {
    return [...this.entries].map((e) => e.due).sort((a, b) => a - b);
  }

  advanceTo(time: number): void {
    for (;;) {
      let next: Entry | undefined;
      for (const entry of this.entries)
        if (
          entry.due <= time &&
          (next === undefined || entry.due < next.due || (entry.due === next.due && entry.sequence < next.sequence))
        )
          next = entry;
      if (next === undefined) break;
      this.entries.delete(next);
      this.time = Math.max(this.time, next.due);
      next.callback();
    }
    this.time = Math.max(this.time, time);
  }

  advanceBy(ms: number): void {
    this.advanceTo(this.time + ms);
  }
}

/** Polls `predicate` on real time (sockets need it) every 5 ms, failing after `timeoutMs` with `what`. */
export async function waitFor(predicate: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** One command on its way to the venue. Records are pooled and rewritten in place. */
interface Travelling<C> {
  arrival: number;
  sequence: number;
  command: C | undefined;
}

/**
 * Commands travelling to a simulated venue, in order of arrival (stable for equal arrivals).
 * Allocation-free in steady state: records are pooled, and the queue is a window
 * `[head, tail)` over the pool rather than an array that is sliced and spliced.
 *
 * `take(time)` detaches, as one batch, every command that arrived before `time`; the batch is
 * then read with `command(i)` / `sequence(i)`. Commands queued while the batch is handled
 * (from event handlers) join the queue behind it and never change it.
 */
export class CommandQueue<C> {
  private readonly records: Travelling<C>[] = [];
  private head = 0;
  private tail = 0;
  private batchStart = 0;

  /** Commands waiting (not yet taken). */
  get size(): number {
    return this.tail - this.head;
  }

  /** Queues a command that arrives at `arrival`; `sequence` is the venue's command number. */
  push(arrival: number, sequence: number, command: C): void {
    const records = this.records;
    if (this.tail === records.length) records.push({ arrival: 0, sequence: 0, command: undefined });
    const free = records[this.tail];
    // Later arrivals move one slot back; in-flight queues are short and nearly always in order.
    let i = this.tail;
    while (i > this.head && records[i - 1].arrival > arrival) {
      records[i] = records[i - 1];
      i--;
    }
    records[i] = free;
    free.arrival = arrival;
    free.sequence = sequence;
    free.command = command;
    this.tail++;
  }

  /**
   * Detaches the commands that arrived before `time` as the current batch and returns its size.
   * The previous batch is released.
   */
  take(time: number): number {
    this.release();
    const records = this.records;
    let end = this.head;
    while (end < this.tail && records[end].arrival < time) end++;
    this.batchStart = this.head;
    this.head = end;
    return end - this.batchStart;
  }

  /** The i-th command of the current batch (0-based, in arrival order). */
  command(i: number): C {
    return this.records[this.batchStart + i].command as C;
  }

  /** The venue sequence number of the i-th command of the current batch. */
  sequence(i: number): number {
    return this.records[this.batchStart + i].sequence;
  }

  /** Returns the handled records to the pool, moving the waiting ones to the front. */
  private release(): void {
    const records = this.records;
    for (let i = this.batchStart; i < this.head; i++) records[i].command = undefined;
    const head = this.head;
    if (head === 0) return;
    const waiting = this.tail - head;
    for (let i = 0; i < waiting; i++) {
      const spare = records[i];
      records[i] = records[head + i];
      records[head + i] = spare;
    }
    this.head = 0;
    this.tail = waiting;
    this.batchStart = 0;
  }
}

import { requireInteger } from './indicator.ts';

/**
 * Simple moving average over a ring buffer, with a compensated (Kahan–Neumaier) running sum so a
 * million updates do not drift. O(1) per update, no allocation after construction.
 */
export class Sma {
  private readonly window: Float64Array;
  private index = 0;
  private count = 0;
  private sum = 0;
  private compensation = 0;
  value = Number.NaN;

  readonly period: number;

  constructor(options: { readonly period: number }) {
    this.period = requireInteger('sma', 'period', options.period);
    this.window = new Float64Array(this.period);
  }

  get isReady(): boolean {
    return this.count >= this.period;
  }

  update(input: number): number {
    const leaving = this.count >= this.period ? this.window[this.index] : 0;
    this.add(input);
    this.add(-leaving);
    this.window[this.index] = input;
    this.index = this.index + 1 === this.period ? 0 : this.index + 1;
    if (this.count < this.period) this.count++;
    this.value = this.count >= this.period ? (this.sum + this.compensation) / this.period : Number.NaN;
    return this.value;
  }

  reset(): void {
    this.window.fill(0);
    this.index = 0;
    this.count = 0;
    this.sum = 0;
    this.compensation = 0;
    this.value = Number.NaN;
  }

  private add(x: number): void {
    const t = this.sum + x;
    this.compensation += Math.abs(this.sum) >= Math.abs(x) ? this.sum - t + x : x - t + this.sum;
    this.sum = t;
  }
}

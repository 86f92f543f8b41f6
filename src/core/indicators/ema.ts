/**
 * Exponential moving average, TA-Lib convention: α = 2 / (period + 1), seeded with the simple
 * average of the first `period` values, so the first value appears at the period-th input.
 * O(1) per update, no allocation.
 */
export class Ema {
  private readonly alpha: number;
  private count = 0;
  private sum = 0;
  value = Number.NaN;

  constructor(readonly period: number) {
    if (!Number.isInteger(period) || period < 1)
      throw new Error(`EMA period must be a positive integer, got ${period}`);
    this.alpha = 2 / (period + 1);
  }

  get isReady(): boolean {
    return this.count >= this.period;
  }

  update(input: number): number {
    if (this.count >= this.period) {
      this.value += this.alpha * (input - this.value);
    } else {
      this.sum += input;
      if (++this.count === this.period) this.value = this.sum / this.period;
    }
    return this.value;
  }

  reset(): void {
    this.count = 0;
    this.sum = 0;
    this.value = Number.NaN;
  }
}

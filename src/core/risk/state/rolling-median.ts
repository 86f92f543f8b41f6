/**
 * Median of the last `capacity` values: a ring of arrival order beside a sorted copy, so a push
 * costs a binary search and one shift of at most `capacity` numbers, and no allocation.
 */
export class RollingMedian {
  private readonly ring: Float64Array;
  private readonly sorted: Float64Array;
  private head = 0;
  /** Values held, ≤ capacity. */
  count = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new Error(`capacity ${capacity} must be a positive integer`);
    this.ring = new Float64Array(capacity);
    this.sorted = new Float64Array(capacity);
  }

  push(value: number): void {
    if (Number.isNaN(value)) throw new Error('RollingMedian: NaN');
    if (this.count === this.capacity) {
      this.removeSorted(this.ring[this.head]!);
      this.count--;
    }
    this.ring[this.head] = value;
    this.head = (this.head + 1) % this.capacity;
    const i = this.lowerBound(value, this.count);
    this.sorted.copyWithin(i + 1, i, this.count);
    this.sorted[i] = value;
    this.count++;
  }

  /** The median (mean of the two middle values for an even count); NaN when empty. */
  median(): number {
    const n = this.count;
    if (n === 0) return Number.NaN;
    const mid = n >> 1;
    return n % 2 === 1 ? this.sorted[mid]! : (this.sorted[mid - 1]! + this.sorted[mid]!) / 2;
  }

  private removeSorted(value: number): void {
    const i = this.lowerBound(value, this.count);
    this.sorted.copyWithin(i, i + 1, this.count);
  }

  private lowerBound(value: number, n: number): number {
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.sorted[mid]! < value) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

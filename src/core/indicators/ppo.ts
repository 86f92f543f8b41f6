import { driveStreaming } from './drive-streaming.ts';
import { Ema } from './ema.ts';
import { nanInputError, requireInteger } from './indicator.ts';
import { Sma } from './sma.ts';

/**
 * The averages of the PPO. `ema` (the default; StockCharts, TradingView): exponential, each seeded
 * with a simple average of its first `n` inputs. `sma`: simple moving averages (TA-Lib's PPO default,
 * optInMAType 0).
 */
export const PpoAverage = { Ema: 'ema', Sma: 'sma' } as const;
export type PpoAverage = (typeof PpoAverage)[keyof typeof PpoAverage];

export interface PpoOptions {
  readonly fastPeriod: number;
  /** Must exceed `fastPeriod` (TA-Lib swaps them silently; this throws a RangeError). */
  readonly slowPeriod: number;
  readonly signalPeriod: number;
  /** Kind of the fast, slow and signal averages; `ema` when omitted. */
  readonly average?: PpoAverage;
}

export interface PpoOutput {
  /** 100 · (fast − slow) / slow, in percent. */
  readonly ppo: Float64Array;
  /** Average of the PPO line over `signalPeriod`, of the same kind. */
  readonly signal: Float64Array;
  /** PPO − signal. */
  readonly histogram: Float64Array;
}

/** Index of the first output (all three share it): (slowPeriod − 1) + (signalPeriod − 1). */
export function ppoLookback(options: PpoOptions): number {
  return options.slowPeriod - 1 + options.signalPeriod - 1;
}

function validate(options: PpoOptions): void {
  requireInteger('ppo', 'fastPeriod', options.fastPeriod);
  requireInteger('ppo', 'slowPeriod', options.slowPeriod, 2);
  requireInteger('ppo', 'signalPeriod', options.signalPeriod);
  if (options.fastPeriod >= options.slowPeriod)
    throw new RangeError(
      `ppo: fastPeriod (${options.fastPeriod}) must be less than slowPeriod (${options.slowPeriod})`,
    );
  const average = options.average;
  if (average !== undefined && average !== PpoAverage.Ema && average !== PpoAverage.Sma)
    throw new RangeError(`ppo: average must be 'ema' or 'sma', got ${String(average)}`);
}

/** TA-Lib's zero: a slow average within it of 0 gives a PPO of 0. */
const EPSILON = 1e-14;

const createAverage = (period: number, average: PpoAverage | undefined): Ema | Sma =>
  average === PpoAverage.Sma ? new Sma({ period }) : new Ema({ period });

/**
 * Percentage price oscillator: PPO = 100 · (fast − slow) / slow, a signal line averaging it and
 * their difference. The PPO line equals TA-Lib's PPO (optInMAType 1 for `ema`, 0 for `sma`): each
 * average starts on its own (the fast EMA at bar fastPeriod − 1, unlike MACD's aligned seed).
 * TA-Lib's PPO has no signal line and defaults to simple averages; StockCharts and TradingView use
 * EMAs with a 9-bar EMA signal, hence the `ema` default. All outputs start at `ppoLookback` (the
 * PPO line, though defined from bar slowPeriod − 1, is NaN until the signal exists). A slow average
 * within 1e-14 of 0 (TA-Lib's epsilon, in price units) gives a PPO of 0, as in TA-Lib.
 * O(1) per update (simple averages: amortised), no allocation.
 */
export class Ppo {
  private readonly fast: Ema | Sma;
  private readonly slow: Ema | Sma;
  private readonly smoothing: Ema | Sma;
  ppo = Number.NaN;
  signal = Number.NaN;
  histogram = Number.NaN;

  constructor(options: PpoOptions) {
    validate(options);
    this.fast = createAverage(options.fastPeriod, options.average);
    this.slow = createAverage(options.slowPeriod, options.average);
    this.smoothing = createAverage(options.signalPeriod, options.average);
  }

  get isReady(): boolean {
    return this.smoothing.isReady;
  }

  update(input: number): this {
    if (Number.isNaN(input)) throw nanInputError('ppo');
    const fast = this.fast.update(input);
    const slow = this.slow.update(input);
    if (!this.slow.isReady) return this;
    const ppo = slow > -EPSILON && slow < EPSILON ? 0 : ((fast - slow) / slow) * 100;
    const signal = this.smoothing.update(ppo);
    if (this.smoothing.isReady) {
      this.ppo = ppo;
      this.signal = signal;
      this.histogram = ppo - signal;
    }
    return this;
  }

  reset(): void {
    this.fast.reset();
    this.slow.reset();
    this.smoothing.reset();
    this.ppo = Number.NaN;
    this.signal = Number.NaN;
    this.histogram = Number.NaN;
  }
}

/**
 * Batch PPO over `values`; every output NaN before `ppoLookback(options)`. Drives one `Ppo`, so
 * both forms are the same arithmetic.
 */
export function ppo(values: Float64Array, options: PpoOptions, out?: Partial<PpoOutput>): PpoOutput {
  const outputs = ['ppo', 'signal', 'histogram'] as const;
  return driveStreaming(new Ppo(options), { name: 'ppo', columns: { input: values }, outputs, out });
}

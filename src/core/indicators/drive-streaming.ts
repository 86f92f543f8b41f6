import { type BarColumns, type BarInput, commonLength, nanInputError, outputBuffer } from './indicator.ts';

/**
 * The columns a batch run reads, in the order their NaN checks run: `{ input: values }` for a value
 * indicator (each value goes to `update` as a number), `{ input: values, reference }` for a pair
 * indicator (`update(value, reference)`), or bar columns by name (they fill one reused bar whose other
 * fields stay 0).
 */
export type DrivenColumns = { readonly input: Float64Array; readonly reference?: Float64Array } | Partial<BarColumns>;

/** What `driveStreaming` runs: a streaming indicator with numeric output fields named `O`. */
export type DrivenIndicator<O extends string> = { update(input: number | BarInput, reference?: number): unknown } & {
  readonly [K in O]: number;
};

export interface DriveStreamingOptions<O extends string> {
  /** The indicator's registry name, as its errors name it. */
  readonly name: string;
  readonly columns: DrivenColumns;
  /** Output fields, read after every update. */
  readonly outputs: readonly O[];
  /** Caller buffers by output name, as `outputBuffer` takes them. */
  readonly out?: Partial<Record<O, Float64Array>>;
}

/**
 * The batch form of an indicator whose batch is its streaming form run over the columns: one
 * implementation of the math, so both forms agree bit for bit. Checks that the columns have one
 * length (`commonLength`), throws `nanInputError(name, i, column)` at the first NaN (lowest index,
 * then column order) before that bar's update, and returns each output field's value after every
 * update in an `outputBuffer` (the caller's buffer when `out` has one). No allocation per bar, but a
 * call and keyed field reads the optimiser cannot inline once several indicators share this loop
 * (2–4× a hand-written loop): for indicators without a speed target, not the benchmarked ones.
 */
export function driveStreaming<O extends string>(
  indicator: DrivenIndicator<O>,
  options: DriveStreamingOptions<O>,
): Record<O, Float64Array> {
  const { name, columns, outputs, out } = options;
  const names = Object.keys(columns);
  const inputs = Object.values(columns) as Float64Array[];
  const length = commonLength(name, ...inputs);
  const result = {} as Record<O, Float64Array>;
  for (const output of outputs) result[output] = outputBuffer(name, length, out?.[output]);
  const buffers = outputs.map((output) => result[output]);
  const values = 'input' in columns ? columns.input : undefined;
  const reference = 'input' in columns ? columns.reference : undefined;
  const { timestamp, open, high, low, close, volume } = columns as Partial<BarColumns>;
  const bar = { timestamp: 0, open: 0, high: 0, low: 0, close: 0, volume: 0 };
  for (let i = 0; i < length; i++) {
    for (let c = 0; c < inputs.length; c++) if (Number.isNaN(inputs[c]![i]!)) throw nanInputError(name, i, names[c]);
    if (reference !== undefined) {
      indicator.update(values![i]!, reference[i]!);
    } else if (values !== undefined) {
      indicator.update(values[i]!);
    } else {
      // Named stores, not bar[names[c]]: a keyed store per column costs more than these branches.
      if (timestamp !== undefined) bar.timestamp = timestamp[i]!;
      if (open !== undefined) bar.open = open[i]!;
      if (high !== undefined) bar.high = high[i]!;
      if (low !== undefined) bar.low = low[i]!;
      if (close !== undefined) bar.close = close[i]!;
      if (volume !== undefined) bar.volume = volume[i]!;
      indicator.update(bar);
    }
    for (let o = 0; o < buffers.length; o++) buffers[o]![i] = indicator[outputs[o]!];
  }
  return result;
}

/** `driveStreaming` for a single-output indicator: its `value` field, written into `out` when given. */
export function driveStreamingValue(
  indicator: DrivenIndicator<'value'>,
  options: Omit<DriveStreamingOptions<'value'>, 'outputs' | 'out'> & { readonly out?: Float64Array },
): Float64Array {
  const { name, columns, out } = options;
  return driveStreaming(indicator, { name, columns, outputs: ['value'], out: { value: out } }).value;
}

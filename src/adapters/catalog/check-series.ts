/** The columns every series shares: a length and Unix-ms timestamps. */
interface TimedColumns {
  readonly length: number;
  readonly timestamp: Float64Array;
}

/**
 * Refuses a series the catalog must not store: a length beyond its arrays, timestamps that are
 * not integer Unix ms or out of order (strictly increasing for bars, non-decreasing for ticks),
 * or a non-finite value. Names the kind, column and row.
 */
export function checkSeries<S extends TimedColumns>(
  kind: string,
  series: S,
  columns: readonly (keyof S & string)[],
  strictlyIncreasing: boolean,
): void {
  const { length, timestamp } = series;
  if (!(Number.isInteger(length) && length >= 0 && length <= timestamp.length))
    throw new Error(`${kind}: length ${length} does not fit the arrays (${timestamp.length})`);
  for (let i = 0; i < length; i++) {
    const t = timestamp[i];
    if (!Number.isSafeInteger(t)) throw new Error(`${kind}: row ${i}: timestamp ${t} is not an integer Unix ms`);
    if (i > 0 && (strictlyIncreasing ? t <= timestamp[i - 1] : t < timestamp[i - 1]))
      throw new Error(`${kind}: row ${i}: timestamp ${t} is not after ${timestamp[i - 1]} (rows must be sorted)`);
  }
  for (const name of columns) {
    const values = series[name] as unknown as Float64Array;
    if (values.length < length) throw new Error(`${kind}: column ${name} is shorter than the length ${length}`);
    for (let i = 0; i < length; i++)
      if (!Number.isFinite(values[i])) throw new Error(`${kind}: row ${i}: ${name} is ${values[i]}`);
  }
}

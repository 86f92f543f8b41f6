/**
 * Runs a multi-output batch function for a registry entry: the entry's caller passes buffers by
 * position (in the order of `names`, the entry's `outputs`), the batch function takes and returns
 * them by name.
 */
export function positionalOutputs<O extends string>(
  names: readonly O[],
  out: readonly Float64Array[] | undefined,
  batch: (out: Partial<Record<O, Float64Array>>) => Readonly<Record<O, Float64Array>>,
): Float64Array[] {
  const buffers: Partial<Record<O, Float64Array>> = {};
  names.forEach((name, i) => {
    buffers[name] = out?.[i];
  });
  const result = batch(buffers);
  return names.map((name) => result[name]);
}

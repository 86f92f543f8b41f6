import type { ParameterSpec } from '../indicator.ts';

/** An integer parameter of a registry entry, at least `min`. */
export function integer(name: string, fallback: number, description: string, min = 1): ParameterSpec {
  return { name, kind: 'integer', default: fallback, min, description };
}

/** The `period` parameter most entries have: an integer, at least `min`. */
export function period(fallback: number, description = 'bars in the average', min = 1): ParameterSpec {
  return integer('period', fallback, description, min);
}

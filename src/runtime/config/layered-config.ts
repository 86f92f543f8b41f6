/** A plain mapping as YAML and JSON produce it. */
export type Mapping = Record<string, unknown>;

/** True for a plain mapping (not a list, not null). */
export function isMapping(value: unknown): value is Mapping {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The source(s) behind a path in a provenance map: the layer that set it, else the one that set
 * an enclosing list or mapping, else the layers that set anything under it; undefined when no
 * layer touched it (a schema default, or a missing field).
 */
export function sourceOf(sources: ReadonlyMap<string, string>, path: string): string | undefined {
  const exact = sources.get(path);
  if (exact !== undefined) return exact;
  const parts = path.split('.');
  for (let n = parts.length - 1; n > 0; n--) {
    const ancestor = sources.get(parts.slice(0, n).join('.'));
    if (ancestor !== undefined) return ancestor;
  }
  const under = new Set<string>();
  for (const [key, source] of sources) if (path === '' || key.startsWith(`${path}.`)) under.add(source);
  return under.size === 0 ? undefined : [...under].join(', ');
}

/**
 * Configuration layers deep-merged in order, remembering which layer set each leaf.
 *
 * Rules: mappings merge key by key; a later layer wins for a scalar or a list (lists replace,
 * they do not concatenate); a key set to null removes what earlier layers set there. A leaf is a
 * scalar, a list or an empty mapping; its provenance is the source of the layer that set it.
 */
export class LayeredConfig {
  readonly #value: Mapping = {};
  readonly #sources = new Map<string, string>();

  /** Merges `layer` over the layers so far; `at` places it under a section (e.g. `['risk']`). */
  apply(layer: Mapping, source: string, at: readonly string[] = []): void {
    let target = this.#value;
    for (let i = 0; i < at.length; i++) {
      const key = at[i]!;
      if (!isMapping(target[key])) {
        this.#forget(at.slice(0, i + 1).join('.'));
        target[key] = {};
      }
      target = target[key] as Mapping;
    }
    this.#merge(target, layer, source, at.join('.'));
  }

  /** Sets one leaf (an environment variable, a flag). */
  set(path: string, value: unknown, source: string): void {
    const parts = path.split('.');
    const leaf = parts.pop()!;
    this.apply({ [leaf]: value }, source, parts);
  }

  /** A deep copy of the merged mappings. */
  value(): Mapping {
    return structuredClone(this.#value);
  }

  /** The provenance of every leaf: dotted path → source, in the order they were set. */
  sources(): ReadonlyMap<string, string> {
    return new Map(this.#sources);
  }

  /** The source(s) behind a path: see {@link sourceOf}. */
  sourceOf(path: string): string | undefined {
    return sourceOf(this.#sources, path);
  }

  #merge(target: Mapping, layer: Mapping, source: string, prefix: string): void {
    for (const [key, incoming] of Object.entries(layer)) {
      const path = prefix === '' ? key : `${prefix}.${key}`;
      const existing = target[key];
      if (incoming === null || incoming === undefined) {
        delete target[key];
        this.#forget(path);
      } else if (isMapping(incoming) && isMapping(existing) && Object.keys(incoming).length > 0) {
        this.#merge(existing, incoming, source, path);
      } else if (isMapping(incoming) && Object.keys(incoming).length > 0) {
        this.#forget(path);
        target[key] = {};
        this.#merge(target[key] as Mapping, incoming, source, path);
      } else if (isMapping(incoming) && isMapping(existing)) {
        // An empty mapping over a mapping adds nothing.
      } else {
        this.#forget(path);
        target[key] = structuredClone(incoming);
        this.#sources.set(path, source);
      }
    }
  }

  /** Drops the provenance of a path and everything under it. */
  #forget(path: string): void {
    for (const key of [...this.#sources.keys()])
      if (key === path || key.startsWith(`${path}.`)) this.#sources.delete(key);
  }
}

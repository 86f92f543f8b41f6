import { createHash } from 'node:crypto';
import { isMapping, type Mapping, sourceOf } from './layered-config.ts';
import type { LoadedNodeConfig } from './load-node-config.ts';
import { SECRET_FIELDS, SECRET_KEY_PATTERN } from './node-config.ts';

/** What a set secret is shown as. */
export const REDACTED = '***';

/** Provenance shown for a leaf no layer set: the schema's default. */
const DEFAULT_SOURCE = 'default';

/**
 * A deep copy of the configuration with every set secret replaced by {@link REDACTED}: the
 * secret fields, and credential-like keys of the free-form `llm` section.
 */
export function redactedNodeConfig(loaded: LoadedNodeConfig): Mapping {
  const copy = structuredClone(loaded.config) as Mapping;
  for (const field of SECRET_FIELDS) {
    const parts = field.path.split('.');
    const leaf = parts.pop()!;
    const parent = parts.reduce<unknown>((node, key) => (isMapping(node) ? node[key] : undefined), copy);
    if (isMapping(parent) && parent[leaf] !== undefined) parent[leaf] = REDACTED;
  }
  const scrub = (node: unknown): void => {
    if (!isMapping(node)) return;
    for (const [key, child] of Object.entries(node)) {
      if (SECRET_KEY_PATTERN.test(key) && child !== undefined && child !== null) node[key] = REDACTED;
      else scrub(child);
    }
  };
  scrub(copy.llm);
  return copy;
}

/** Each leaf of the redacted configuration (scalar, list or empty mapping) with its dotted path and source. */
export function nodeConfigLeaves(loaded: LoadedNodeConfig): { path: string; value: unknown; source: string }[] {
  const leaves: { path: string; value: unknown; source: string }[] = [];
  const walk = (node: unknown, path: string): void => {
    if (isMapping(node) && Object.keys(node).length > 0) {
      for (const [key, child] of Object.entries(node))
        if (child !== undefined) walk(child, path === '' ? key : `${path}.${key}`);
      return;
    }
    leaves.push({ path, value: node, source: sourceOf(loaded.provenance, path) ?? DEFAULT_SOURCE });
  };
  walk(redactedNodeConfig(loaded), '');
  return leaves;
}

/**
 * The resolved configuration for people: a header naming the mode, the directory and the layers,
 * then one `path: value  # source` line per leaf (values as JSON; secrets `***`).
 */
export function formatNodeConfig(loaded: LoadedNodeConfig): string {
  const lines = [
    `# mode ${loaded.mode}, config directory ${loaded.dir}, digest ${nodeConfigDigest(loaded).slice(0, 12)}`,
    `# layers, later wins: ${loaded.layers.join(' → ')}`,
  ];
  if (loaded.periodMs.from !== undefined || loaded.periodMs.to !== undefined)
    lines.push(
      `# period (UTC epoch ms): from ${loaded.periodMs.from ?? 'the first bar'} to ${loaded.periodMs.to ?? 'the last bar'}`,
    );
  for (const leaf of nodeConfigLeaves(loaded))
    lines.push(`${leaf.path}: ${JSON.stringify(leaf.value)}  # ${leaf.source}`);
  return `${lines.join('\n')}\n`;
}

/** JSON with mapping keys sorted at every level, so equal configurations give equal text. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (isMapping(value))
    return `{${Object.keys(value)
      .filter((key) => value[key] !== undefined)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonicalJson(value[key])}`)
      .join(',')}}`;
  return JSON.stringify(value);
}

/**
 * The configuration's version: SHA-256 (hex) of the canonical JSON of the redacted configuration.
 * Equal settings give equal digests whatever the layer order or key order; secrets only count as
 * set or unset, so the digest (for a run record or a config-versions table) reveals none of them.
 */
export function nodeConfigDigest(loaded: LoadedNodeConfig): string {
  return createHash('sha256')
    .update(canonicalJson(redactedNodeConfig(loaded)))
    .digest('hex');
}

/** The resolved configuration for tools: `{ mode, dir, digest, layers, config, provenance, period_ms }`, secrets redacted. */
export function nodeConfigJson(loaded: LoadedNodeConfig): Mapping {
  return {
    mode: loaded.mode,
    dir: loaded.dir,
    digest: nodeConfigDigest(loaded),
    layers: loaded.layers,
    config: redactedNodeConfig(loaded),
    provenance: Object.fromEntries(nodeConfigLeaves(loaded).map((leaf) => [leaf.path, leaf.source])),
    period_ms: { from: loaded.periodMs.from ?? null, to: loaded.periodMs.to ?? null },
  };
}

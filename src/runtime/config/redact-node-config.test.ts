import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadNodeConfig } from './load-node-config.ts';
import {
  formatNodeConfig,
  nodeConfigDigest,
  nodeConfigJson,
  REDACTED,
  redactedNodeConfig,
} from './redact-node-config.ts';

const BASE = 'strategy: { name: ema_cross }\ndata: { path: /data/bars.csv }\ninstrument: { symbol: BTC-PERP }\n';
const SECRET = 'Zq8-Secret-Value-4471';

function configDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'tradewind-redact-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

describe('redactedNodeConfig', () => {
  it('replaces each set secret by *** and leaves unset ones absent; the loaded config keeps the value', async () => {
    const env = { TRADEWIND_VENUE_API_KEY: SECRET, DATABASE_URL: `postgres://u:${SECRET}@h/db` };
    const loaded = await loadNodeConfig({ dir: configDir({ 'base.yaml': BASE }), env });
    const redacted = redactedNodeConfig(loaded);
    expect(redacted.venue).toEqual({ sandbox: false, api_key: REDACTED });
    expect(redacted.store).toMatchObject({ database_url: REDACTED });
    expect(loaded.config.venue.api_key, 'the node itself still has the credential').toBe(SECRET);
    const everything = `${formatNodeConfig(loaded)}${JSON.stringify(nodeConfigJson(loaded))}`;
    expect(everything).not.toContain(SECRET);
    expect(formatNodeConfig(loaded)).toContain('venue.api_key: "***"  # env TRADEWIND_VENUE_API_KEY\n');
  });
});

describe('nodeConfigDigest', () => {
  it('depends on the resolved settings, not on which layer or in which key order they were written', async () => {
    const a = await loadNodeConfig({ dir: configDir({ 'base.yaml': `${BASE}seed: 7\n` }), env: {} });
    const b = await loadNodeConfig({
      dir: configDir({
        'base.yaml': `instrument: { symbol: BTC-PERP }\nseed: 1\n`,
        'strategy.x.yaml': `${BASE}seed: 7\n`,
      }),
      env: {},
    });
    const c = await loadNodeConfig({ dir: configDir({ 'base.yaml': BASE }), env: { TRADEWIND_SEED: '8' } });
    expect(nodeConfigDigest(a)).toMatch(/^[0-9a-f]{64}$/);
    expect(nodeConfigDigest(b)).toBe(nodeConfigDigest(a));
    expect(nodeConfigDigest(c)).not.toBe(nodeConfigDigest(a));
  });

  it('counts a secret only as set or unset, so it cannot be recovered from the digest', async () => {
    const dir = configDir({ 'base.yaml': BASE });
    const one = await loadNodeConfig({ dir, env: { TRADEWIND_VENUE_SECRET: SECRET } });
    const other = await loadNodeConfig({ dir, env: { TRADEWIND_VENUE_SECRET: 'another' } });
    const none = await loadNodeConfig({ dir, env: {} });
    expect(nodeConfigDigest(one)).toBe(nodeConfigDigest(other));
    expect(nodeConfigDigest(one)).not.toBe(nodeConfigDigest(none));
  });
});

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ENV_BINDINGS, fieldInfo } from './env-bindings.ts';
import { generateEnvExample } from './env-example.ts';
import { SECRET_FIELDS } from './node-config.ts';

const COMMITTED = fileURLToPath(new URL('../../../.env.example', import.meta.url));

describe('.env.example', () => {
  it('the committed file is up to date: regenerating it gives the same bytes', () => {
    expect(
      generateEnvExample(),
      'run `npx tsx src/cli/main.ts config example --out .env.example` and commit the result',
    ).toBe(readFileSync(COMMITTED, 'utf8'));
  });

  it('lists every binding with its field and description; secrets empty, settings commented out with their default', () => {
    const text = generateEnvExample();
    for (const binding of ENV_BINDINGS) {
      const line = binding.secret ? `\n${binding.name}=\n` : `\n# ${binding.name}=`;
      expect(text, binding.name).toContain(line);
      expect(text, binding.name).toContain(`# ${binding.path}: `);
    }
    expect(text).toContain('\n# TRADEWIND_SEED=42\n');
    expect(text).toContain('\n# TRADEWIND_STORE_SQLITE_PATH=state/tradewind.db\n');
    expect(text).toContain('One of: SIM, PAPER, LIVE.');
    expect(text.match(/^[A-Z_]+=.+$/gm), 'no variable is set to a value').toBeNull();
  });
});

describe('env bindings', () => {
  it('every secret field has a binding and every binding names a real field', () => {
    for (const field of SECRET_FIELDS)
      expect(ENV_BINDINGS).toContainEqual({ name: field.env, path: field.path, secret: true });
    for (const binding of ENV_BINDINGS) expect(() => fieldInfo(binding.path), binding.path).not.toThrow();
    expect(new Set(ENV_BINDINGS.map((b) => b.name)).size, 'names are unique').toBe(ENV_BINDINGS.length);
  });

  it("fieldInfo reads the schema's description, default and type", () => {
    expect(fieldInfo('seed')).toEqual({
      description: 'seed of every random draw (latency jitter)',
      defaultValue: 42,
      type: 'number',
      values: undefined,
    });
    expect(fieldInfo('venue.sandbox')).toMatchObject({ defaultValue: false, type: 'boolean' });
    expect(fieldInfo('mode')).toMatchObject({ defaultValue: 'SIM', type: 'enum', values: ['SIM', 'PAPER', 'LIVE'] });
    expect(() => fieldInfo('store.nope')).toThrow("no field 'store.nope'");
  });
});

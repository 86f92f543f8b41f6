import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { LiveTradingRefused } from '../../runtime/config/assert-live-allowed.ts';
import { registerConfigCommand } from './config.ts';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const CLI = join(ROOT, 'bin', 'tradewind.mjs');
const EXAMPLE = join(ROOT, 'examples', 'node');

/** Distinctive secret values: none may appear anywhere in any output. */
const SECRETS = {
  DATABASE_URL: 'postgres://trader:Pw-Q7zK2xSecret@127.0.0.1:5432/test',
  TRADEWIND_VENUE_API_KEY: 'ApiKey-Z9w4LmSecret',
  TRADEWIND_VENUE_SECRET: 'ApiSecret-V3r8NpSecret',
  TRADEWIND_VENUE_PASSPHRASE: 'Pass-K1d6TfSecret',
};
const SECRET_VALUES = Object.values(SECRETS);

/**
 * Runs the CLI in a child process with only the given variables added (no TRADEWIND_* or
 * DATABASE_URL from the test's own environment). Asynchronous: a blocked worker upsets Vitest.
 */
function tradewind(env: NodeJS.ProcessEnv, ...args: string[]) {
  const clean = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.startsWith('TRADEWIND_') && name !== 'DATABASE_URL'),
  );
  return new Promise<{ status: number | null; stdout: string; stderr: string }>((done) => {
    execFile(
      process.execPath,
      [CLI, ...args],
      { cwd: ROOT, timeout: 120_000, env: { ...clean, ...env } },
      (error, stdout, stderr) =>
        done({ status: error === null ? 0 : typeof error.code === 'number' ? error.code : null, stdout, stderr }),
    );
  });
}

/** Runs `config …` in process with an injected environment, venue probe and output. */
async function inProcess(env: NodeJS.ProcessEnv, ...args: string[]): Promise<string> {
  let out = '';
  const program = new Command().exitOverride();
  registerConfigCommand(program, { probeVenue: async () => ({ reachable: true }), write: (t) => (out += t), env });
  await program.parseAsync(['config', ...args], { from: 'user' });
  return out;
}

function expectNoSecret(...outputs: string[]): void {
  for (const output of outputs)
    for (const secret of SECRET_VALUES) expect(output.includes(secret), `a secret leaked:\n${output}`).toBe(false);
}

describe('tradewind config', () => {
  it('example prints the committed .env.example; --out writes the same bytes', async () => {
    const committed = readFileSync(join(ROOT, '.env.example'), 'utf8');
    expect(await inProcess({}, 'example')).toBe(committed);
    const out = join(mkdtempSync(join(tmpdir(), 'tradewind-env-')), '.env.example');
    await inProcess({}, 'example', '--out', out);
    expect(readFileSync(out, 'utf8')).toBe(committed);
  });

  it('show redacts every secret, from the environment and from .env, and says who set it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tradewind-show-'));
    cpSync(EXAMPLE, dir, { recursive: true });
    writeFileSync(
      join(dir, 'base.yaml'),
      readFileSync(join(EXAMPLE, 'base.yaml'), 'utf8').replace('../../', `${ROOT}/`),
    );
    writeFileSync(join(dir, '.env'), `TRADEWIND_VENUE_PASSPHRASE="${SECRETS.TRADEWIND_VENUE_PASSPHRASE}"\n`);
    const { TRADEWIND_VENUE_PASSPHRASE: _, ...fromEnv } = SECRETS;
    const text = await tradewind(fromEnv, 'config', 'show', '--dir', dir, '--mode', 'PAPER');
    expect(text.status, text.stderr).toBe(0);
    expectNoSecret(text.stdout, text.stderr);
    expect(text.stdout).toContain('store.database_url: "***"  # env DATABASE_URL\n');
    expect(text.stdout).toContain('venue.api_key: "***"  # env TRADEWIND_VENUE_API_KEY\n');
    expect(text.stdout).toContain('venue.passphrase: "***"  # .env TRADEWIND_VENUE_PASSPHRASE\n');
    expect(text.stdout).toContain('execution.slippage_bps: 2  # broker.paper.yaml\n');
    expect(text.stdout).toContain('strategy.params.slow_period: 240  # strategy.ema.yaml\n');
    expect(text.stdout).toContain('risk.limits.max_order_notional: 25000  # risk.yaml\n');
    expect(text.stdout).toContain('data.format: "auto"  # default\n');

    const json = await tradewind(fromEnv, 'config', 'show', '--dir', dir, '--mode', 'PAPER', '--json');
    expect(json.status, json.stderr).toBe(0);
    expectNoSecret(json.stdout, json.stderr);
    const shown = JSON.parse(json.stdout);
    expect(shown.mode).toBe('PAPER');
    expect(shown.config.store.database_url).toBe('***');
    expect(shown.config.venue).toEqual({
      name: 'binance',
      sandbox: true,
      api_key: '***',
      secret: '***',
      passphrase: '***',
    });
    expect(shown.provenance['venue.secret']).toBe('env TRADEWIND_VENUE_SECRET');
    expect(shown.layers).toEqual([
      'base.yaml',
      'broker.paper.yaml',
      'strategy.ema.yaml',
      'risk.yaml',
      '.env',
      'environment',
      'flag --mode',
    ]);
  });

  it('period times resolve to the same UTC epoch ms under TZ=Pacific/Chatham', async () => {
    const run = await tradewind({ TZ: 'Pacific/Chatham' }, 'config', 'show', '--dir', EXAMPLE, '--json');
    expect(run.status, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout).period_ms, '2022-01-03 and 2022-01-24T12:00:00 in base.yaml are UTC').toEqual({
      from: Date.UTC(2022, 0, 3),
      to: Date.UTC(2022, 0, 24, 12),
    });
  });

  it('a secret in a YAML file exits 2 naming the file and the field, not the value', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tradewind-secret-'));
    cpSync(EXAMPLE, dir, { recursive: true });
    writeFileSync(
      join(dir, 'broker.live.yaml'),
      `venue:\n  name: binance\n  secret: ${SECRETS.TRADEWIND_VENUE_SECRET}\n`,
    );
    const run = await tradewind({}, 'config', 'show', '--dir', dir, '--mode', 'LIVE');
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("broker.live.yaml: field 'venue.secret' is a secret");
    expectNoSecret(run.stdout, run.stderr);
  });

  it('check passes PAPER and refuses LIVE with exit code 2, listing what is missing', async () => {
    expect(await inProcess({}, 'check', '--dir', EXAMPLE, '--mode', 'PAPER')).toMatch(/^ok: PAPER configuration/);
    const live = await tradewind(
      SECRETS,
      'config',
      'check',
      '--dir',
      EXAMPLE,
      '--mode',
      'LIVE',
      '--i-understand-live-trading',
    );
    expect(live.status).toBe(2);
    expect(live.stderr, 'the CLI has no live venue adapter yet').toContain(
      "venue 'binance' is not reachable: no live venue adapter is available yet",
    );
    expectNoSecret(live.stdout, live.stderr);
  });

  it('check allows LIVE only with consent when the injected probe reaches the venue', async () => {
    const flags = ['check', '--dir', EXAMPLE, '--mode', 'LIVE'];
    expect(await inProcess(SECRETS, ...flags, '--i-understand-live-trading')).toMatch(
      /^ok: LIVE configuration .*; LIVE allowed\n$/,
    );
    await expect(inProcess(SECRETS, ...flags)).rejects.toThrow('--i-understand-live-trading was not given');
    await expect(inProcess({}, ...flags, '--i-understand-live-trading')).rejects.toBeInstanceOf(LiveTradingRefused);
  });
});

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ConfigError } from './load-backtest-config.ts';
import { loadNodeConfig, readEnvFile } from './load-node-config.ts';
import { TRADING_MODES } from './node-config.ts';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const EXAMPLE = join(ROOT, 'examples', 'node');

/** A minimal base.yaml: a strategy, a bar file and an instrument. */
const BASE = `strategy: { name: ema_cross }\ndata: { path: bars.csv }\ninstrument: { symbol: BTC-PERP }\n`;

/** A config directory with the given files. */
function configDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'tradewind-node-config-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

async function loadError(promise: Promise<unknown>): Promise<ConfigError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error, 'the load must fail').toBeInstanceOf(ConfigError);
  return error as ConfigError;
}

describe('loadNodeConfig on examples/node', () => {
  it.each(TRADING_MODES)('resolves in %s mode with the broker file of that mode', async (mode) => {
    const loaded = await loadNodeConfig({ dir: EXAMPLE, mode, env: {} });
    expect(loaded.mode).toBe(mode);
    expect(loaded.config.mode).toBe(mode);
    const broker = `broker.${mode.toLowerCase()}.yaml`;
    const expected = ['base.yaml', ...(mode === 'SIM' ? [] : [broker]), 'strategy.ema.yaml', 'risk.yaml'];
    expect(loaded.layers).toEqual([...expected, 'flag --mode']);
    expect(loaded.provenance.get('strategy.params.fast_period')).toBe('strategy.ema.yaml');
    expect(loaded.provenance.get('risk.limits.max_position')).toBe('risk.yaml');
    expect(loaded.config.risk.limits.max_position).toBe(0.25);
    expect(loaded.config.data.path, 'a path in a file is relative to the config directory').toBe(
      join(ROOT, 'data', 'samples', 'btc-perp-20211231-20220201_1m.csv'),
    );
    expect(Object.isFrozen(loaded.config.store), 'the resolved configuration is frozen').toBe(true);
  });

  it('the broker file of the mode overrides base.yaml, and the store path follows it', async () => {
    const sim = await loadNodeConfig({ dir: EXAMPLE, env: {} });
    const paper = await loadNodeConfig({ dir: EXAMPLE, mode: 'paper', env: {} });
    expect(sim.mode, 'no mode anywhere: SIM').toBe('SIM');
    expect(sim.config.execution.slippage_bps).toBe(1);
    expect(sim.provenance.get('execution.slippage_bps')).toBe('base.yaml');
    expect(paper.config.execution.slippage_bps).toBe(2);
    expect(paper.provenance.get('execution.slippage_bps')).toBe('broker.paper.yaml');
    expect(paper.config.store.sqlite_path).toBe(join(ROOT, 'state', 'paper.db'));
    expect(paper.config.venue).toEqual({ name: 'binance', sandbox: true });
  });

  it('TRADEWIND_MODE in the environment picks the mode and its broker file; the flag beats it', async () => {
    const live = await loadNodeConfig({ dir: EXAMPLE, env: { TRADEWIND_MODE: 'LIVE' } });
    expect(live.layers).toContain('broker.live.yaml');
    expect(live.provenance.get('mode')).toBe('env TRADEWIND_MODE');
    const flagged = await loadNodeConfig({ dir: EXAMPLE, mode: 'PAPER', env: { TRADEWIND_MODE: 'LIVE' } });
    expect(flagged.mode).toBe('PAPER');
    expect(flagged.layers).not.toContain('broker.live.yaml');
  });
});

describe('loadNodeConfig layering', () => {
  it('merges base → broker → strategy.* (by name) → risk.yaml → llm.policy.yaml → .env → environment', async () => {
    const dir = configDir({
      'base.yaml': `${BASE}seed: 1\nmode: PAPER\nrisk: { limits: { max_position: 0.1, max_net_exposure: 0.3 } }\nllm: { provider: rules, budget: 1 }\naccount: { starting_cash: 5000 }\n`,
      'broker.paper.yaml': 'seed: 2\nexecution: { slippage_bps: 3 }\n',
      'broker.live.yaml': 'seed: 99\n',
      'strategy.b.yaml': 'seed: 4\n',
      'strategy.a.yaml': 'seed: 3\nstrategy: { params: { fast_period: 7 } }\n',
      'risk.yaml': 'limits: { max_position: 0.2 }\n',
      'llm.policy.yaml': 'provider: openai_compatible\n',
      '.env': 'TRADEWIND_ACCOUNT_STARTING_CASH=6000\nTRADEWIND_SEED=5\n',
    });
    const loaded = await loadNodeConfig({ dir, env: { TRADEWIND_SEED: '6', TRADEWIND_VENUE_NAME: '' } });
    const { config, provenance } = loaded;
    expect(loaded.layers).toEqual([
      'base.yaml',
      'broker.paper.yaml',
      'strategy.a.yaml',
      'strategy.b.yaml',
      'risk.yaml',
      'llm.policy.yaml',
      '.env',
      'environment',
    ]);
    expect(config.seed, 'the process environment wins over everything').toBe(6);
    expect(provenance.get('seed')).toBe('env TRADEWIND_SEED');
    expect(config.account.starting_cash, '.env wins over base.yaml').toBe(6000);
    expect(provenance.get('account.starting_cash')).toBe('.env TRADEWIND_ACCOUNT_STARTING_CASH');
    expect(config.execution.slippage_bps).toBe(3);
    expect(config.strategy!.params).toEqual({ fast_period: 7 });
    expect(config.risk.limits, 'risk.yaml merges into the risk section').toEqual({
      max_position: 0.2,
      max_net_exposure: 0.3,
    });
    expect(provenance.get('risk.limits.max_position')).toBe('risk.yaml');
    expect(provenance.get('risk.limits.max_net_exposure')).toBe('base.yaml');
    expect(config.llm, 'llm.policy.yaml merges into the llm section').toEqual({
      provider: 'openai_compatible',
      budget: 1,
    });
    expect(config.venue.name, 'an empty variable counts as unset').toBeUndefined();
    expect(config.store.sqlite_path, 'a default path is relative to the working directory').toBe(
      join(process.cwd(), 'state', 'tradewind.db'),
    );
  });

  it('a list in a later layer replaces the earlier list', async () => {
    const dir = configDir({
      'base.yaml': `data: { path: bars.csv }\ninstrument: { symbol: X }\nstrategies: [{ name: ema_cross }, { name: sma_cross }]\n`,
      'strategy.z.yaml': 'strategies: [{ name: momentum, weight: 2 }]\n',
    });
    const loaded = await loadNodeConfig({ dir, env: {} });
    expect(loaded.config.strategies).toEqual([{ name: 'momentum', weight: 2, params: {} }]);
    expect(loaded.provenance.get('strategies')).toBe('strategy.z.yaml');
  });

  it('period times are UTC epoch milliseconds whatever the time zone', async () => {
    const dir = configDir({ 'base.yaml': `${BASE}period: { from: 2022-01-03, to: '2022-01-24T12:00:00' }\n` });
    const loaded = await loadNodeConfig({ dir, env: {} });
    expect(loaded.periodMs).toEqual({ from: Date.UTC(2022, 0, 3), to: Date.UTC(2022, 0, 24, 12) });
  });
});

describe('loadNodeConfig errors name the layer and the field', () => {
  it('a secret in a YAML file is refused, naming the file, the field and the variable, not the value', async () => {
    const cases: [Record<string, string>, string, string][] = [
      [
        { 'base.yaml': `${BASE}store: { database_url: 'postgres://u:Hunter2Pw@h/db' }\n` },
        'base.yaml',
        'store.database_url',
      ],
      [
        { 'base.yaml': BASE, 'broker.live.yaml': 'venue: { api_key: Hunter2Pw }\n' },
        'broker.live.yaml',
        'venue.api_key',
      ],
      [
        { 'base.yaml': BASE, 'llm.policy.yaml': 'openai: { api_key: Hunter2Pw }\n' },
        'llm.policy.yaml',
        'llm.openai.api_key',
      ],
    ];
    for (const [files, file, field] of cases) {
      const error = await loadError(loadNodeConfig({ dir: configDir(files), mode: 'LIVE', env: {} }));
      expect(error.message).toContain(`${file}: field '${field}'`);
      expect(error.message).not.toContain('Hunter2Pw');
    }
  });

  it('invalid YAML names the file and its line without quoting the text', async () => {
    const dir = configDir({ 'base.yaml': `${BASE}venue: { secret: "Hunter2Pw\n` });
    const error = await loadError(loadNodeConfig({ dir, env: {} }));
    expect(error.message).toMatch(/^base\.yaml: invalid YAML: .*line \d+/);
    expect(error.message).not.toContain('Hunter2Pw');
  });

  it('a bad value names the file that set it', async () => {
    const dir = configDir({ 'base.yaml': BASE, 'risk.yaml': 'limits: { max_position: -1 }\n' });
    const error = await loadError(loadNodeConfig({ dir, env: {} }));
    expect(error.message).toMatch(/^risk\.yaml: field 'risk\.limits\.max_position'/);
  });

  it('an unknown key names the file; a missing field names the directory', async () => {
    const typo = await loadError(loadNodeConfig({ dir: configDir({ 'base.yaml': `${BASE}sede: 1\n` }), env: {} }));
    expect(typo.message).toContain('sede');
    const dir = configDir({ 'base.yaml': 'strategy: { name: ema_cross }\ndata: { path: a.csv }\n' });
    const missing = await loadError(loadNodeConfig({ dir, env: {} }));
    expect(missing.message).toContain(`${dir} (no layer sets it): field 'instrument'`);
  });

  it('a bad variable names the variable; a bad secret never echoes its value', async () => {
    const dir = configDir({ 'base.yaml': BASE, '.env': 'TRADEWIND_VENUE_SANDBOX=maybe\n' });
    const sandbox = await loadError(loadNodeConfig({ dir, env: {} }));
    expect(sandbox.message).toContain(".env TRADEWIND_VENUE_SANDBOX: field 'venue.sandbox'");
    const seed = await loadError(
      loadNodeConfig({ dir: configDir({ 'base.yaml': BASE }), env: { TRADEWIND_SEED: 'x' } }),
    );
    expect(seed.message).toContain("env TRADEWIND_SEED: field 'seed': 'x' is not a number");
    const env = { DATABASE_URL: 'mysql://Hunter2Pw@h/db' };
    const url = await loadError(loadNodeConfig({ dir: configDir({ 'base.yaml': BASE }), env }));
    expect(url.message).toContain("env DATABASE_URL: field 'store.database_url'");
    expect(url.message).not.toContain('Hunter2Pw');
  });

  it('a broker file contradicting its mode, an unknown mode and a missing base.yaml are refused', async () => {
    const dir = configDir({ 'base.yaml': BASE, 'broker.paper.yaml': 'mode: LIVE\n' });
    expect((await loadError(loadNodeConfig({ dir, mode: 'PAPER', env: {} }))).message).toContain(
      "broker.paper.yaml: field 'mode'",
    );
    expect((await loadError(loadNodeConfig({ dir, mode: 'DEMO', env: {} }))).message).toContain(
      "flag --mode: field 'mode': 'DEMO' is not one of SIM, PAPER, LIVE",
    );
    const empty = configDir({ 'risk.yaml': '' });
    expect((await loadError(loadNodeConfig({ dir: empty, env: {} }))).message).toContain('no base.yaml');
  });
});

describe('readEnvFile', () => {
  it('reads NAME=value lines with comments, quotes and export, as dotenv does', async () => {
    const dir = configDir({
      '.env': '# comment\nexport A=1\nB="two words # not a comment"\nC=plain # a comment\nD=\n',
    });
    expect(await readEnvFile(join(dir, '.env'))).toEqual({
      A: '1',
      B: 'two words # not a comment',
      C: 'plain',
      D: '',
    });
  });
});

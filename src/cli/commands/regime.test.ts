import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { type CliResult, ROOT, runCli } from '../../../test/support/run-cli.ts';
import { ConfigError } from '../../runtime/config/load-backtest-config.ts';
import { parseRegimeFlags, type RegimeFlags } from './regime.ts';

const BTC = join(ROOT, 'data', 'samples', 'btc-perp-20211231-20220201_1m.csv');
const BARS = 45_031;

/** Runs the CLI as a child process; the three runs of this file start together to share the start-up cost. */
const tradewind = (...args: string[]): Promise<CliResult> => runCli(args);

interface JsonRun {
  fromIndex: number;
  toIndex: number;
  bars: number;
  state: number;
  label: string;
}

describe('tradewind regime on the BTC-PERP 1-minute sample', () => {
  const out = join(mkdtempSync(join(tmpdir(), 'tradewind-regime-')), 'regimes.csv');
  let table: CliResult;
  let json: CliResult;
  let bad: CliResult;
  beforeAll(async () => {
    [table, json, bad] = await Promise.all([
      tradewind('regime', '--data', BTC, '--states', '3', '--runs', '4'),
      tradewind('regime', '--data', BTC, '--states', '3', '--json', '--out', out),
      tradewind('regime', '--data', BTC, '--states', 'two'),
    ]);
  }, 120_000);

  it('prints the parameter table, the transition matrix and the last --runs runs', () => {
    const { status, stdout, stderr } = table;
    expect(status, stderr).toBe(0);
    const lines = stdout.split('\n');
    const header = lines.findIndex((l) => l.startsWith('state  label'));
    expect(header, stdout).toBeGreaterThan(0);
    for (const column of ['mean/bar', 'σ/bar', 'mean/yr', 'σ/yr', 'stationary', 'duration'])
      expect(lines[header], `column ${column}`).toContain(column);
    const stateRows = lines.slice(header + 1, header + 4);
    expect(stateRows.map((l) => l.split(/\s+/)[1]).sort(), 'one row per state').toEqual(['bear', 'bull', 'range']);
    expect(lines[header + 4], 'a blank line after the three states').toBe('');
    expect(stdout).toMatch(/log-likelihood \d+\.\d+/);
    expect(stdout).toContain('transitions (row: from, column: to)');
    const timelineAt = lines.findIndex((l) => l.startsWith('viterbi timeline'));
    expect(lines[timelineAt]).toMatch(/the last 4 \(--runs/);
    const runRows = lines.slice(timelineAt + 2, timelineAt + 6);
    for (const row of runRows)
      expect(row, 'from, to, state, label, bars, return').toMatch(
        /^ {2}\S+Z\s+\S+Z\s+\d (bull|bear|range)\s+\d+\s+-?\d+\.\d\d%$/,
      );
    expect(lines[timelineAt + 6], 'exactly 4 runs shown').toBe('');
    expect(stdout).toContain('filtered timeline (online, no look-ahead)');
  });

  it('--json holds 3 labelled states and runs covering every bar once; --out writes probabilities summing to 1', () => {
    expect(json.status, json.stderr).toBe(0);
    const report = JSON.parse(json.stdout);
    expect(report.states).toBe(3);
    expect(report.bars).toBe(BARS);
    expect(report.parameters.map((p: { label: string }) => p.label).sort()).toEqual(['bear', 'bull', 'range']);
    expect(report.transitions).toHaveLength(3);
    for (const row of report.transitions as number[][]) expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
    for (const key of ['viterbiRuns', 'filteredRuns'] as const) {
      const runs = report[key] as JsonRun[];
      let next = report.firstModelledIndex;
      for (const run of runs) {
        expect(run.fromIndex, `${key} in order without gaps or overlaps`).toBe(next);
        expect(run.bars).toBe(run.toIndex - run.fromIndex + 1);
        next = run.toIndex + 1;
      }
      expect(next, `${key} reach the last bar`).toBe(BARS);
      expect(runs.reduce((sum, run) => sum + run.bars, 0)).toBe(report.modelledBars);
    }
    const lines = readFileSync(out, 'utf8').trim().split('\n');
    const header = lines[0].split(',');
    expect(header.slice(0, 6)).toEqual([
      'timestamp',
      'close',
      'viterbi_state',
      'viterbi_label',
      'filtered_state',
      'filtered_label',
    ]);
    expect(header.length).toBe(9);
    expect(lines.length - 1, 'one row per modelled bar').toBe(report.modelledBars);
    for (const line of lines.slice(1)) {
      const cells = line.split(',');
      const sum = Number(cells[6]) + Number(cells[7]) + Number(cells[8]);
      expect(sum, line).toBeCloseTo(1, 9);
    }
  });

  it('exits with code 2 naming the flag on a bad value', () => {
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain("--states: 'two' is not a whole number");
  });
});

describe('parseRegimeFlags', () => {
  const defaults: RegimeFlags = {
    states: '3',
    features: 'returns',
    volatilityWindow: '20',
    restarts: '3',
    seed: '1',
    runs: '20',
  };
  const parse = (flags: Partial<RegimeFlags>) => parseRegimeFlags({ ...defaults, ...flags });

  it('turns the flags into runtime options', () => {
    const { options, runs } = parse({
      data: 'bars.csv',
      states: '2',
      features: 'returns,volatility',
      volatilityWindow: '30',
      restarts: '5',
      seed: '42',
      barsPerYear: '252',
      from: '2020-01-01',
      runs: '7',
    });
    expect(runs).toBe(7);
    expect(options).toMatchObject({
      data: 'bars.csv',
      states: 2,
      features: ['returns', 'volatility'],
      volatilityWindow: 30,
      restarts: 5,
      seed: 42,
      barsPerYear: 252,
      from: Date.UTC(2020, 0, 1),
    });
  });

  it.each([
    [{ states: '0' }, '--states'],
    [{ features: 'volatility' }, '--features'],
    [{ features: 'returns,returns' }, '--features'],
    [{ features: 'returns,volume' }, '--features'],
    [{ volatilityWindow: '1' }, '--volatility-window'],
    [{ restarts: '1.5' }, '--restarts'],
    [{ seed: 'x' }, '--seed'],
    [{ barsPerYear: '-1' }, '--bars-per-year'],
    [{ runs: '-1' }, '--runs'],
    [{ timeframe: '1 minute' }, '--timeframe'],
    [{ format: 'xml' }, '--format'],
    [{ from: '2020-02-01', to: '2020-01-01' }, '--to'],
  ] as const)('rejects %o naming %s', (flags, flag) => {
    expect(() => parse(flags)).toThrow(ConfigError);
    expect(() => parse(flags)).toThrow(flag);
  });
});

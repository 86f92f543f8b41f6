import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { type CliResult, runCli } from '../../test/support/run-cli.ts';
import { formatRiskSummary } from './format-metrics-table.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SAMPLE = join(ROOT, 'data', 'samples', 'btc-perp-20211231-20220201_1m.csv');

function tradewind(...args: string[]): Promise<CliResult> {
  return runCli(args);
}

/** A config file: the real BTC-PERP sample, EMA 60/240 long and short 0.15 BTC, a 0.4% daily drawdown rail (60-minute cooldown). */
function configFile(dir: string): string {
  const file = join(dir, 'config.yaml');
  writeFileSync(
    file,
    [
      'strategy: { name: ema_cross, params: { fast_period: 60, slow_period: 240, quantity: 0.15, mode: long_short } }',
      `data: { path: ${JSON.stringify(SAMPLE)}, volume_unit: quote }`,
      'instrument: { symbol: BTC-PERP, venue: FTX, kind: perpetual, base_currency: BTC, quote_currency: USD, price_increment: 1, size_increment: 0.0001 }',
      'account: { type: margin, starting_cash: 100000 }',
      'risk: { daily_drawdown: { limit: 0.004, cooldown_minutes: 60 } }',
      '',
    ].join('\n'),
  );
  return file;
}

describe('tradewind backtest prints the risk counts', () => {
  it('adds one line with the halts and denials of a run that halts, naming risk.log.jsonl', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tradewind-risk-cli-'));
    const out = join(dir, 'run');
    const { status, stdout, stderr } = await tradewind('backtest', '--config', configFile(dir), '--out', out);
    expect(status, stderr).toBe(0);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    expect(summary.trading_halts, 'the rail fires in January 2022').toBeGreaterThan(1);
    const counted = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;
    const line =
      `risk: ${counted(summary.trading_halts, 'halt', 'halts')}, ${counted(summary.orders_denied, 'order denied', 'orders denied')} ` +
      `(${counted(summary.risk_events, 'risk event', 'risk events')}) — see ${join(out, 'risk.log.jsonl')}`;
    expect(stdout.split('\n'), 'one line, after the metrics').toContain(line);
    const log = readFileSync(join(out, 'risk.log.jsonl'), 'utf8');
    expect(log.trim().split('\n').length, 'the log it names holds every event').toBe(summary.risk_events);
  });

  it('prints no risk line when there were no risk events', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tradewind-risk-cli-'));
    const config = configFile(dir);
    writeFileSync(config, readFileSync(config, 'utf8').replace(/^risk:.*$/m, ''));
    const { status, stdout, stderr } = await tradewind('backtest', '--config', config, '--out', join(dir, 'run'));
    expect(status, stderr).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'run', 'summary.json'), 'utf8')).risk_events, 'no rail, no events').toBe(
      0,
    );
    expect(stdout).not.toMatch(/^risk:/m);
    expect(stdout, 'the rest is printed as before').toMatch(/^report: /m);
  });
});

describe('formatRiskSummary', () => {
  it('counts in words, singular and plural, and says nothing without events', async () => {
    expect(formatRiskSummary({ risk_events: 17, orders_denied: 14, trading_halts: 1 })).toBe(
      'risk: 1 halt, 14 orders denied (17 risk events) — see risk.log.jsonl',
    );
    expect(formatRiskSummary({ risk_events: 1, orders_denied: 1, trading_halts: 0 }, 'runs/x/risk.log.jsonl')).toBe(
      'risk: 0 halts, 1 order denied (1 risk event) — see runs/x/risk.log.jsonl',
    );
    expect(formatRiskSummary({ risk_events: 12_345, orders_denied: 12_000, trading_halts: 170 })).toBe(
      'risk: 170 halts, 12,000 orders denied (12,345 risk events) — see risk.log.jsonl',
    );
    expect(formatRiskSummary({ risk_events: 0, orders_denied: 0, trading_halts: 0 })).toBeUndefined();
  });
});

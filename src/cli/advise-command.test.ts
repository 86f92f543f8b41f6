import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../test/support/run-cli.ts';

describe('tradewind advise, policy, audit verify and backtest --policy', () => {
  it('advises, waits for a person, applies the approval, audits the chain, carries the policy and catches tampering', async () => {
    const tmp = mkdtempSync(join(tmpdir(), 'tw-advise-cli-'));
    const run = join(tmp, 'orcl');
    const sqlite = join(tmp, 'state.db');
    const backtest = await runCli(['backtest', '--config', 'examples/orcl-sma.yaml', '--out', run]);
    expect(backtest.status, backtest.stderr).toBe(0);
    const llm = join(tmp, 'llm.policy.yaml');
    // The whole run as the window; pause below a Sharpe of 10 after one trade: the rule fires on any real run.
    writeFileSync(llm, 'window_days: 6000\nauto_approve: false\nthresholds: { pause_sharpe: 10, min_trades: 1 }\n');
    const flags = ['--run', run, '--llm', llm, '--sqlite', sqlite];

    const advised = await runCli(['advise', ...flags]);
    expect(advised.status, advised.stderr).toBe(0);
    expect(advised.stdout, 'the tables come first').toMatch(/\|/);
    expect(advised.stdout).toMatch(/pending_approval\s+pause_strategy/);
    expect(advised.stdout).toContain('tradewind policy approve m1.1');

    const approved = await runCli(['policy', 'approve', 'm1.1', ...flags, '--by', 'alice']);
    expect(approved.status, approved.stderr).toBe(0);
    expect(approved.stdout).toMatch(/applied\s+pause_strategy: pause sma_cross/);
    const listed = await runCli(['policy', 'list', '--run', run, '--llm', llm]);
    expect(listed.stdout).toMatch(/strategy sma_cross: paused by rule_based/);
    expect(listed.stdout).toContain('no change waits for approval');

    const verified = await runCli(['audit', 'verify', '--run', run, '--sqlite', sqlite]);
    expect(verified.status, verified.stderr).toBe(0);
    expect(verified.stdout).toMatch(/orcl: files ok, 2 memos/);
    expect(verified.stdout).toMatch(/orcl: store ok, .* holds the same 2 memos/);

    const carried = await runCli([
      'backtest',
      '--config',
      join(run, 'config.yaml'),
      '--policy',
      run,
      '--out',
      join(tmp, 'next'),
    ]);
    expect(carried.status, 'pausing the only strategy leaves nothing to run').toBe(2);
    expect(carried.stderr).toMatch(/pauses sma_cross \(by rule_based\), the only strategy/);

    const days = join(run, 'logs', 'llm_decisions');
    const file = readdirSync(days)
      .map((name) => join(days, name))
      .find((path) => readFileSync(path, 'utf8').includes('"approvedBy":"alice"')) as string;
    writeFileSync(file, readFileSync(file, 'utf8').replace('"approvedBy":"alice"', '"approvedBy":"mallory"'));
    const tampered = await runCli(['audit', 'verify', '--run', run, '--sqlite', sqlite]);
    expect(tampered.status).toBe(3);
    expect(tampered.stderr).toMatch(/broken: .*\.jsonl:\d+ \(edited\)/);
    const refused = await runCli(['advise', ...flags]);
    expect(refused.status, 'no advice on a tampered trail').toBe(3);
  }, 120_000);

  it('advises a paper run kept in the store: tables from the store, memos in the logs folder and the store', async () => {
    const tmp = mkdtempSync(join(tmpdir(), 'tw-advise-store-'));
    const sqlite = join(tmp, 'state.db');
    const logs = join(tmp, 'logs');
    const paper = await runCli([
      'paper',
      '--dir',
      'examples/node',
      '--replay',
      '--to',
      '2022-01-10',
      '--speed',
      'max',
      '--sqlite',
      sqlite,
      '--logs',
      logs,
      '--out',
      join(tmp, 'out'),
    ]);
    expect(paper.status, paper.stderr).toBe(0);
    const runId = /stored as run (\S+)/.exec(paper.stdout)?.[1] as string;
    expect(runId).toMatch(/^paper-/);

    const advised = await runCli(['advise', '--run', runId, '--sqlite', sqlite, '--logs', logs]);
    expect(advised.status, advised.stderr).toBe(0);
    expect(advised.stdout).toContain(`# Run ${runId} (PAPER)`);
    expect(advised.stdout, 'PAPER applies at once with auto_approve').toMatch(
      /memo m1 · advice · .* · PAPER · by rule_based/,
    );

    const verified = await runCli(['audit', 'verify', '--logs', logs, '--sqlite', sqlite]);
    expect(verified.status, verified.stderr).toBe(0);
    expect(verified.stdout).toContain(`${runId}: files ok, 1 memos`);
    expect(verified.stdout).toMatch(new RegExp(`${runId}: store ok, .* holds the same 1 memos`));
    const unknown = await runCli(['advise', '--run', 'paper-nope', '--sqlite', sqlite, '--logs', logs]);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/the store has no such run/);
  }, 120_000);
});

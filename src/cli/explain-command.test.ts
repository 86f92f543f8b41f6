import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../test/support/run-cli.ts';
import { loadRunExplanations } from '../runtime/explain/explain-run.ts';
import { FILL_HEADER, T, writeFixture } from '../runtime/explain/explain-test-run.ts';

// A hand-written run directory without explanations.jsonl (as runs written before explanations):
// the command explains it from its CSV and log files.
describe('tradewind explain', () => {
  it('prints a trade, a day as JSON, and every day by default', async () => {
    const dir = writeFixture();
    const expected = await loadRunExplanations(dir);

    const trade = await runCli(['explain', '--run', dir, '--trade', '3'], { timeoutMs: 60_000 });
    expect(trade.stderr).toBe('');
    expect(trade.status).toBe(0);
    expect(trade.stdout).toBe(`${expected.trades[2]!.text}\n`);

    const day = await runCli(['explain', '--run', dir, '--day', '2024-01-02', '--json'], { timeoutMs: 60_000 });
    expect(day.status).toBe(0);
    expect(JSON.parse(day.stdout)).toEqual(expected.days[1]);

    const days = await runCli(['explain', '--run', dir], { timeoutMs: 60_000 });
    expect(days.status).toBe(0);
    expect(days.stdout).toBe(`${expected.days.map((d) => d.text).join('\n')}\n`);
  }, 120_000);

  it('exits 2 on an unknown trade, a missing run and a malformed file, naming what is wrong', async () => {
    const dir = writeFixture();
    const { trades } = await loadRunExplanations(dir);
    const unknown = await runCli(['explain', '--run', dir, '--trade', '999'], { timeoutMs: 60_000 });
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain(`error: run ${dir} has ${trades.length} trades; --trade 999 `);

    const missing = await runCli(['explain', '--run', 'no-such-run-id-0000'], { timeoutMs: 60_000 });
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('error: --run no-such-run-id-0000: no such run directory');

    writeFileSync(join(dir, 'fills.csv'), `${FILL_HEADER}\n${T(1, 0)},o1,V,T,X.SIM,hold,1,100,0.1,USD,taker,0\n`);
    const malformed = await runCli(['explain', '--run', dir, '--trade', '1'], { timeoutMs: 60_000 });
    expect(malformed.status).toBe(2);
    expect(malformed.stderr).toContain(`error: ${join(dir, 'fills.csv')}:2: side "hold" is neither buy nor sell`);
  }, 120_000);
});

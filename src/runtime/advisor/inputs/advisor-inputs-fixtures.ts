import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runBacktest } from '../../backtest/run-backtest.ts';
import { runFiles } from '../../backtest/run-files.ts';
import { writeRunDirectory } from '../../backtest/write-run-directory.ts';
import { type BacktestConfigInput, backtestConfig } from '../../config/backtest-config.ts';
import { DEFAULT_BACKTEST_CONFIG } from '../../config/default-backtest-config.ts';

/** The repository's real BTC-PERP month (data/samples). */
export const BTC_PERP_MONTH = fileURLToPath(
  new URL('../../../../data/samples/btc-perp-20211231-20220201_1m.csv', import.meta.url),
);

/** The embedded default on the real sample, with `overrides` on top (11 days unless a period is given). */
export function sampleConfig(overrides: Partial<BacktestConfigInput> = {}): BacktestConfigInput {
  return {
    ...DEFAULT_BACKTEST_CONFIG,
    data: { ...DEFAULT_BACKTEST_CONFIG.data, path: BTC_PERP_MONTH },
    period: { to: '2022-01-12' },
    ...overrides,
  };
}

/** Runs a backtest in-process and writes its run directory as `tradewind backtest --out` does; returns the directory. */
export async function writeBacktestRun(config: BacktestConfigInput, name: string, parent?: string): Promise<string> {
  const run = await runBacktest(backtestConfig.parse(config), { baseDir: '.' });
  const dir = join(parent ?? mkdtempSync(join(tmpdir(), 'tradewind-advisor-inputs-')), name);
  await writeRunDirectory(dir, runFiles(run, name, '2024-01-01T00:00:00.000Z'), 'fixture');
  return dir;
}

/** A run file's CSV rows as records by header name (the fixtures' cells hold no quoted commas where the tests look). */
export function csvRows(path: string): Record<string, string>[] {
  const [header, ...lines] = readFileSync(path, 'utf8').trim().split('\n');
  const names = header!.split(',');
  return lines.map((line) => {
    const cells = line.split(',');
    return Object.fromEntries(names.map((n, i) => [n, cells[i] ?? '']));
  });
}

/** A JSON Lines file's objects. */
export function jsonLines(path: string): Record<string, unknown>[] {
  const text = readFileSync(path, 'utf8').trim();
  return text === '' ? [] : text.split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
}
